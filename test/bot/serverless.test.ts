// The Lambda entry: raw body verified against the secret before the app runs, base64 bodies
// from API Gateway decoded, and a missing header answered with 400 instead of a crash.
import { createHmac } from 'node:crypto';
import nock from 'nock';
import pino from 'pino';
import { Probot, ProbotOctokit } from 'probot';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../bot/app.js';
import { createLambdaHandler } from '../../bot/serverless.js';
import { API, expectCreate, incidentBody, isolateNetwork, noConfig, payload } from './harness.js';

const SECRET = 'lambda-secret';

async function makeProbot(): Promise<Probot> {
  const probot = new Probot({
    githubToken: 'test',
    secret: SECRET,
    log: pino({ level: 'silent' }),
    Octokit: ProbotOctokit.defaults((o: Record<string, unknown>) => ({ ...o, retry: { enabled: false }, throttle: { enabled: false } })),
  });
  await probot.load(createApp());
  return probot;
}

function gatewayEvent(body: string, signatureSecret = SECRET, base64 = false) {
  return {
    headers: {
      'X-GitHub-Delivery': 'a7c1e2f0-lambda',
      'X-GitHub-Event': 'issues',
      'X-Hub-Signature-256': `sha256=${createHmac('sha256', signatureSecret).update(body).digest('hex')}`,
    },
    body: base64 ? Buffer.from(body).toString('base64') : body,
    isBase64Encoded: base64,
  };
}

isolateNetwork();

describe('createLambdaHandler', () => {
  it('rejects a wrong signature without calling GitHub', async () => {
    const handler = createLambdaHandler(makeProbot);
    const result = await handler(gatewayEvent(JSON.stringify(payload('issues.opened')), 'wrong'));
    expect(result.statusCode).toBe(400);
    expect(await handler({ headers: {}, body: '{}' })).toEqual({ statusCode: 400, body: 'missing x-github-delivery, x-github-event or x-hub-signature-256' });
  });

  it('runs the app on a signed, base64-encoded delivery', async () => {
    const event = payload('issues.opened');
    event['issue'].body = incidentBody();
    const posted: { body?: string } = {};
    const scope = expectCreate(noConfig(nock(API)), posted);
    const handler = createLambdaHandler(makeProbot);
    const result = await handler(gatewayEvent(JSON.stringify(event), SECRET, true));
    expect(result).toEqual({ statusCode: 200, body: 'ok' });
    expect(scope.pendingMocks()).toEqual([]);
    expect(posted.body).toMatch(/CPU 65 → CPU 0\b/);
  });
});
