import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOctokit } from '../../src/action/octokit.js';
import { isMarker, upsertStickyComment, withMarker, type CommentClient } from '../../src/github/sticky-comment.js';

const API = 'https://api.github.test';
const MARKER = '<!-- ktriage:report -->';
const issue = { owner: 'acme', repo: 'crashes', issue_number: 42 };
const path = `/repos/acme/crashes/issues/42/comments`;
const BOT = { login: 'github-actions[bot]', type: 'Bot' };

function client(): CommentClient {
  return createOctokit({ token: 't0ken', baseUrl: API, fetch: globalThis.fetch });
}

function comment(id: number, body: string, user = BOT, created_at = `2026-11-26T10:00:${String(id % 60).padStart(2, '0')}Z`) {
  return { id, body, user, created_at };
}

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('upsertStickyComment', () => {
  it('creates the comment with the marker when none exists, then re-lists once', async () => {
    let posted: { body: string } | undefined;
    const scope = nock(API)
      .get(path)
      .query({ per_page: '100' })
      .reply(200, [comment(1, 'a human comment', { login: 'alice', type: 'User' })])
      .post(path, (body) => {
        posted = body;
        return true;
      })
      .reply(201, comment(7, `${MARKER}\nreport v1`))
      .get(path)
      .query({ per_page: '100' })
      .reply(200, [comment(1, 'a human comment', { login: 'alice', type: 'User' }), comment(7, `${MARKER}\nreport v1`)]);
    const result = await upsertStickyComment(client(), issue, 'report v1', { marker: MARKER, author: BOT });
    expect(result).toEqual({ id: 7, action: 'created', deleted: [] });
    expect(posted?.body).toBe(`${MARKER}\nreport v1`);
    expect(scope.isDone()).toBe(true);
  });

  it('updates our existing comment and ignores a marker pasted by someone else', async () => {
    let patched: { body: string } | undefined;
    const scope = nock(API)
      .get(path)
      .query({ per_page: '100' })
      .reply(200, [comment(3, `quoting ${MARKER}`, { login: 'mallory', type: 'User' }), comment(9, `${MARKER}\nold`)])
      .patch('/repos/acme/crashes/issues/comments/9', (body) => {
        patched = body;
        return true;
      })
      .reply(200, comment(9, `${MARKER}\nnew`));
    const result = await upsertStickyComment(client(), issue, `${MARKER}\nnew`, { marker: MARKER, author: BOT });
    expect(result).toEqual({ id: 9, action: 'updated', deleted: [] });
    expect(patched?.body).toBe(`${MARKER}\nnew`);
    expect(scope.isDone()).toBe(true);
  });

  it('follows pagination to find the comment on a later page', async () => {
    const first = Array.from({ length: 100 }, (_, i) => comment(100 + i, `chatter ${i}`, { login: 'bob', type: 'User' }));
    const scope = nock(API)
      .get(path)
      .query({ per_page: '100' })
      .reply(200, first, { link: `<${API}${path}?per_page=100&page=2>; rel="next"` })
      .get(path)
      .query({ per_page: '100', page: '2' })
      .reply(200, [comment(250, `${MARKER}\nold`)])
      .patch('/repos/acme/crashes/issues/comments/250')
      .reply(200, comment(250, `${MARKER}\nnew`));
    const result = await upsertStickyComment(client(), issue, 'new', { marker: MARKER, author: BOT });
    expect(result.id).toBe(250);
    expect(scope.isDone()).toBe(true);
  });

  it('keeps the oldest of two racing comments, updates it and deletes the newer', async () => {
    const scope = nock(API)
      .get(path)
      .query({ per_page: '100' })
      // Listed out of order on purpose: age decides, not position.
      .reply(200, [comment(21, `${MARKER}\nfrom run B`, BOT, '2026-11-26T10:00:05Z'), comment(20, `${MARKER}\nfrom run A`, BOT, '2026-11-26T10:00:04Z')])
      .patch('/repos/acme/crashes/issues/comments/20')
      .reply(200, comment(20, `${MARKER}\nrun C`))
      .delete('/repos/acme/crashes/issues/comments/21')
      .reply(204);
    const result = await upsertStickyComment(client(), issue, 'run C', { marker: MARKER, author: BOT });
    expect(result).toEqual({ id: 20, action: 'updated', deleted: [21] });
    expect(scope.isDone()).toBe(true);
  });

  it('folds into a racer that created first when the re-list shows an older comment', async () => {
    const scope = nock(API)
      .get(path)
      .query({ per_page: '100' })
      .reply(200, [])
      .post(path)
      .reply(201, comment(31, `${MARKER}\nmine`, BOT, '2026-11-26T10:00:09Z'))
      .get(path)
      .query({ per_page: '100' })
      .reply(200, [comment(30, `${MARKER}\ntheirs`, BOT, '2026-11-26T10:00:08Z'), comment(31, `${MARKER}\nmine`, BOT, '2026-11-26T10:00:09Z')])
      .patch('/repos/acme/crashes/issues/comments/30', { body: `${MARKER}\nmine` })
      .reply(200, comment(30, `${MARKER}\nmine`))
      .delete('/repos/acme/crashes/issues/comments/31')
      .reply(204);
    const result = await upsertStickyComment(client(), issue, 'mine', { marker: MARKER, author: BOT });
    expect(result).toEqual({ id: 30, action: 'updated', deleted: [31] });
    expect(scope.isDone()).toBe(true);
  });

  it('treats a duplicate another run already deleted (404) as gone', async () => {
    const scope = nock(API)
      .get(path)
      .query({ per_page: '100' })
      .reply(200, [comment(40, `${MARKER}\na`), comment(41, `${MARKER}\nb`)])
      .patch('/repos/acme/crashes/issues/comments/40')
      .reply(200, comment(40, 'x'))
      .delete('/repos/acme/crashes/issues/comments/41')
      .reply(404, { message: 'Not Found' });
    const result = await upsertStickyComment(client(), issue, 'x', { marker: MARKER });
    expect(result).toEqual({ id: 40, action: 'updated', deleted: [] });
    expect(scope.isDone()).toBe(true);
  });

  it('filters by app id when given, and surfaces a permission error', async () => {
    nock(API)
      .get(path)
      .query({ per_page: '100' })
      .reply(200, [
        { ...comment(50, `${MARKER}\nother app`), performed_via_github_app: { id: 1 } },
        { ...comment(51, `${MARKER}\nours`), performed_via_github_app: { id: 777 } },
      ])
      .patch('/repos/acme/crashes/issues/comments/51')
      .reply(403, { message: 'Resource not accessible by integration' });
    await expect(upsertStickyComment(client(), issue, 'x', { marker: MARKER, author: { appId: 777 } })).rejects.toMatchObject({ status: 403 });
  });

  it('rejects a marker that is not a single HTML comment', async () => {
    await expect(upsertStickyComment(client(), issue, 'x', { marker: 'ktriage' })).rejects.toThrow(/marker/);
    expect(isMarker('<!-- a -- b -->')).toBe(false);
    expect(isMarker(MARKER)).toBe(true);
    expect(withMarker('body', MARKER)).toBe(`${MARKER}\nbody`);
  });
});
