// `memory` in .github/ktriage.yml (issue #15 item 3): the lookup is on by default, `lookup: false`
// turns off both the search and `/analyze history`, and the help lists the command. Every GitHub
// request is mocked by nock and asserted, so "no search" is a fact, not a hope.
import nock from 'nock';
import { beforeEach, describe, expect, it } from 'vitest';
import { API, expectCreate, harness, incidentBody, isolateNetwork, noConfig, payload, REPO, withConfig, type Harness } from './harness.js';
import { decodeSummaryBlock } from '../../src/fleet/summary-block.js';
import { helpText, parseCommand } from '../../bot/commands.js';
import { whySkipped } from '../../bot/memory.js';
import { onRateLimit, onSecondaryRateLimit } from '../../bot/octokit.js';

let h: Harness;
const net = isolateNetwork();
beforeEach(async () => {
  h = await harness();
});

const OFF = 'memory:\n  lookup: false\n';

describe('memory settings', () => {
  it('searches for earlier incidents by default, with the report summary hidden in the comment', async () => {
    const event = payload('issues.opened');
    event['issue'].body = incidentBody();
    const posted: { body?: string } = {};
    let q = '';
    const search = nock(API)
      .get('/search/issues')
      .query((query) => ((q = String(query['q'])), true))
      .reply(200, { total_count: 0, incomplete_results: false, items: [] });
    const scope = expectCreate(noConfig(search), posted);
    await h.receive('issues.opened', event);
    expect(scope.pendingMocks()).toEqual([]);
    expect(net.unmatched).toEqual([]);
    expect(q).toMatch(/^repo:dc-ops\/fleet-incidents is:issue in:comments \(kth[a-p]{16} OR ktp[a-p]{16} OR kts[a-p]{16}\)$/);
    expect(decodeSummaryBlock(posted.body)?.hostname).toBe('node-2');
    expect(posted.body).not.toContain('Seen before');
  });

  it('memory.lookup: false searches nothing and still carries the summary', async () => {
    const event = payload('issues.opened');
    event['issue'].body = incidentBody();
    const posted: { body?: string } = {};
    // expectCreate's search is optional: it must stay unused.
    const scope = expectCreate(withConfig(nock(API), OFF), posted);
    await h.receive('issues.opened', event);
    expect(net.unmatched).toEqual([]);
    expect(scope.pendingMocks()).toEqual([]);
    expect(scope.activeMocks().some((m) => m.includes('/search/issues'))).toBe(true);
    expect(decodeSummaryBlock(posted.body)?.hostname).toBe('node-2');
    expect(posted.body).not.toContain('Seen before');
  });

  it('/analyze history says the lookup is off instead of searching', async () => {
    const event = payload('issue_comment.created');
    event['comment'].body = '/analyze history';
    let reply = '';
    const scope = withConfig(nock(API), OFF)
      .post(`${REPO}/issues/comments/1990001111/reactions`, { content: 'eyes' })
      .reply(201, {})
      .post(`${REPO}/issues/42/comments`, (b: { body: string }) => ((reply = b.body), true))
      .reply(201, { id: 7201 })
      .post(`${REPO}/issues/comments/1990001111/reactions`, { content: 'confused' })
      .reply(201, {});
    await h.receive('issue_comment.created', event);
    expect(scope.pendingMocks()).toEqual([]);
    expect(net.unmatched).toEqual([]);
    expect(reply).toContain('`memory.lookup` is `false`');
  });

  it('parses /analyze history, lists it in the help, and refuses options after it', () => {
    expect(parseCommand('/analyze history')).toEqual({ kind: 'history' });
    expect(parseCommand('/analyze history --all')).toMatchObject({ kind: 'invalid' });
    expect(helpText()).toContain('| `/analyze history` |');
  });
});

describe('a lookup that cannot finish', () => {
  // The fields of Octokit's RequestError the lookup reads.
  const error = (status: number, message: string, headers: Record<string, string> = {}) => Object.assign(new Error(message), { status, response: { status, headers, data: { message } } });

  it('says which limit stopped it, in words for the comment', () => {
    expect(whySkipped(error(403, 'You have exceeded a secondary rate limit'))).toMatch(/^GitHub's secondary rate limit was hit \(HTTP 403\)/);
    // x-ratelimit-reset 1711584000 is 2024-03-28T00:00:00Z.
    expect(whySkipped(error(403, 'API rate limit exceeded', { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1711584000' }))).toBe('the search rate limit is used up (HTTP 403), until 00:00 UTC');
    expect(whySkipped(error(429, 'Too Many Requests'))).toBe('the search rate limit is used up (HTTP 429)');
    expect(whySkipped(error(403, 'Resource not accessible by integration'))).toBe('GitHub refused the search (HTTP 403: Resource not accessible by integration)');
    expect(whySkipped(error(502, 'Bad Gateway'))).toBe('the search failed (HTTP 502)');
    expect(whySkipped(new Error('socket hang up'))).toBe('the search failed: socket hang up');
  });

  it('is not retried after a rate limit: the throttling handlers give up for its requests only', () => {
    const log = { warn: () => undefined };
    const lookup = { method: 'GET', url: '/search/issues', request: { retryOnRateLimit: false } };
    const other = { method: 'POST', url: '/repos/o/r/issues/1/comments' };
    expect(onSecondaryRateLimit(60, lookup, { log }, 0)).toBe(false);
    expect(onRateLimit(60, lookup, { log }, 0)).toBe(false);
    expect(onSecondaryRateLimit(60, other, { log }, 0)).toBe(true);
    expect(onRateLimit(60, other, { log }, 0)).toBe(true);
  });
});
