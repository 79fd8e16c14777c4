// End to end: `npm run bot` as a child process on 127.0.0.1, signed webhooks over HTTP, and the
// GitHub API served by a stub on 127.0.0.1 that the app reaches through GHE_HOST, as it would a
// GitHub Enterprise Server. Needs the build (`npm test` builds first).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitHubStub, type GitHubStub } from './github-stub.js';
import { startBot, type BotProcess } from './e2e-app.js';
import { incidentBody, payload } from './harness.js';
import { liveMarkup } from '../render/live-markup.js';

const SECRET = 'e2e-webhook-secret';
const APP_ID = 424242;

let stub: GitHubStub;
let bot: BotProcess;

beforeAll(async () => {
  stub = await startGitHubStub({ appId: APP_ID, botLogin: 'ktriage-e2e[bot]' });
  bot = await startBot(stub, { appId: APP_ID, secret: SECRET });
}, 60_000);

afterAll(async () => {
  bot?.stop();
  await stub?.close();
});

describe('npm run bot against a GitHub API stub reached through GHE_HOST', () => {
  it('rejects a webhook with a wrong signature without touching the API', async () => {
    const before = stub.requests.length;
    const event = payload('issues.opened');
    event['issue'].body = incidentBody();
    const response = await bot.deliver('issues', event, { secret: 'not-the-secret' });
    expect(response.status).toBe(400);
    expect(stub.requests.length).toBe(before);
    expect(stub.comments).toEqual([]);
  });

  it('answers an incident issue with one comment holding the findings, and updates it on /analyze', async () => {
    const opened = payload('issues.opened');
    opened['issue'].body = incidentBody();
    const response = await bot.deliver('issues', opened);
    expect(response.status).toBeLessThan(300);
    const comment = await bot.waitFor('the report comment', () => stub.comments[0]);
    expect(stub.comments).toHaveLength(1);
    // Authenticated as the installation, through the GHES API prefix.
    expect(stub.requests.some((r) => r.method === 'POST' && r.path === `/app/installations/${opened['installation'].id}/access_tokens`)).toBe(true);
    const issueCalls = stub.requests.filter((r) => r.path.startsWith('/repos/'));
    expect(issueCalls.every((r) => r.authorization === `token ghs_stub_installation_${opened['installation'].id}`)).toBe(true);

    const body = comment.body;
    expect(body.startsWith('<!-- ktriage:report -->')).toBe(true);
    expect(body).toMatch(/CPU 65\b/);
    expect(body).toMatch(/CPU 65 → CPU 0\b/);
    expect(body).toMatch(/flags 0x3\b/);
    expect(body).toMatch(/Transition to Non-recoverable" at 2024-03-27T12:48:44Z/);
    expect(body).toMatch(/\(1 s before\)/);
    const firstBody = body;

    // A later command from the issue author: eyes, the same comment updated, then rocket.
    const command = payload('issue_comment.created');
    command['issue'].body = opened['issue'].body;
    command['comment'].body = '/analyze --bmc-utc-offset +00:00';
    stub.comments.unshift({ ...command['comment'], issue_number: 42, performed_via_github_app: null });
    const commanded = await bot.deliver('issue_comment', command);
    expect(commanded.status).toBeLessThan(300);
    await bot.waitFor('the rocket reaction', () => stub.reactions.find((r) => r.content === 'rocket'));
    expect(stub.reactions.map((r) => r.content)).toEqual(['eyes', 'rocket']);
    expect(stub.reactions.every((r) => r.commentId === command['comment'].id)).toBe(true);
    const ours = stub.comments.filter((c) => c.user.type === 'Bot');
    expect(ours).toHaveLength(1);
    expect(ours[0]!.id).toBe(comment.id);
    expect(stub.requests.some((r) => r.method === 'PATCH' && r.path.endsWith(`/issues/comments/${comment.id}`))).toBe(true);
    expect(ours[0]!.body).toMatch(/\| BMC \| \+00:00 \| option \|/);
    expect(ours[0]!.body).not.toEqual(firstBody);
    expect(ours[0]!.body).toMatch(/CPU 65 → CPU 0\b/);
  });

  it('posts nothing live from hostile log text: task names, mutex owners, headings and file names stay inert', async () => {
    const hostile = (who: string) => `@${who} <img src=x> </details> #1 https://github.com/o/r/issues/5`;
    const opened = payload('issues.opened');
    opened['issue'].body = [
      `### console from ${hostile('alice')}`,
      '',
      '```text',
      '[  100.000000] INFO: task waiter0:300 blocked for more than 122 seconds.',
      `[  100.000001] INFO: task waiter0:300 is blocked on a mutex likely owned by task ${hostile('bob')}:500.`,
      `[  130.000000] watchdog: BUG: soft lockup - CPU#3 stuck for 22s! [${hostile('carol')}:4242]`,
      '```',
      '',
      `Attached: [${hostile('dave')} kern.log](https://github.com/user-attachments/files/1/kern.log)`,
      `and [${hostile('erin')}.log](https://${stub.host}/dc-ops/fleet-incidents/files/2/x.log)`,
    ].join('\n');
    const before = stub.comments.find((c) => c.user.type === 'Bot')?.body;
    const response = await bot.deliver('issues', opened);
    expect(response.status).toBeLessThan(300);
    const comment = await bot.waitFor('the report on the hostile issue', () => stub.comments.find((c) => c.user.type === 'Bot' && c.body !== before && c.body.includes('waiter0')));
    const body = comment.body;
    // Every hostile string reached the comment (escaped), and none of it is live.
    for (const who of ['alice', 'bob', 'carol', 'dave', 'erin']) expect(body).toContain(`@\u200d${who}`);
    expect(body).toContain('**Who waits on whom**');
    expect(liveMarkup(body)).toEqual([]);
  });
});
