// Untrusted input through the whole app: links the app must not follow, attachments GitHub
// will not hand over, and log text that tries to ping people or break out of its block.
import nock from 'nock';
import { beforeEach, describe, expect, it } from 'vitest';
import { API, expectCreate, harness, isolateNetwork, noConfig, payload, type Harness } from './harness.js';
import { outsideCode } from '../render/live-markup.js';

let h: Harness;
const net = isolateNetwork();

beforeEach(async () => {
  h = await harness();
});

/** Config lookups, both listings, the create and its re-check; the body lands in `posted`. */
function report(scope: nock.Scope, posted: { body?: string }): nock.Scope {
  return expectCreate(noConfig(scope), posted);
}

/** Markdown outside code, where GitHub would act on mentions and HTML. */
function outsideFences(markdown: string): string {
  const { visible, unclosedFence } = outsideCode(markdown);
  expect(unclosedFence, 'every fence the comment opens is closed by the comment itself').toBe(false);
  return visible;
}

describe('attachments in a private repository', () => {
  it('tries the download with the installation token, and on 404 explains how to provide the file', async () => {
    const event = payload('issues.opened');
    event['repository'].private = true;
    event['issue'].body = 'Console attached: [console-node2.log](https://github.com/user-attachments/files/18344521/console-node2.log)';
    const posted: { body?: string } = {};
    const scope = report(nock(API), posted);
    const web = nock('https://github.com', { reqheaders: { authorization: 'token test' } })
      .get('/user-attachments/files/18344521/console-node2.log')
      .reply(404, 'Not Found');
    await h.receive('issues.opened', event);
    expect(scope.pendingMocks()).toEqual([]);
    expect(web.pendingMocks()).toEqual([]);
    expect(net.unmatched).toEqual([]);
    const body = posted.body!;
    expect(body).toContain('> [!WARNING]');
    expect(body).toContain('GitHub does not let apps download attachments in private repositories');
    expect(body).toContain('paste the relevant part into a comment inside a fenced code block');
    expect(body).toContain('commit the file to this repository and link it');
    expect(body).toContain('run the ktriage GitHub Action');
    expect(body).toMatch(/\| ⚠️ not downloaded \| console-node2\.log \| attachment \| issue body \| HTTP 404 \|/);
  });

  it('downloads a public attachment through its redirect to GitHub object storage, without the token', async () => {
    const event = payload('issues.opened');
    event['issue'].body = '[sel.txt](https://github.com/user-attachments/files/18344522/sel.txt)';
    const posted: { body?: string } = {};
    const scope = report(nock(API), posted);
    const web = nock('https://github.com', { badheaders: ['authorization'] })
      .get('/user-attachments/files/18344522/sel.txt')
      .reply(302, '', { location: 'https://objects.githubusercontent.com/github-production-repository-file-5c1aeb/18344522?X-Amz-Signature=abc' });
    const objects = nock('https://objects.githubusercontent.com', { badheaders: ['authorization'] })
      .get('/github-production-repository-file-5c1aeb/18344522')
      .query(true)
      .reply(200, ' 146 | 03/27/2024 | 12:48:44 | Memory #0xeb | Transition to Non-recoverable | Asserted\n');
    await h.receive('issues.opened', event);
    expect([...scope.pendingMocks(), ...web.pendingMocks(), ...objects.pendingMocks()]).toEqual([]);
    expect(posted.body).toMatch(/\| ✅ analysed \| sel\.txt \| attachment \| issue body \| .*1 line/);
  });
});

describe('links that would lend the app\'s token elsewhere (issue #16 item 4)', () => {
  it('fetch another repository\'s attachment without the token, and never touch another port of github.com', async () => {
    const event = payload('issues.opened');
    event['repository'].private = true;
    event['issue'].body = [
      'Theirs: [secret.log](https://github.com/other-org/secret-repo/files/77/secret.log)',
      'Ours: [ours.log](https://github.com/dc-ops/fleet-incidents/files/78/ours.log)',
      'Port: [port.log](https://github.com:8443/user-attachments/files/79/port.log)',
    ].join('\n');
    const posted: { body?: string } = {};
    const scope = report(nock(API), posted);
    const theirs = nock('https://github.com', { badheaders: ['authorization'] }).get('/other-org/secret-repo/files/77/secret.log').reply(404, 'Not Found');
    const ours = nock('https://github.com', { reqheaders: { authorization: 'token test' } }).get('/dc-ops/fleet-incidents/files/78/ours.log').reply(200, '[  1.000000] hello\n');
    await h.receive('issues.opened', event);
    expect([...scope.pendingMocks(), ...theirs.pendingMocks(), ...ours.pendingMocks()]).toEqual([]);
    // nock lists every request it could not match: nothing went to github.com:8443.
    expect(net.unmatched).toEqual([]);
    const body = posted.body!;
    expect(body).toMatch(/\| ⚠️ not downloaded \| secret\.log \| attachment \| issue body \| HTTP 404 \(an attachment of other-org\/secret-repo, fetched without the app's token\) \|/);
    expect(body).toMatch(/\| ✅ analysed \| ours\.log \| attachment \|/);
    expect(body).toMatch(/\| ⏭️ skipped \| port\.log \| link \| issue body \| github\.com:8443 is not on the allowlist/);
  });
});

describe('links outside the allowlist', () => {
  it('are listed as not fetched, and never requested', async () => {
    const event = payload('issues.opened');
    event['issue'].body = [
      'Logs: https://evil.example.com/console.log and [sel](https://files.example.org/dump/sel.txt.gz)',
      'Also [plain http](http://github.com/user-attachments/files/1/x.log), and [redirecting](https://github.com/user-attachments/files/18344523/console.log).',
    ].join('\n');
    const posted: { body?: string } = {};
    const scope = report(nock(API), posted);
    const web = nock('https://github.com').get('/user-attachments/files/18344523/console.log').reply(302, '', { location: 'https://evil.example.com/stolen' });
    await h.receive('issues.opened', event);
    expect([...scope.pendingMocks(), ...web.pendingMocks()]).toEqual([]);
    // nock reports every attempted request it could not match: none went to another host.
    expect(net.unmatched).toEqual([]);
    const body = posted.body!;
    expect(body).toMatch(/\| ⏭️ skipped \| console\.log \| link \| issue body \| evil\.example\.com is not on the allowlist of GitHub hosts, so it was not fetched \|/);
    expect(body).toMatch(/\| ⏭️ skipped \| sel \| link \| issue body \| files\.example\.org is not on the allowlist/);
    expect(body).toMatch(/\| ⏭️ skipped \| plain http \| link \| issue body \| not an https link, so not fetched \|/);
    expect(body).toMatch(/\| ⚠️ not downloaded \| redirecting \| attachment \| issue body \| redirected to https\u200d:\/\/evil\.example\.com, which is not an allowlisted https GitHub host \|/);
    // The URL is named, not linked: no live link to the host that tried to take the download.
    expect(body).not.toMatch(/https:\/\/evil/);
  });
});

describe('log text that tries to ping or inject markup', () => {
  it('is rendered inert: no live @mention, #ref or </details>, and no fence it can close', async () => {
    const event = payload('issues.opened');
    event['issue'].body = [
      '### console from @someone </details> #1',
      '',
      '```',
      '[  211.430012] watchdog: BUG: soft lockup - CPU#3 stuck for 22s! [@someone</details>:4242]',
      '[  211.430020] note for @someone: see #123 </details><img src=x onerror=alert(1)>',
      '```',
      '```',
      '[  211.430030] still pasted text after a line that was only a fence',
      '```',
      'Attached: [@someone </details> ``` GH-77](https://github.com/user-attachments/files/18344524/dmesg.txt)',
    ].join('\n');
    const posted: { body?: string } = {};
    const scope = report(nock(API), posted);
    nock('https://github.com')
      .get('/user-attachments/files/18344524/dmesg.txt')
      .reply(200, '[  212.000000] hello @someone </details>\n```\n[  212.000001] <details><summary>@someone</summary>\n');
    await h.receive('issues.opened', event);
    expect(scope.pendingMocks()).toEqual([]);
    const visible = outsideFences(posted.body!);
    expect(visible).not.toMatch(/@someone/);
    expect(visible).not.toMatch(/#123|#1\b|GH-77/i);
    expect(visible).not.toMatch(/<img/);
    const opens = visible.match(/<details>/g)?.length ?? 0;
    const closes = visible.match(/<\/details>/g)?.length ?? 0;
    expect(closes).toBe(opens);
    expect(visible).toContain('console from @\u200dsomeone');
    const attachmentRow = visible.split('\n').find((line) => line.includes('| attachment |'));
    expect(attachmentRow).toMatch(/^\| ✅ analysed \| @\u200dsomeone [^|]*details[^|]* \| attachment \|/);
    expect(attachmentRow).not.toMatch(/[<>]|(^|[^\\])`/);
  });
});
