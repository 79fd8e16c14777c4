// Shared setup for the bot tests: a real Probot instance with the app loaded, webhook payload
// fixtures, and an incident issue body built from the reference incident's own files.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Probot, ProbotOctokit } from 'probot';
import pino from 'pino';
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
