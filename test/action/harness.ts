// Runs dist/index.js the way the Actions runner does, against a stub GitHub REST API that
// listens on 127.0.0.1 and keeps issue comments in memory.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
export const TOKEN = 'ghs_stubtoken0123456789';

export interface StubComment {
  id: number;
  body: string;
  user: { login: string; type: string };
  created_at: string;
}

export interface StubRequest {
  method: string;
  path: string;
  authorization?: string;
  body?: { body?: string };
}

export interface StubGitHub {
  url: string;
  requests: StubRequest[];
  /** Comments by issue number. */
  comments: Map<number, StubComment[]>;
  /** Issue numbers whose comment writes are refused with 403, as a read-only token would be. */
  readOnly: Set<number>;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
}

export async function startStubGitHub(): Promise<StubGitHub> {
  const requests: StubRequest[] = [];
  const comments = new Map<number, StubComment[]>();
  const readOnly = new Set<number>();
  let nextId = 1000;
  let clock = Date.parse('2026-11-26T10:00:00Z');
  const owner = new Map<number, number>();
  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const body = raw ? (JSON.parse(raw) as { body?: string }) : undefined;
    const url = new URL(req.url ?? '/', 'http://stub');
    requests.push({ method: req.method ?? '', path: url.pathname, authorization: req.headers.authorization, body });
    const send = (status: number, data?: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(data === undefined ? '' : JSON.stringify(data));
    };
    const list = /^\/repos\/acme\/crash-artifacts\/issues\/(\d+)\/comments$/.exec(url.pathname);
    const one = /^\/repos\/acme\/crash-artifacts\/issues\/comments\/(\d+)$/.exec(url.pathname);
    if (list) {
      const issue = Number(list[1]);
      const current = comments.get(issue) ?? [];
      if (req.method === 'GET') return send(200, current);
      if (req.method === 'POST') {
        if (readOnly.has(issue)) return send(403, { message: 'Resource not accessible by integration' });
        const created = { id: nextId++, body: body?.body ?? '', user: { login: 'github-actions[bot]', type: 'Bot' }, created_at: new Date((clock += 1000)).toISOString() };
        comments.set(issue, [...current, created]);
        owner.set(created.id, issue);
        return send(201, created);
      }
    }
    if (one) {
      const id = Number(one[1]);
      const issue = owner.get(id);
      const found = issue === undefined ? undefined : comments.get(issue)?.find((c) => c.id === id);
      if (!found || issue === undefined) return send(404, { message: 'Not Found' });
      if (req.method === 'PATCH') {
        found.body = body?.body ?? '';
        return send(200, found);
      }
      if (req.method === 'DELETE') {
        comments.set(issue, comments.get(issue)!.filter((c) => c.id !== id));
        return send(204);
      }
    }
    send(404, { message: `stub has no route for ${req.method} ${url.pathname}` });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    comments,
    readOnly,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

/** The defaults action.yml declares, as the runner passes them (`${{ github.token }}` → TOKEN). */
export async function actionDefaults(): Promise<Record<string, string>> {
  const manifest = parse(await readFile(join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> };
  return Object.fromEntries(Object.entries(manifest.inputs).map(([name, spec]) => [name, String(spec.default ?? '').replace('${{ github.token }}', TOKEN)]));
}

/** Parses $GITHUB_OUTPUT, which @actions/core writes as `name<<delimiter\nvalue\ndelimiter`. */
export function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]!);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const end = lines.indexOf(delimiter!, i + 1);
      if (end < 0) throw new Error(`output ${name} has no closing delimiter`);
      out[name!] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (lines[i]!.includes('=')) {
      const at = lines[i]!.indexOf('=');
      out[lines[i]!.slice(0, at)] = lines[i]!.slice(at + 1);
    }
  }
  return out;
}

export interface RunOptions {
  /** The bundle to run (default: the repository's dist/index.js). */
  entry?: string;
  event?: string;
  eventName?: string;
  apiUrl?: string;
  cwd?: string;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  temp: string;
}

/** `node dist/index.js` with the environment a runner gives a `uses:` step. */
export async function runAction(inputs: Record<string, string>, options: RunOptions = {}): Promise<RunResult> {
  const temp = await mkdtemp(join(tmpdir(), 'ktriage-action-'));
  const outputFile = join(temp, 'output');
  const summaryFile = join(temp, 'step_summary');
  await writeFile(outputFile, '');
  await writeFile(summaryFile, '');
  const workspace = options.cwd ?? ROOT;
  const withDefaults = { ...(await actionDefaults()), ...inputs };
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: 'acme/crash-artifacts',
    GITHUB_EVENT_NAME: options.eventName ?? 'issues',
    GITHUB_EVENT_PATH: join(ROOT, 'test/fixtures/action/events', options.event ?? 'issues.opened.json'),
    GITHUB_API_URL: options.apiUrl ?? 'http://127.0.0.1:9',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '4242',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: temp,
    ...Object.fromEntries(Object.entries(withDefaults).map(([name, value]) => [`INPUT_${name.replace(/ /g, '_').toUpperCase()}`, value])),
  };
  const child = spawn(process.execPath, [options.entry ?? join(ROOT, 'dist/index.js')], { cwd: workspace, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((done) => child.on('close', done));
  return { code, stdout, stderr, outputs: parseOutputs(await readFile(outputFile, 'utf8')), summary: await readFile(summaryFile, 'utf8'), temp };
}
