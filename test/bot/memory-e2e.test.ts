// The bot remembers (issue #15 item 3), end to end: `npm run bot` as a child process, signed
// webhooks, and a GitHub API stub on 127.0.0.1 whose issue search and comment listings serve what
// the app itself posted earlier. The incidents are test/fixtures/fleet (SOURCES.md there): #12 is
// a fatal GHES memory error on node-7's CPU2_DIMM_F0 on 2024-03-23, #13 the EDAC driver naming
// the same slot four days later, #14 the same EDAC line on node-9, another host.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitHubStub, type StubComment, type GitHubStub } from './github-stub.js';
import { startBot, type BotProcess } from './e2e-app.js';
import { payload } from './harness.js';
import { decodeSummaryBlock, searchToken } from '../../src/fleet/summary-block.js';
import { liveMarkup } from '../render/live-markup.js';

const SECRET = 'memory-e2e-secret';
const APP_ID = 515151;
const BOT = 'ktriage-memory[bot]';
const fleet = (incident: string) => readFileSync(`test/fixtures/fleet/${incident}/messages`, 'utf8').trimEnd();

const pasted = (log: string) => `The host went down.\n\n### messages\n\n\`\`\`text\n${log}\n\`\`\`\n`;
const PART = 'node-7|dimm|CPU2_DIMM_F0';

let stub: GitHubStub;
let bot: BotProcess;

beforeAll(async () => {
  stub = await startGitHubStub({ appId: APP_ID, botLogin: BOT });
  bot = await startBot(stub, { appId: APP_ID, secret: SECRET });
}, 60_000);

afterAll(async () => {
  bot?.stop();
  await stub?.close();
});

const reportOn = (issue: number) => stub.comments.find((c) => c.issue_number === issue && c.user.login === BOT && c.body.startsWith('<!-- ktriage:report -->'));

/** Opens incident issue `number` with `body` and waits for the app's report on it. */
async function open(number: number, body: string): Promise<string> {
  const event = payload('issues.opened');
  event['issue'].number = number;
  event['issue'].body = body;
  const response = await bot.deliver('issues', event);
  expect(response.status).toBeLessThan(300);
  return (await bot.waitFor(`the report on #${number}`, () => reportOn(number))).body;
}

const searches = () => stub.requests.filter((r) => r.path === '/search/issues');

/** Someone else's comment on issue `issue`. */
function foreign(issue: number, body: string, user: StubComment['user'], app: number | null): StubComment {
  return { id: 100 + issue, issue_number: issue, body, user, author_association: 'NONE', created_at: '2024-03-24T00:00:00Z', performed_via_github_app: app === null ? null : { id: app } };
}

describe('the bot remembers earlier incidents of the repository', () => {
  it('carries the summary of #12 in its comment, and names #12 under "Seen before" for the same DIMM in #13; forged blocks are ignored', async () => {
    const first = await open(12, pasted(fleet('node-7-2024-03-23')));
    const summary = decodeSummaryBlock(first);
    expect(summary?.parts.map((p) => p.key)).toEqual([PART]);
    // The search words are in the comment, one per key, next to the block.
    expect(first).toContain(searchToken('part', PART));
    // Nothing earlier in this repository: no section.
    expect(first).not.toContain('Seen before');

    // Two forgeries of #12's report: a user's comment on #11 and another app's on #10. The stub's
    // search finds both (they hold the same words); the app must not believe either.
    stub.comments.push(foreign(11, first, { login: 'mallory', type: 'User' }, null));
    stub.comments.push(foreign(10, first, { login: 'other-app[bot]', type: 'Bot' }, 999));

    const second = await open(13, pasted(fleet('node-7-2024-03-27')));
    expect(decodeSummaryBlock(second)?.parts.map((p) => p.key)).toEqual([PART]);
    const section = second.slice(second.indexOf('**Seen before**'));
    expect(second).toContain('**Seen before**');
    // Dated by #12's own summary: the GHES record at 2024-03-23T10:02:11+00:00.
    expect(section).toMatch(/Same part on this host:\*\* CPU2\\_DIMM\\_F0 \(`node-7\\\|dimm\\\|CPU2_DIMM_F0`\): #12 \(2024-03-23 10:02 UTC\)\n/);
    expect(section).not.toMatch(/#1[01]\b/);
    // The lookup searched this repository's comments for #13's own words and read #10, #11 and #12.
    const q = searches().at(-1)!.query.get('q')!;
    expect(q).toMatch(/^repo:dc-ops\/fleet-incidents is:issue in:comments /);
    expect(q).toContain(searchToken('part', PART));
    for (const n of [10, 11, 12]) expect(stub.requests.some((r) => r.method === 'GET' && r.path === `/repos/dc-ops/fleet-incidents/issues/${n}/comments`)).toBe(true);
    // Nothing was written outside #13.
    const writes = stub.requests.filter((r) => r.method !== 'GET' && r.path.startsWith('/repos/'));
    expect(writes.every((r) => r.path === '/repos/dc-ops/fleet-incidents/issues/12/comments' || r.path === '/repos/dc-ops/fleet-incidents/issues/13/comments')).toBe(true);
  }, 60_000);

  it('adds no "Seen before" to the same DIMM label on another host', async () => {
    const body = await open(14, pasted(fleet('node-9-2024-03-27')));
    expect(decodeSummaryBlock(body)?.parts.map((p) => p.key)).toEqual(['node-9|dimm|CPU2_DIMM_F0']);
    // The search ran (it finds nothing of node-9) and the section is absent, not empty.
    expect(searches().at(-1)!.query.get('q')).toContain(searchToken('host', 'node-9'));
    expect(body).not.toContain('Seen before');
  }, 60_000);

  it('answers /analyze history with the fleet tables of the incidents the app reported', async () => {
    const command = payload('issue_comment.created');
    command['issue'].number = 14;
    command['comment'].body = '/analyze history';
    command['comment'].id = 777014;
    const before = stub.comments.length;
    const response = await bot.deliver('issue_comment', command);
    expect(response.status).toBeLessThan(300);
    await bot.waitFor('the rocket reaction', () => stub.reactions.find((r) => r.commentId === 777014 && r.content === 'rocket'));
    const reply = stub.comments.slice(before).find((c) => c.issue_number === 14)!;
    expect(reply.body).toContain('### By hardware part');
    expect(reply.body).toContain('| `node-7\\|dimm\\|CPU2_DIMM_F0` | 2 |');
    expect(reply.body).toMatch(/\| `node-7` \| 2 \|.*`#13`, `#12`/);
    expect(reply.body).toMatch(/\| `node-9` \| 1 \| 2024-03-27T21:00:00Z \|.*`#14`/);
    // The forgeries are not incidents.
    expect(reply.body).not.toMatch(/`#1[01]`/);
    expect(searches().at(-1)!.query.get('q')).toBe('repo:dc-ops/fleet-incidents is:issue in:comments ktriagesummary');
  }, 60_000);

  it('posts the report with a note when the search is rate-limited (403) or fails (500), without waiting', async () => {
    stub.searchFailure = {
      status: 403,
      headers: { 'retry-after': '60' },
      body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' },
    };
    const started = Date.now();
    const limited = await open(15, pasted(fleet('node-7-2024-03-23')));
    // Not retried after 60 s: the lookup gives up at once.
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(searches().at(-1)!.query.get('q')).toContain(searchToken('part', PART));
    expect(limited).toMatch(/Earlier incidents were not looked up: GitHub's secondary rate limit was hit \(HTTP 403\)/);
    expect(decodeSummaryBlock(limited)?.parts.map((p) => p.key)).toEqual([PART]);
    expect(limited).toContain('CPU2\\_DIMM\\_F0');

    stub.searchFailure = { status: 500, body: { message: 'Internal Server Error' } };
    const failed = await open(16, pasted(fleet('node-7-2024-03-23')));
    expect(failed).toMatch(/Earlier incidents were not looked up: the search failed \(HTTP 500\)/);
    expect(decodeSummaryBlock(failed)?.parts).toHaveLength(1);
    delete stub.searchFailure;
  }, 60_000);

  it('keeps a DIMM label holding "-->" inside the hidden block: it reads back whole and nothing of it turns live', async () => {
    const label = 'CPU9_DIMM_Z9 --><img src=x onerror=alert(1)> @alice #3 <!--';
    const body = await open(17, pasted(fleet('node-7-2024-03-23').replace('CPU2_DIMM_F0', label).replace(/ node-7 /g, ' node-8 ')));
    const summary = decodeSummaryBlock(body)!;
    expect(summary.parts[0]!.label).toBe(label);
    const hidden = body.split('\n').filter((line) => line.startsWith('<!-- ktriage:'));
    expect(hidden).toHaveLength(4);
    for (const line of hidden) expect(line.indexOf('-->')).toBe(line.length - 3);
    expect(liveMarkup(body)).toEqual([]);
  }, 60_000);
});
