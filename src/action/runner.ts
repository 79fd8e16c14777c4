// The Action: inputs → files → engine → outputs, job summary, annotations, sticky comment.
// Every problem with an input is a warning in the log and a line in the summary; the step
// fails only for `fail_on`, a bad input value, nothing readable at all, or a failed comment.
import * as core from '@actions/core';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OptionError } from '../align/index.js';
import { skippedInput, sourcesOf } from '../cli/inputs.js';
import { nothingReadable } from '../cli/readable.js';
import { analyze } from '../engine.js';
import { renderReport } from '../render/index.js';
import { markdownReport } from '../render/markdown.js';
import { BLANK_LINE, capped, code, hiddenMarker, join as joinMd, md, NEWLINE, text, type Md } from '../render/md.js';
import type { IncidentSummary, Report } from '../report/types.js';
import { COMMENT_MAX_CHARS, fitMarkdown, SUMMARY_MAX_BYTES } from '../github/limits.js';
import { upsertStickyComment } from '../github/sticky-comment.js';
import { commentTarget, parseRepository, type EventPayload } from './event.js';
import { displayName, resolveFiles, DEFAULT_ARTIFACTS } from './files.js';
import { historyFile, recall, seenBeforeOf, type HistoryFile, type Recall } from './history.js';
import { findingAnnotations, gateFailure } from './gate.js';
import { asInputNames, InputError, markerFor, readInputs, type ActionInputs } from './inputs.js';
import { createOctokit, type OctokitFactory } from './octokit.js';

export interface RunnerDeps {
  /** The run's GITHUB_* context (event, repository, API URL). Inputs, outputs and the summary
   * go through @actions/core, which always reads process.env. */
  env: NodeJS.ProcessEnv;
  /** Where relative globs start and report names are relative to (the checkout). */
  workspace: string;
  createOctokit: OctokitFactory;
  fetch?: typeof globalThis.fetch;
}

export function defaultDeps(): RunnerDeps {
  return { env: process.env, workspace: process.cwd(), createOctokit };
}

/** Part of a message: plain text, or a name (a path, a glob) shown as code. */
type Part = string | { code: string };

/** Something a person should know about the inputs, shown in the log and the summary. */
interface Problem {
  parts: Part[];
  file?: string;
}

// Leaves room under the 1 MiB step-summary limit for what other steps of the job write.
const SUMMARY_BUDGET = SUMMARY_MAX_BYTES - 64 * 1024;

/** For the log and annotations. */
function plain(parts: Part[]): string {
  return parts.map((part) => (typeof part === 'string' ? part : `\`${part.code.replace(/`/g, "'")}\``)).join('');
}

/** For the summary and the comment: file names come from the repository, so they are escaped too. */
function partsMarkdown(parts: Part[]): Md {
  return joinMd(
    parts.map((part) => (typeof part === 'string' ? text(part) : code(part.code))),
    md``,
  );
}

function problemsBlock(problems: Problem[]): Md | undefined {
  if (problems.length === 0) return undefined;
  const items = capped(problems, 50, (p) => md`> - ${partsMarkdown(p.parts)}`, (more) => md`> - … and ${more} more (see the log)`);
  return md`> [!WARNING]\n> **ktriage: ${problems.length} input problem${problems.length === 1 ? md`` : md`s`}**\n>\n${joinMd(items, NEWLINE)}`;
}

async function writeSummary(markdown: string): Promise<void> {
  if (!process.env['GITHUB_STEP_SUMMARY']) return;
  const fitted = fitMarkdown(markdown, { maxBytes: SUMMARY_BUDGET, fullReportHint: 'The full report is in the report_markdown output file.' });
  await core.summary.addRaw(fitted.text).write();
}

async function fail(message: string, problems: Problem[] = []): Promise<void> {
  core.setFailed([message, ...problems.map((p) => plain(p.parts))].join('\n'));
  const lines = [text(message), ...problems.map((p) => partsMarkdown(p.parts))].map((line) => md`> ${line}`);
  await writeSummary(md`### ktriage could not analyse\n\n> [!CAUTION]\n${joinMd(lines, NEWLINE)}\n`);
}

async function readEvent(env: NodeJS.ProcessEnv): Promise<EventPayload> {
  const path = env['GITHUB_EVENT_PATH'];
  if (!path) return {};
  try {
    return JSON.parse(await readFile(path, 'utf8')) as EventPayload;
  } catch (error) {
    core.warning(`could not read the event payload ${path}: ${(error as Error).message}`);
    return {};
  }
}

/** Collects sources from the globbed files; names become workspace-relative paths. */
async function gatherInputs(inputs: ActionInputs, workspace: string, problems: Problem[]) {
  const resolved = await resolveFiles(inputs.patterns, workspace);
  for (const pattern of resolved.unmatched) problems.push({ parts: ['pattern ', { code: pattern }, ' matched no file'] });
  const sources = sourcesOf(resolved.files);
  for (const source of sources) source.name = displayName(source.name, workspace);
  const unreadable = resolved.skipped;
  for (const bad of unreadable) {
    // Node's reasons quote absolute paths ("stat '/home/runner/work/…'"): say them relative.
    bad.reason = bad.reason.split(bad.path).join(displayName(bad.path, workspace)).split(`${workspace}/`).join('');
    bad.path = displayName(bad.path, workspace);
    problems.push({ parts: [{ code: bad.path }, `${bad.unreadable ? ' could not be read' : ' not read'}: ${bad.reason}`], file: bad.path });
  }
  return { resolved, sources, unreadable };
}

/** The step's outputs other than `comment_id`, as later workflow steps read them. */
export function actionOutputs(report: Report, files: { json: string; markdown: string; chosen: string }): Record<string, string> {
  const { verdict } = report;
  return {
    root_cause: verdict.rootCause,
    confidence: verdict.confidence,
    summary: verdict.summary,
    headline: verdict.headline,
    stuck_cpus: JSON.stringify(verdict.stuckCpus),
    target_cpu: verdict.targetCpu === null ? '' : String(verdict.targetCpu),
    report_json: files.json,
    report_markdown: files.markdown,
    report_file: files.chosen,
  };
}

function setOutputs(report: Report, files: { json: string; markdown: string; chosen: string }): void {
  for (const [name, value] of Object.entries(actionOutputs(report, files))) core.setOutput(name, value);
}

async function postComment(deps: RunnerDeps, inputs: ActionInputs, body: Md, runUrl: string | undefined): Promise<void> {
  const event = await readEvent(deps.env);
  const target = commentTarget(inputs.commentOn, deps.env['GITHUB_EVENT_NAME'] ?? 'unknown', event);
  if (!target) {
    core.warning(`comment_on: auto found no issue or pull request in the ${deps.env['GITHUB_EVENT_NAME'] ?? 'triggering'} event (nor a #N in the head commit message); no comment posted`);
    return;
  }
  const repository = parseRepository(deps.env['GITHUB_REPOSITORY']);
  if (!repository) throw new Error(`GITHUB_REPOSITORY is "${deps.env['GITHUB_REPOSITORY'] ?? ''}", expected owner/repo`);
  if (!inputs.githubToken) throw new Error('comment_on is set but github_token is empty');
  const octokit = deps.createOctokit({ token: inputs.githubToken, baseUrl: deps.env['GITHUB_API_URL'], fetch: deps.fetch });
  const hint = runUrl ? `The full report is in the job summary of ${runUrl}.` : 'The full report is in the job summary.';
  const fitted = fitMarkdown(body, { maxChars: COMMENT_MAX_CHARS, fullReportHint: hint });
  try {
    const result = await upsertStickyComment(octokit, { ...repository, issue_number: target.number }, fitted.text, {
      marker: markerFor(inputs.commentKey),
      author: inputs.commentAuthor === '*' ? undefined : { login: inputs.commentAuthor },
    });
    core.setOutput('comment_id', String(result.id));
    core.info(`${result.action} comment ${result.id} on #${target.number} (${target.from})${result.deleted.length ? `; deleted duplicates ${result.deleted.join(', ')}` : ''}`);
  } catch (error) {
    const status = (error as { status?: number }).status;
    const why = status === 403 || status === 404 ? ' — the token needs `issues: write` (and `pull-requests: write` for PRs) in the workflow\'s permissions' : '';
    throw new Error(`could not comment on #${target.number}: ${(error as Error).message}${why}`, { cause: error });
  }
}

/**
 * The clock notes and the verdict tell the reader which setting would place a clock; here that
 * setting is an input. Evidence (text quoted from the inputs) is left as it was.
 */
function renameFlags(report: Report): void {
  const visit = (value: unknown): unknown => {
    if (typeof value === 'string') return asInputNames(value);
    if (Array.isArray(value)) return value.map(visit);
    if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) if (key !== 'evidence') (value as Record<string, unknown>)[key] = visit(inner);
    }
    return value;
  };
  visit(report.clocks);
  visit(report.verdict);
}

/** The history read, "Seen before" for the report, the history with this incident appended; what went wrong with it is a problem like any input's. */
async function remember(history: HistoryFile, report: Report & { summary: IncidentSummary }, out: string, problems: Problem[]): Promise<ReturnType<typeof seenBeforeOf> & { written?: string }> {
  const result: Recall = await recall(history, report.summary, out);
  if (result.status === 'missing') core.notice(`history ${history.name} does not exist yet: nothing to compare with; history_file starts it with this incident`);
  if (result.status === 'failed') problems.push({ parts: [`history: ${result.why ?? ''}; no history_file was written`], file: history.name });
  if (result.skipped.count > 0) {
    const named = result.skipped.first.map((bad) => `line ${bad.line} (${bad.reason})`).join(', ');
    const more = result.skipped.count > result.skipped.first.length ? `, and ${result.skipped.count - result.skipped.first.length} more` : '';
    problems.push({
      parts: [{ code: history.name }, `: ${result.skipped.count} line${result.skipped.count === 1 ? '' : 's'} not read as an incident: ${named}${more}; kept as they are in history_file`],
      file: history.name,
    });
  }
  if (result.replaced.length > 0) core.info(`history ${history.name}: line ${result.replaced.join(', ')} held this same incident (same host and time), analysed before: replaced by this analysis`);
  const seen = seenBeforeOf(result, report.summary, history);
  core.info(`history ${history.name}: ${result.incidents} earlier incident(s), ${result.related.length} related; recurrence ${seen.recurrence ?? 'unknown'}`);
  return { ...seen, ...(result.written ? { written: result.written } : {}) };
}

export async function run(deps: RunnerDeps = defaultDeps()): Promise<void> {
  let inputs: ActionInputs;
  let history: HistoryFile | undefined;
  try {
    inputs = readInputs((name) => core.getInput(name));
    if (inputs.history) history = await historyFile(inputs.history, deps.workspace);
  } catch (error) {
    if (error instanceof InputError) return fail(error.message);
    throw error;
  }

  const problems: Problem[] = [];
  const { resolved, sources, unreadable } = await gatherInputs(inputs, deps.workspace, problems);
  if (sources.length === 0) {
    const looked = resolved.usedDefaults
      ? `no crash artifacts found in the workspace (looked for ${DEFAULT_ARTIFACTS.map((row) => row.kind).join(', ')}); set the paths input`
      : `no readable file matched paths: ${inputs.patterns.join(', ')}`;
    for (const p of problems) core.warning(plain(p.parts), p.file ? { file: p.file } : {});
    return fail(looked, problems);
  }

  let report: Report & { summary: IncidentSummary };
  try {
    report = await analyze(sources, { hostUtcOffset: inputs.hostUtcOffset, bmcUtcOffset: inputs.bmcUtcOffset, hostTz: inputs.hostTz, bmcTz: inputs.bmcTz });
  } catch (error) {
    if (error instanceof OptionError) return fail(asInputNames(error.message));
    throw error;
  }
  renameFlags(report);
  for (const bad of unreadable) report.inputs.push(skippedInput(bad));
  for (const input of report.inputs) {
    if (input.skipped && !unreadable.some((bad) => bad.path === input.name)) problems.push({ parts: [{ code: input.name }, ` skipped: ${input.skipped}`], file: input.name });
  }
  if (resolved.usedDefaults) {
    const unrecognised = report.inputs.filter((input) => !input.skipped && input.kinds.every((kind) => kind === 'unknown'));
    if (unrecognised.length) core.info(`${unrecognised.length} file(s) matched the default patterns but hold nothing ktriage recognises: ${unrecognised.map((i) => i.name).join(', ')}`);
  }
  // Verdict `none` over inputs that gave nothing is no finding: the step says so and fails,
  // whatever fail_on says (README: "the step fails … when nothing at all could be read").
  const nothing = nothingReadable(report);
  if (nothing) problems.unshift({ parts: [nothing] });

  const dir = inputs.outputDir ?? join(deps.env['RUNNER_TEMP'] || tmpdir(), 'ktriage');
  await mkdir(dir, { recursive: true });
  // Nothing read is no incident: it is neither compared nor added to the history.
  const memory = history && !nothing ? await remember(history, report, join(dir, 'history.jsonl'), problems) : undefined;
  for (const p of problems) core.warning(plain(p.parts), p.file ? { file: p.file, title: 'ktriage input' } : { title: 'ktriage input' });

  const markdown = markdownReport(report, memory ? { seenBefore: memory.section } : {});
  const files = { json: join(dir, 'report.json'), markdown: join(dir, 'report.md'), chosen: '' };
  await writeFile(files.json, renderReport(report, 'json'));
  await writeFile(files.markdown, markdown);
  files.chosen = inputs.format === 'json' ? files.json : inputs.format === 'markdown' ? files.markdown : join(dir, 'report.txt');
  if (inputs.format === 'text') await writeFile(files.chosen, renderReport(report, 'text'));
  setOutputs(report, files);
  if (memory?.recurrence) core.setOutput('recurrence', memory.recurrence);
  if (memory?.written) core.setOutput('history_file', memory.written);

  core.startGroup(`ktriage report (${inputs.format})`);
  core.info(inputs.format === 'markdown' ? markdown : renderReport(report, inputs.format));
  core.endGroup();
  for (const a of findingAnnotations(report)) core[a.level](a.message, { title: a.title, file: a.file, startLine: a.startLine });

  const notes = problemsBlock(problems);
  await writeSummary(notes ? md`${notes}\n\n${markdown}` : markdown);

  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: runId } = deps.env;
  const runUrl = server && repo && runId ? `${server}/${repo}/actions/runs/${runId}` : undefined;
  let commentError: Error | undefined;
  if (inputs.commentOn.kind !== 'none') {
    try {
      await postComment(deps, inputs, joinMd([hiddenMarker(markerFor(inputs.commentKey)), ...(notes ? [notes] : []), markdown], BLANK_LINE), runUrl);
    } catch (error) {
      commentError = error as Error;
    }
  }

  const gate = gateFailure(inputs.failOn, report);
  const failures = [nothing, gate, commentError?.message].filter((m): m is string => Boolean(m));
  if (failures.length) core.setFailed(failures.join('\n'));
  else core.info(`ktriage: ${report.verdict.rootCause} (${report.verdict.confidence}) — ${report.verdict.headline}`);
}
