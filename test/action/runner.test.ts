// The runner in-process, with the GitHub client built by the injectable factory around the
// global fetch, so nock sees (and checks) every request.
import nock from 'nock';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createOctokit, type OctokitFactoryOptions } from '../../src/action/octokit.js';
import { run } from '../../src/action/runner.js';
import { parseOutputs, ROOT } from './harness.js';

const API = 'https://api.github.test';

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

describe('run (in-process)', () => {
  it('posts the report through the injected client and records the comment id', async () => {
    const temp = await mkdtemp(join(tmpdir(), 'ktriage-runner-'));
    const env = {
      GITHUB_OUTPUT: join(temp, 'output'),
      GITHUB_STEP_SUMMARY: join(temp, 'summary'),
      GITHUB_REPOSITORY: 'acme/crash-artifacts',
      GITHUB_API_URL: API,
      GITHUB_EVENT_NAME: 'workflow_dispatch',
      RUNNER_TEMP: temp,
      INPUT_PATHS: 'examples/incident-2024-03-27',
      INPUT_COMMENT_ON: '5',
      INPUT_GITHUB_TOKEN: 'injected-token',
    };
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    await writeFile(env.GITHUB_OUTPUT, '');
    await writeFile(env.GITHUB_STEP_SUMMARY, '');
    let posted = '';
    const scope = nock(API, { reqheaders: { authorization: 'token injected-token' } })
      .get('/repos/acme/crash-artifacts/issues/5/comments')
      .query({ per_page: '100' })
      .reply(200, [])
      .post('/repos/acme/crash-artifacts/issues/5/comments', (body: { body: string }) => ((posted = body.body), true))
      .reply(201, { id: 99, body: '', user: { login: 'github-actions[bot]', type: 'Bot' } })
      .get('/repos/acme/crash-artifacts/issues/5/comments')
      .query({ per_page: '100' })
      .reply(200, [{ id: 99, body: '<!-- ktriage:report -->', user: { login: 'github-actions[bot]', type: 'Bot' } }]);
    // @actions/core logs workflow commands on stdout; keep the test output readable.
    const log = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const factory = vi.fn((options: OctokitFactoryOptions) => createOctokit(options));

    await run({ env: process.env, workspace: ROOT, createOctokit: factory, fetch: globalThis.fetch });
    const printed = log.mock.calls.map(([text]) => String(text)).join('');
    log.mockRestore();
    expect(printed).toMatch(/created comment 99 on #5 \(input comment_on\)/);

    expect(scope.isDone()).toBe(true);
    expect(factory).toHaveBeenCalledWith({ token: 'injected-token', baseUrl: API, fetch: globalThis.fetch });
    const outputs = parseOutputs(await readFile(env.GITHUB_OUTPUT, 'utf8'));
    expect(outputs['comment_id']).toBe('99');
    expect(posted.startsWith('<!-- ktriage:report -->\n\n### ktriage: ')).toBe(true);
    expect(posted).toContain(`**Verdict:** \`${outputs['root_cause']}\``);
    expect(process.exitCode).toBeUndefined();
  });
});
