// Serverless entry points. A function platform gives us one request at a time and no server:
// Probot is built once per cold start (lazily, and rebuilt if that failed) and every request is
// verified against WEBHOOK_SECRET before the app sees it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createNodeMiddleware, createProbot, type Probot } from 'probot';
import app from './app.js';
import { BotOctokit } from './octokit.js';

type NodeMiddleware = (req: IncomingMessage, res: ServerResponse, next?: () => void) => unknown;

let middleware: Promise<NodeMiddleware> | undefined;

/**
 * Node-style handler for platforms that pass (req, res): Vercel (`api/github/webhooks.ts`:
 * `export { nodeHandler as default } from 'ktriage/bot/serverless'`), Google Cloud Functions,
 * or any `http.createServer`. Serves Probot's webhook path, `/api/github/webhooks`.
 */
export async function nodeHandler(req: IncomingMessage, res: ServerResponse): Promise<void> {
  middleware ??= createNodeMiddleware(app, { probot: createProbot({ overrides: { Octokit: BotOctokit } }) }).catch((error: unknown) => {
    middleware = undefined;
    throw error;
  });
  const handle = await middleware;
  await handle(req, res, () => {
    res.writeHead(404).end();
  });
}

/** The subset of an API Gateway (REST or HTTP API) or Lambda function URL event we read. */
export interface GatewayEvent {
  headers: Record<string, string | undefined>;
  body: string | null;
  isBase64Encoded?: boolean;
}

export interface GatewayResult {
  statusCode: number;
  body: string;
}

/**
 * AWS Lambda behind API Gateway or a function URL. Signature checks need the raw body exactly
 * as GitHub sent it, so the body is never re-serialised.
 */
export function createLambdaHandler(makeProbot: () => Promise<Probot>): (event: GatewayEvent) => Promise<GatewayResult> {
  let probot: Promise<Probot> | undefined;
  return async (event) => {
    probot ??= makeProbot().catch((error: unknown) => {
      probot = undefined;
      throw error;
    });
    const instance = await probot;
    const headers = Object.fromEntries(Object.entries(event.headers).map(([k, v]) => [k.toLowerCase(), v ?? '']));
    const body = event.isBase64Encoded && event.body ? Buffer.from(event.body, 'base64').toString('utf8') : (event.body ?? '');
    const [id, name, signature] = [headers['x-github-delivery'], headers['x-github-event'], headers['x-hub-signature-256']];
    if (!id || !name || !signature) return { statusCode: 400, body: 'missing x-github-delivery, x-github-event or x-hub-signature-256' };
    try {
      await instance.webhooks.verifyAndReceive({ id, name: name as never, signature, payload: body });
    } catch (error) {
      const status = (error as { status?: number }).status;
      const message = error instanceof Error ? error.message : String(error);
      if (/signature/i.test(message) || status === 400) return { statusCode: 400, body: 'signature does not match' };
      return { statusCode: 500, body: 'the app failed on this event; see the function log' };
    }
    return { statusCode: 200, body: 'ok' };
  };
}

/** Ready-made Lambda handler reading the `probot run` environment (APP_ID, PRIVATE_KEY, …). */
export const lambdaHandler = createLambdaHandler(async () => {
  const probot = createProbot({ overrides: { Octokit: BotOctokit } });
  await probot.load(app);
  return probot;
});
