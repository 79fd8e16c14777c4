// `npm run bot` as a child process on 127.0.0.1, configured like a GitHub Enterprise Server
// installation whose API is a stub (github-stub.ts), and signed webhook deliveries to it.
// Needs the build (`npm test` builds first).
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { GitHubStub } from './github-stub.js';
import type { Payload } from './harness.js';

const ROOT = join(import.meta.dirname, '../..');

export interface BotProcess {
  port: number;
  output: () => string;
  deliver: (event: string, data: Payload, options?: { secret?: string; id?: string }) => Promise<Response>;
  waitFor: <T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs?: number) => Promise<T>;
  stop: () => void;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export function sign(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export async function startBot(stub: GitHubStub, options: { appId: number; secret: string }): Promise<BotProcess> {
  expect(existsSync(join(ROOT, 'lib/bot/main.js')), 'lib/bot/main.js is built by `npm test` (pretest)').toBe(true);
  const port = await freePort();
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    HOME: process.env['HOME'],
    APP_ID: String(options.appId),
    PRIVATE_KEY: privateKey,
    WEBHOOK_SECRET: options.secret,
    PORT: String(port),
    HOST: '127.0.0.1',
    GHE_HOST: stub.host,
    GHE_PROTOCOL: 'http',
    LOG_LEVEL: 'info',
    LOG_FORMAT: 'json',
    NODE_ENV: 'production',
  };
  let output = '';
  const app: ChildProcess = spawn('npm', ['run', '--silent', 'bot'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  app.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  app.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const waitFor: BotProcess['waitFor'] = async (what, probe, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; app output:\n${output.slice(-4000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  const bot: BotProcess = {
    port,
    output: () => output,
    waitFor,
    deliver: async (event, data, deliverOptions = {}) => {
      const body = JSON.stringify(data);
      return fetch(`http://127.0.0.1:${port}/api/github/webhooks`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-github-event': event,
          'x-github-delivery': deliverOptions.id ?? `e2e-${Math.random().toString(16).slice(2)}`,
          'x-hub-signature-256': sign(body, deliverOptions.secret ?? options.secret),
        },
        body,
      });
    },
    // npm runs node as its child: signal the whole process group this test started.
    stop: () => {
      if (!app.pid) return;
      try {
        process.kill(-app.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    },
  };
  await waitFor('the app to listen', async () => {
    try {
      return (await fetch(`http://127.0.0.1:${port}/ping`)).ok || undefined;
    } catch {
      return undefined;
    }
  });
  return bot;
}
