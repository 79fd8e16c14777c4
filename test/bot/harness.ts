// Shared setup for the bot tests: a real Probot instance with the app loaded, webhook payload
// fixtures, and an incident issue body built from the reference incident's own files.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Probot, ProbotOctokit } from 'probot';
import nock from 'nock';
import pino from 'pino';
import { afterEach, beforeEach } from 'vitest';
import { createApp, type AppOptions } from '../../bot/app.js';

export const API = 'https://api.github.com';
export const REPO = '/repos/dc-ops/fleet-incidents';
export const CONFIG_PATH = `${REPO}/contents/.github%2Fktriage.yml`;
export const ORG_CONFIG_PATH = '/repos/dc-ops/.github/contents/.github%2Fktriage.yml';
export const INCIDENT_DIR = join(import.meta.dirname, '../../examples/incident-2024-03-27');

// Fixtures are GitHub's JSON and tests rewrite fields deep inside them; typing each would only
// restate the fixture.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Payload = Record<string, any>;

export type EventName = 'issues.opened' | 'issues.edited' | 'issues.labeled' | 'issue_comment.created';

/** A fresh copy of a webhook payload fixture. */
export function payload(name: EventName): Payload {
  return JSON.parse(readFileSync(join(import.meta.dirname, `../fixtures/bot/${name}.json`), 'utf8'));
}

/** What an operator pastes through the incident form: each file under its heading, fenced. */
export function incidentBody(extra = ''): string {
  const parts = ['node-2 froze around 20:48 local time on 2024-03-27 and came back after a warm reset.', ''];
  for (const file of readdirSync(INCIDENT_DIR).sort()) {
    parts.push(`### ${file}`, '', '```text', readFileSync(join(INCIDENT_DIR, file), 'utf8').replace(/\n$/, ''), '```', '');
  }
  return parts.join('\n') + extra;
}

export interface Harness {
  probot: Probot;
  logs: string[];
  receive: (name: EventName, body: Payload, id?: string) => Promise<void>;
}

export async function harness(options: AppOptions = {}): Promise<Harness> {
  const logs: string[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void logs.push(line) });
  const probot = new Probot({
    githubToken: 'test',
    log,
    // Retries and throttling have their own test; here they would only slow things down.
    Octokit: ProbotOctokit.defaults((o: Record<string, unknown>) => ({ ...o, retry: { enabled: false }, throttle: { enabled: false } })),
  });
  await probot.load(createApp(options));
  let n = 0;
  return {
    probot,
    logs,
    receive: async (name, body, id) => {
      await probot.receive({ id: id ?? `delivery-${++n}-${Math.random()}`, name: name.split('.')[0] as 'issues', payload: body as never });
    },
  };
}

export const BOT_USER = { login: 'ktriage[bot]', id: 9100001, type: 'Bot' };

/**
 * Blocks the network for the file's tests and collects every request nock could not match,
 * so a test can assert that nothing was fetched that it did not expect.
 */
export function isolateNetwork(): { unmatched: string[] } {
  const state = { unmatched: [] as string[] };
  const onNoMatch = (req: { method?: string; path?: string; hostname?: string; host?: string }) =>
    state.unmatched.push(`${req.method} ${req.hostname ?? req.host}${req.path}`);
  beforeEach(() => {
    nock.disableNetConnect();
    state.unmatched.length = 0;
    nock.emitter.on('no match', onNoMatch);
  });
  afterEach(() => {
    nock.emitter.removeListener('no match', onNoMatch);
    nock.cleanAll();
    nock.enableNetConnect();
  });
  return state;
}

/** No `.github/ktriage.yml` in the repository nor in the org's `.github` repository. */
export function noConfig(scope: nock.Scope): nock.Scope {
  return scope.get(CONFIG_PATH).reply(404, { message: 'Not Found' }).get(ORG_CONFIG_PATH).reply(404, { message: 'Not Found' });
}

export function withConfig(scope: nock.Scope, yaml: string): nock.Scope {
  return scope.get(CONFIG_PATH).reply(200, yaml, { 'content-type': 'application/vnd.github.raw; charset=utf-8' });
}

/** `n` listings of the comments, each answered with `comments()` at request time. */
export function listings(scope: nock.Scope, n: number, comments: () => unknown[] = () => []): nock.Scope {
  for (let i = 0; i < n; i++) scope = scope.get(`${REPO}/issues/42/comments`).query({ per_page: 100 }).reply(200, comments);
  return scope;
}

export function botComment(body: string) {
  return { id: 7001, body, user: BOT_USER, created_at: '2024-03-28T01:20:09Z', author_association: 'NONE' };
}

/**
 * A create through the sticky helper: `ownListings` listings before it (the app's own, then
 * the helper's), the POST (its body lands in `posted.body`) and the re-check after it.
 */
export function expectCreate(scope: nock.Scope, posted: { body?: string }, existing: unknown[] = [], ownListings = 2): nock.Scope {
  scope = noHistory(listings(scope, ownListings, () => existing))
    .post(`${REPO}/issues/42/comments`, (b: { body: string }) => ((posted.body = b.body), true))
    .reply(201, () => botComment(posted.body!));
  return listings(scope, 1, () => [...existing, botComment(posted.body!)]);
}

/** The "Seen before" search finding nothing, optional so a run that fails before it needs none. */
export function noHistory(scope: nock.Scope, times = 1): nock.Scope {
  return scope.get('/search/issues').query(true).times(times).optionally().reply(200, { total_count: 0, incomplete_results: false, items: [] });
}
