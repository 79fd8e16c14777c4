// The bot's memory (issue #15 item 3): earlier ktriage reports of the same repository, found with
// GitHub's issue search for the hidden key words of src/fleet/summary-block.ts and read from the
// app's own comments. It is best-effort and bounded: a few search pages, a cap on issues and
// comments read, one time budget for all of it, and no waiting out a rate limit — a lookup that
// cannot finish says why and the report is posted without it. It only reads.
import { decodeSummaryBlock, matchKeys, SUMMARY_TOKEN } from '../src/fleet/summary-block.js';
import type { FleetIncident } from '../src/fleet/group.js';
import type { IncidentSummary } from '../src/report/types.js';
import { isOurs, type AuthorFilter, type CommentLike } from '../src/github/sticky-comment.js';
import { MARKER } from './compose.js';
import type { RepoRef } from './inputs.js';
import { seenBefore } from '../src/fleet/seen-before.js';
import { renderSeenBefore, renderSeenBeforeUnavailable } from '../src/render/seen-before.js';
import { md, type Md } from '../src/render/md.js';

/** What a lookup hands to the search: a signal for the time budget, and no retries (see bot/octokit.ts). */
export interface LookupRequestOptions {
  signal: AbortSignal;
  retries: 0;
  retryOnRateLimit: false;
}

interface SearchItem {
  number: number;
  pull_request?: unknown;
}

interface Answer<T> {
  data: T;
  headers: Record<string, string | number | undefined>;
}

/** The part of an Octokit the lookup needs. */
export interface MemoryClient {
  rest: {
    search: {
      issuesAndPullRequests: (params: { q: string; per_page: number; page: number; sort?: 'updated'; order?: 'desc'; advanced_search?: string; request?: LookupRequestOptions }) => Promise<Answer<{ items: SearchItem[] }>>;
    };
    issues: {
      listComments: (params: { owner: string; repo: string; issue_number: number; per_page: number; page: number; request?: LookupRequestOptions }) => Promise<Answer<CommentLike[]>>;
    };
  };
}

export interface LookupOptions {
  repo: RepoRef;
  /** Whose comments count as the app's own: another author's hidden block is never read. */
  author: AuthorFilter;
  /** Issues read at most (search hits beyond are left unread). */
  maxIssues: number;
  /** Time for the whole lookup. */
  timeoutSeconds: number;
  /** The issue being analysed: its own report is not an earlier incident. */
  exclude?: number;
}

/** An earlier incident: an issue whose app comment carries a summary. */
export interface RememberedIncident extends FleetIncident {
  issue: number;
  /** When the report comment was last written. */
  reportedAt: string | null;
}

export type Lookup = { status: 'found'; incidents: RememberedIncident[]; searched: number; read: number } | { status: 'skipped'; why: string };

const PER_PAGE = 50;
const MAX_PAGES = 3;
const COMMENTS_PER_PAGE = 100;
/** Pages of comments read per issue: the report is among the first comments of an issue. */
const MAX_COMMENT_PAGES = 3;
/** GitHub's issue search allows at most five AND/OR/NOT operators in one query. */
const MAX_TERMS = 6;

/** Earlier incidents that share a host, part or signature with `summary`. */
export function lookupRelated(client: MemoryClient, summary: IncidentSummary, options: LookupOptions): Promise<Lookup> {
  const tokens = [...new Set(matchKeys(summary).map((k) => k.token))];
  // The part keys come first after the host: when there are more keys than one query holds, the host and parts matter most.
  const terms = tokens.length > MAX_TERMS ? [...tokens.slice(0, MAX_TERMS - 1), tokens[tokens.length - 1]!] : tokens;
  if (terms.length === 0) return Promise.resolve({ status: 'found', incidents: [], searched: 0, read: 0 });
  return lookup(client, terms.length === 1 ? terms[0]! : `(${terms.join(' OR ')})`, options);
}

/** Every ktriage incident of the repository the search finds, most recently updated first. */
export function lookupAll(client: MemoryClient, options: LookupOptions): Promise<Lookup> {
  return lookup(client, SUMMARY_TOKEN, options);
}

async function lookup(client: MemoryClient, terms: string, options: LookupOptions): Promise<Lookup> {
  const request: LookupRequestOptions = { signal: AbortSignal.timeout(options.timeoutSeconds * 1000), retries: 0, retryOnRateLimit: false };
  try {
    const issues = await searchIssues(client, `repo:${options.repo.owner}/${options.repo.repo} is:issue in:comments ${terms}`, options, request);
    const incidents: RememberedIncident[] = [];
    let read = 0;
    for (const issue of issues) {
      const found = await reportOf(client, issue, options, request);
      read += found.read;
      if (found.incident) incidents.push(found.incident);
    }
    return { status: 'found', incidents, searched: issues.length, read };
  } catch (error) {
    // Octokit reports an aborted fetch as HTTP 500: the signal says whether it was the budget.
    return { status: 'skipped', why: request.signal.aborted ? `GitHub did not answer within ${options.timeoutSeconds} s` : whySkipped(error) };
  }
}

async function searchIssues(client: MemoryClient, q: string, options: LookupOptions, request: LookupRequestOptions): Promise<number[]> {
  const numbers: number[] = [];
  // One more than needed: the issue being analysed is usually among the hits.
  const perPage = Math.min(PER_PAGE, options.maxIssues + 1);
  for (let page = 1; page <= MAX_PAGES && numbers.length < options.maxIssues; page++) {
    const { data, headers } = await client.rest.search.issuesAndPullRequests({ q, per_page: perPage, page, sort: 'updated', order: 'desc', advanced_search: 'true', request });
    for (const item of data.items) {
      if (item.pull_request || item.number === options.exclude || numbers.includes(item.number)) continue;
      if (numbers.length < options.maxIssues) numbers.push(item.number);
    }
    // The search allows 30 requests a minute: the last one is left for whoever needs it more.
    if (data.items.length < perPage || Number(headers['x-ratelimit-remaining'] ?? 1) <= 1) break;
  }
  return numbers;
}

/** The summary in the app's own report comment of an issue, if it has one. */
async function reportOf(client: MemoryClient, issue: number, options: LookupOptions, request: LookupRequestOptions): Promise<{ incident?: RememberedIncident; read: number }> {
  let read = 0;
  for (let page = 1; page <= MAX_COMMENT_PAGES; page++) {
    const { data } = await client.rest.issues.listComments({ ...options.repo, issue_number: issue, per_page: COMMENTS_PER_PAGE, page, request });
    read += data.length;
    for (const comment of data) {
      // Anyone can paste a hidden block into a comment; only the app's own report is believed.
      if (!isOurs(comment, MARKER, options.author)) continue;
      const summary = decodeSummaryBlock(comment.body);
      if (!summary) continue;
      const updated = (comment as { updated_at?: string }).updated_at ?? comment.created_at ?? null;
      const id = `#${issue}`;
      return { incident: { id, source: `${options.repo.owner}/${options.repo.repo}${id}`, summary, issue, reportedAt: updated }, read };
    }
    if (data.length < COMMENTS_PER_PAGE) break;
  }
  return { read };
}

/** Why the lookup did not finish, in words for the comment. */
export function whySkipped(error: unknown): string {
  const e = error as { status?: number; message?: string; response?: { headers?: Record<string, string | undefined> } };
  const message = e.message ?? String(error);
  if (e.status === 403 || e.status === 429) {
    if (/secondary rate/i.test(message)) return `GitHub's secondary rate limit was hit (HTTP ${e.status}); the next analysis will try again`;
    const headers = e.response?.headers ?? {};
    if (headers['x-ratelimit-remaining'] === '0' || e.status === 429) {
      const reset = Number(headers['x-ratelimit-reset']);
      const at = Number.isFinite(reset) && reset > 0 ? `, until ${new Date(reset * 1000).toISOString().slice(11, 16)} UTC` : '';
      return `the search rate limit is used up (HTTP ${e.status})${at}`;
    }
    return `GitHub refused the search (HTTP ${e.status}: ${message.slice(0, 120)})`;
  }
  if (typeof e.status === 'number') return `the search failed (HTTP ${e.status})`;
  return `the search failed: ${message.slice(0, 160)}`;
}

/** The "Seen before" section for a new report, or the note saying why there is none. */
export async function seenBeforeSection(client: MemoryClient, summary: IncidentSummary, options: LookupOptions): Promise<Md | undefined> {
  const found = await lookupRelated(client, summary, options);
  if (found.status === 'skipped') return renderSeenBeforeUnavailable(found.why);
  const current = { id: `#${options.exclude ?? 0}`, source: 'this issue', summary };
  // Issue numbers come from GitHub's own answer, so `#12` is a real link to an issue of this repository.
  return renderSeenBefore(seenBefore(current, found.incidents), current, (incident) => md`#${incident.issue}`, (incident) => incident.reportedAt);
}
