// The rest of the app's promises, each through a real Probot instance and nock: archives
// bounded, files read through the contents API, verdict labels, failures that end in a
// comment, and secondary rate limits retried.
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import nock from 'nock';
import { beforeEach, describe, expect, it } from 'vitest';
import { Probot } from 'probot';
import { BotOctokit, onSecondaryRateLimit } from '../../bot/octokit.js';
import { API, expectCreate, harness, incidentBody, isolateNetwork, listings, noConfig, payload, REPO, withConfig, type Harness } from './harness.js';

let h: Harness;
isolateNetwork();

beforeEach(async () => {
  h = await harness();
});

function config(scope: nock.Scope, yaml?: string): nock.Scope {
  return yaml ? withConfig(scope, yaml) : noConfig(scope);
}

function create(scope: nock.Scope, posted: { body?: string }): nock.Scope {
  return expectCreate(scope, posted);
}

function row(body: string, name: string): string | undefined {
  // Rows of the app's own inputs table, which start with a status icon.
  return body.split('\n').find((line) => /^\| (✅|⚠️|⏭️) /.test(line) && line.includes(`| ${name} |`));
}

describe('archives', () => {
  it('reads a gzip attachment, and stops a decompression bomb and says so', async () => {
    const event = payload('issues.opened');
    const console = gzipSync(Buffer.from('[32227.100000] watchdog: BUG: soft lockup - CPU#65 stuck for 23s! [kcompactd4:925]\n'));
    // 64 MiB of one repeated line is ~64 KiB of gzip: a ratio near 1000:1, far past any log's.
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, `${'A'.repeat(1023)}\n`));
    event['issue'].body = '[console.log.gz](https://github.com/user-attachments/files/501/console.log.gz) [zeros.log.gz](https://github.com/user-attachments/files/502/zeros.log.gz)';
    const posted: { body?: string } = {};
    const scope = create(config(nock(API)), posted);
    const web = nock('https://github.com')
      .get('/user-attachments/files/501/console.log.gz')
      .reply(200, console)
      .get('/user-attachments/files/502/zeros.log.gz')
      .reply(200, bomb);
    await h.receive('issues.opened', event);
    expect([...scope.pendingMocks(), ...web.pendingMocks()]).toEqual([]);
    expect(row(posted.body!, 'console.log.gz')).toMatch(/✅ analysed .*kernel-log/);
    expect(row(posted.body!, 'zeros.log.gz')).toMatch(/expansion ratio passed 200:1 .*possible decompression bomb/);
  });

  it('stops a zip at the configured entry and size caps', async () => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 30; i++) files[`node-${i}/messages`] = new TextEncoder().encode(`Mar 27 20:48:45 node-${i} kernel: hello\n`);
    const many = zipSync(files);
    const big = gzipSync(Buffer.alloc(3 * 1024 * 1024, `${'x'.repeat(1023)}\n`));
    const event = payload('issues.opened');
    event['issue'].body = '[many.zip](https://github.com/user-attachments/files/503/many.zip) [big.log.gz](https://github.com/user-attachments/files/504/big.log.gz)';
    const posted: { body?: string } = {};
    const scope = create(config(nock(API), 'limits:\n  maxArchiveEntries: 10\n  maxExpandedBytes: 1048576\n'), posted);
    const web = nock('https://github.com').get('/user-attachments/files/503/many.zip').reply(200, Buffer.from(many)).get('/user-attachments/files/504/big.log.gz').reply(200, big);
    await h.receive('issues.opened', event);
    expect([...scope.pendingMocks(), ...web.pendingMocks()]).toEqual([]);
    expect(row(posted.body!, 'many.zip')).toMatch(/more than 10 archive entries/);
    expect(row(posted.body!, 'big.log.gz')).toMatch(/expanded size passed the limit of 1\.0 MiB/);
  });

  it('refuses an attachment over the per-file cap before reading it', async () => {
    const event = payload('issues.opened');
    event['issue'].body = '[huge.log](https://github.com/user-attachments/files/505/huge.log)';
    const posted: { body?: string } = {};
    const scope = create(config(nock(API), 'limits:\n  maxFileBytes: 1000\n'), posted);
    const web = nock('https://github.com').get('/user-attachments/files/505/huge.log').reply(200, 'y'.repeat(4000));
    await h.receive('issues.opened', event);
    expect([...scope.pendingMocks(), ...web.pendingMocks()]).toEqual([]);
    expect(row(posted.body!, 'huge.log')).toMatch(/⚠️ not downloaded .*more than the per-file cap of 1000 bytes/);
  });
});

describe('files committed to the repository', () => {
  it('are read through the contents API at the linked ref', async () => {
    const event = payload('issues.opened');
    event['issue'].body = 'SEL: https://github.com/dc-ops/fleet-incidents/blob/3f9c2e1/incidents/node-2/sel-list.txt and a folder https://github.com/dc-ops/fleet-incidents/blob/main/incidents';
    const posted: { body?: string } = {};
    let scope = config(nock(API));
    scope = scope
      .get(`${REPO}/contents/incidents%2Fnode-2%2Fsel-list.txt`)
      .query({ ref: '3f9c2e1' })
      .matchHeader('accept', /raw/)
      .reply(200, ' 146 | 03/27/2024 | 12:48:44 | Memory #0xeb | Transition to Non-recoverable | Asserted\n', { 'content-type': 'text/plain; charset=utf-8' })
      .get(`${REPO}/contents/incidents`)
      .query({ ref: 'main' })
      .reply(200, [{ name: 'node-2', type: 'dir' }], { 'content-type': 'application/json; charset=utf-8' });
    scope = create(scope, posted);
    await h.receive('issues.opened', event);
    expect(scope.pendingMocks()).toEqual([]);
    expect(row(posted.body!, 'incidents/node-2/sel-list.txt')).toMatch(/✅ analysed .*repository file .*sel-list/);
    expect(row(posted.body!, 'incidents')).toMatch(/not downloaded .*a folder or submodule, not a file/);
  });
});

describe('a blob link on a branch whose name holds a slash (issue #16 item 4)', () => {
  it('asks the API which refs exist and reads the path under the longest one the link starts with', async () => {
    const event = payload('issues.opened');
    event['issue'].body = 'Committed: https://github.com/dc-ops/fleet-incidents/blob/release/2024.03/incidents/kern.log';
    const posted: { body?: string } = {};
    let scope = config(nock(API));
    scope = scope
      .get(/\/repos\/dc-ops\/fleet-incidents\/git\/matching-refs\/heads(%2F|\/)release$/)
      .reply(200, [{ ref: 'refs/heads/release' }, { ref: 'refs/heads/release/2023.11' }, { ref: 'refs/heads/release/2024.03' }, { ref: 'refs/heads/release/2024.03/incidents/kern.log/extra' }])
      .get(/\/repos\/dc-ops\/fleet-incidents\/git\/matching-refs\/tags(%2F|\/)release$/)
      .reply(200, [])
      .get(`${REPO}/contents/incidents%2Fkern.log`)
      .query({ ref: 'release/2024.03' })
      .reply(200, '[32227.100000] watchdog: BUG: soft lockup - CPU#65 stuck for 23s! [kcompactd4:925]\n', { 'content-type': 'text/plain; charset=utf-8' });
    scope = create(scope, posted);
    await h.receive('issues.opened', event);
    expect(scope.pendingMocks()).toEqual([]);
    expect(row(posted.body!, 'incidents/kern.log')).toMatch(/✅ analysed .*repository file .*kernel-log/);
  });
});

describe('verdict labels', () => {
  it('creates the label with its colour when missing, swaps an outdated one, and adds it', async () => {
    const event = payload('issues.opened');
    event['issue'].body = incidentBody();
    event['issue'].labels.push({ name: 'ktriage:none' });
    const posted: { body?: string } = {};
    let created: Record<string, unknown> = {};
    let scope = config(nock(API), 'labels:\n  add: true\n  color: "5319e7"\n');
    scope = listings(scope, 1)
      .delete(`${REPO}/issues/42/labels/ktriage%3Anone`)
      .reply(200, [])
      .get(`${REPO}/labels/ktriage%3Ahardware-memory`)
      .reply(404)
      .post(`${REPO}/labels`, (b: Record<string, unknown>) => ((created = b), true))
      .reply(201, {})
      .post(`${REPO}/issues/42/labels`, { labels: ['ktriage:hardware-memory'] })
      .reply(200, []);
    scope = expectCreate(scope, posted, [], 1);
    await h.receive('issues.opened', event);
    expect(scope.pendingMocks()).toEqual([]);
    expect(created).toEqual({ name: 'ktriage:hardware-memory', color: '5319e7', description: 'Verdict of the ktriage analysis' });
  });
});

describe('failures', () => {
  it('end in a comment that says what failed', async () => {
    const event = payload('issues.opened');
    event['issue'].body = incidentBody();
    const posted: { body?: string } = {};
    let scope = config(nock(API));
    scope = scope.get(`${REPO}/issues/42/comments`).query({ per_page: 100 }).reply(502, { message: 'Server Error' });
    // The failure comment goes through the sticky helper: its listing, the create, the re-check.
    scope = expectCreate(scope, posted, [], 1);
    await h.receive('issues.opened', event);
    expect(scope.pendingMocks()).toEqual([]);
    expect(posted.body).toContain('### ktriage: analysis failed');
    expect(posted.body).toMatch(/could not finish analysing this issue: reading the issue comments: .*Server Error/);
  });
});

describe('rate limits', () => {
  it('retries a write that hit a secondary rate limit', async () => {
    const probot = new Probot({ githubToken: 'test', Octokit: BotOctokit.defaults({ retry: { enabled: false } }) });
    const octokit = await probot.auth();
    const scope = nock(API)
      .post(`${REPO}/issues/42/comments`)
      .reply(403, { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' }, { 'retry-after': '1' })
      .post(`${REPO}/issues/42/comments`)
      .reply(201, { id: 1 });
    const { status } = await octokit.rest.issues.createComment({ owner: 'dc-ops', repo: 'fleet-incidents', issue_number: 42, body: 'x' });
    expect(status).toBe(201);
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('gives up after two retries', () => {
    const log = { warn: () => undefined };
    expect([0, 1, 2].map((n) => onSecondaryRateLimit(1, { method: 'POST', url: '/x' }, { log }, n))).toEqual([true, true, false]);
  });
});
