// One analysis of one issue: read the issue and its comments, fetch the inputs, run the engine,
// and put the result in the app's single comment. Every failure ends in that comment too.
import { analyze } from '../src/index.js';
import { markdownReport } from '../src/render/markdown.js';
import { TOOL_VERSION } from '../src/version.js';
import { findStickyComments, upsertStickyComment, type CommentClient, type CommentLike, type AuthorFilter } from '../src/github/sticky-comment.js';
import type { BotConfig } from './config.js';
import { collect, completeOutcomes, gather, inputsHash, type ContentsClient, type IssueText } from './collect.js';
import { composeFailure, composeReport, deniedNote, hashFromBody, MARKER, type Outcome } from './compose.js';
import { applyVerdictLabel, type LabelClient } from './labels.js';
import { md, text, type Md } from '../src/render/md.js';
import type { RepoRef } from './inputs.js';
import { seenBeforeSection, type MemoryClient } from './memory.js';
import { encodeSummaryBlock } from '../src/fleet/summary-block.js';

export type Client = CommentClient & LabelClient & ContentsClient & MemoryClient;

export interface IssueInfo {
  owner: string;
  repo: string;
  number: number;
  body: string | null | undefined;
  author: string;
  labels: string[];
  isPrivate: boolean;
}

export interface RunOptions {
  config: BotConfig;
  /** Re-run even when the inputs are unchanged (an explicit `/analyze`). */
  force: boolean;
  hostUtcOffset?: string;
  bmcUtcOffset?: string;
  webHosts: readonly string[];
  allowlist: readonly string[];
  author: AuthorFilter;
  headersFor?: (url: URL) => Record<string, string>;
  log: { info: (msg: string) => void; error: (obj: unknown, msg?: string) => void };
}

export type RunResult = { status: 'posted'; commentId: number; action: 'created' | 'updated'; verdict: string } | { status: 'unchanged' } | { status: 'failed'; what: string };

const TRUSTED_ASSOCIATIONS = new Set(['OWNER', 'MEMBER', 'COLLABORATOR']);

interface CommentRow extends CommentLike {
  author_association?: string;
}

/** Whether a commenter's inputs count as evidence (`inputs.trust`). */
export function isTrusted(config: BotConfig, issueAuthor: string, login: string, association: string | undefined): boolean {
  return config.inputs.trust === 'anyone' || login.toLowerCase() === issueAuthor.toLowerCase() || TRUSTED_ASSOCIATIONS.has(association ?? '');
}

export function issueTexts(issue: IssueInfo, comments: CommentRow[], config: BotConfig): IssueText[] {
  const texts: IssueText[] = [{ origin: { where: 'issue body', author: issue.author }, body: issue.body ?? '', trusted: true }];
  for (const comment of comments) {
    // Bots' comments (ours included: the report quotes log lines) are never evidence.
    if (!comment.body || comment.user?.type === 'Bot') continue;
    const author = comment.user?.login ?? '';
    texts.push({ origin: { where: `comment ${comment.id}`, author }, body: comment.body, trusted: isTrusted(config, issue.author, author, comment.author_association) });
  }
  return texts;
}

export async function runAnalysis(client: Client, issue: IssueInfo, options: RunOptions): Promise<RunResult> {
  const ref = { owner: issue.owner, repo: issue.repo, issue_number: issue.number };
  const repo: RepoRef = { owner: issue.owner, repo: issue.repo };
  let stage = 'reading the issue comments';
  let outcomes: Outcome[] = [];
  try {
    const comments = (await client.paginate(client.rest.issues.listComments, { ...ref, per_page: 100 })) as CommentRow[];
    const texts = issueTexts(issue, comments, options.config);
    const { trusted, untrusted } = gather(texts, repo, options.webHosts);
    const clock = {
      hostUtcOffset: options.hostUtcOffset ?? options.config.clocks.hostUtcOffset,
      bmcUtcOffset: options.bmcUtcOffset ?? options.config.clocks.bmcUtcOffset,
    };
    const hash = inputsHash([...trusted, ...untrusted], { clock, config: options.config, tool: TOOL_VERSION });
    const ours = await findStickyComments({ rest: client.rest, paginate: async () => comments }, ref, { marker: MARKER, author: options.author });
    if (!options.force && ours[0] && hashFromBody(ours[0].body) === hash) {
      options.log.info(`${issue.owner}/${issue.repo}#${issue.number}: inputs unchanged, comment ${ours[0].id} left as is`);
      return { status: 'unchanged' };
    }

    stage = 'fetching the inputs';
    const collected = await collect(trusted, untrusted, { repo, config: options.config, allowlist: options.allowlist, contents: client, headersFor: options.headersFor });
    outcomes = collected.outcomes;

    stage = 'analysing the inputs';
    const { limits } = options.config;
    const report = await analyze(collected.sources, {
      ...clock,
      limits: { maxExpandedBytes: limits.maxExpandedBytes, maxEntries: limits.maxArchiveEntries, maxRatio: limits.maxCompressionRatio },
    });
    completeOutcomes(collected, report.inputs);

    const notes = [deniedNote(outcomes, issue.isPrivate)].filter((n): n is Md => Boolean(n));
    if (options.config.labels.add) {
      try {
        await applyVerdictLabel(client, ref, options.config, report.verdict.rootCause, issue.labels);
      } catch (error) {
        // A missing label is worth a note, not worth losing the report over.
        notes.push(md`> [!NOTE]\n> The verdict label could not be applied: ${text(error instanceof Error ? error.message : String(error))}`);
      }
    }

    // After the analysis and never fatal: a lookup that fails or is slow only leaves a note.
    const { memory } = options.config;
    const seenBefore = memory.lookup
      ? await seenBeforeSection(client, report.summary, { repo, author: options.author, maxIssues: memory.maxIssues, timeoutSeconds: memory.timeoutSeconds, exclude: issue.number })
      : undefined;

    stage = 'posting the report';
    const body = composeReport({ report: markdownReport(report), outcomes, hash, notes, summaryBlock: encodeSummaryBlock(report.summary), seenBefore });
    const posted = await upsertStickyComment(client, ref, body, { marker: MARKER, author: options.author });
    return { status: 'posted', commentId: posted.id, action: posted.action, verdict: report.verdict.rootCause };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const what = `${stage}: ${message}`;
    options.log.error({ err: error }, `${issue.owner}/${issue.repo}#${issue.number}: ${what}`);
    try {
      await upsertStickyComment(client, ref, composeFailure(what, outcomes), { marker: MARKER, author: options.author });
    } catch (postError) {
      options.log.error({ err: postError }, 'could not post the failure comment either');
    }
    return { status: 'failed', what };
  }
}
