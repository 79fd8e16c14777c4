// One report comment per issue or PR, found again by a hidden marker and edited in place.
// Shared by the Action and the Probot app, so it depends on no framework: any client with
// Octokit's `rest.issues.*` comment methods and `paginate` will do.
//
// Concurrent runs can both miss the comment and both create one. Every run therefore settles
// on the same winner without a lock: the OLDEST marker comment is kept and updated, newer ones
// are deleted. A run that created a comment re-lists once to catch a racer that created too.

import { hiddenMarker } from '../render/md.js';

/** The fields of an issue comment this module reads (a subset of GitHub's REST shape). */
export interface CommentLike {
  id: number;
  body?: string | null;
  created_at?: string;
  user?: { login: string; type?: string } | null;
  performed_via_github_app?: { id: number; slug?: string } | null;
}

// A type alias, not an interface: only aliases get the implicit index signature that lets
// these params pass as Octokit's `RequestParameters`.
export type IssueRef = {
  owner: string;
  repo: string;
  issue_number: number;
};

type CommentParams = { owner: string; repo: string; comment_id: number };

/** The part of an Octokit (REST plugin + paginate) this module needs. */
export interface CommentClient {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Octokit's overloaded paginate cannot be named structurally
  paginate: (route: any, parameters?: any) => Promise<unknown[]>;
  rest: {
    issues: {
      listComments: unknown;
      createComment(params: IssueRef & { body: string }): Promise<{ data: CommentLike }>;
      updateComment(params: CommentParams & { body: string }): Promise<{ data: CommentLike }>;
      deleteComment(params: CommentParams): Promise<unknown>;
    };
  };
}

/**
 * Which comments count as ours. Every field given must match. Without a filter, any comment
 * carrying the marker counts, which lets a user who pastes the marker hijack the slot, so the
 * bot should always pass its `[bot]` login or app id.
 */
export interface AuthorFilter {
  login?: string;
  type?: string;
  appId?: number;
}

export interface StickyCommentOptions {
  /** Hidden HTML comment identifying the slot, e.g. `<!-- ktriage:report -->`. */
  marker: string;
  author?: AuthorFilter;
  /** Re-list after creating to resolve a create/create race at once (default true). */
  recheckAfterCreate?: boolean;
}

export interface StickyCommentResult {
  id: number;
  action: 'created' | 'updated';
  /** Ids of duplicate marker comments that were deleted. */
  deleted: number[];
}

export function isMarker(marker: string): boolean {
  try {
    hiddenMarker(marker);
    return true;
  } catch {
    return false;
  }
}

export function withMarker(body: string, marker: string): string {
  return body.includes(marker) ? body : `${marker}\n${body}`;
}

export function isOurs(comment: CommentLike, marker: string, author: AuthorFilter = {}): boolean {
  if (!comment.body?.includes(marker)) return false;
  if (author.login !== undefined && comment.user?.login !== author.login) return false;
  if (author.type !== undefined && comment.user?.type !== author.type) return false;
  if (author.appId !== undefined && comment.performed_via_github_app?.id !== author.appId) return false;
  return true;
}

/** Oldest first: creation time, then id (GitHub ids grow with time). */
function byAge(a: CommentLike, b: CommentLike): number {
  const at = a.created_at ? Date.parse(a.created_at) : NaN;
  const bt = b.created_at ? Date.parse(b.created_at) : NaN;
  if (!Number.isNaN(at) && !Number.isNaN(bt) && at !== bt) return at - bt;
  return a.id - b.id;
}

export async function findStickyComments(client: CommentClient, issue: IssueRef, options: StickyCommentOptions): Promise<CommentLike[]> {
  const comments = (await client.paginate(client.rest.issues.listComments, { ...issue, per_page: 100 })) as CommentLike[];
  return comments.filter((comment) => isOurs(comment, options.marker, options.author)).sort(byAge);
}

async function deleteQuietly(client: CommentClient, issue: IssueRef, id: number): Promise<boolean> {
  try {
    await client.rest.issues.deleteComment({ owner: issue.owner, repo: issue.repo, comment_id: id });
    return true;
  } catch (error) {
    // A racing run may have deleted it first; that is the outcome we wanted.
    if ((error as { status?: number }).status === 404) return false;
    throw error;
  }
}

export async function upsertStickyComment(
  client: CommentClient,
  issue: IssueRef,
  body: string,
  options: StickyCommentOptions,
): Promise<StickyCommentResult> {
  if (!isMarker(options.marker)) throw new Error(`sticky comment marker must be one HTML comment, got ${JSON.stringify(options.marker)}`);
  const text = withMarker(body, options.marker);
  const existing = await findStickyComments(client, issue, options);
  const [oldest, ...newer] = existing;
  if (oldest) {
    await client.rest.issues.updateComment({ owner: issue.owner, repo: issue.repo, comment_id: oldest.id, body: text });
    const deleted: number[] = [];
    for (const duplicate of newer) if (await deleteQuietly(client, issue, duplicate.id)) deleted.push(duplicate.id);
    return { id: oldest.id, action: 'updated', deleted };
  }
  const { data: created } = await client.rest.issues.createComment({ ...issue, body: text });
  if (options.recheckAfterCreate === false) return { id: created.id, action: 'created', deleted: [] };
  const after = await findStickyComments(client, issue, options);
  const winner = after[0];
  if (!winner || winner.id === created.id) return { id: created.id, action: 'created', deleted: [] };
  // Someone else created one first: theirs wins, ours folds into it.
  await client.rest.issues.updateComment({ owner: issue.owner, repo: issue.repo, comment_id: winner.id, body: text });
  const deleted: number[] = [];
  for (const duplicate of after.slice(1)) if (await deleteQuietly(client, issue, duplicate.id)) deleted.push(duplicate.id);
  // The listing can lag behind our own create; delete ours only if it is one of ours at all.
  const listed = after.some((c) => c.id === created.id);
  if (!listed && isOurs(created, options.marker, options.author) && (await deleteQuietly(client, issue, created.id))) deleted.push(created.id);
  return { id: winner.id, action: 'updated', deleted };
}
