// The app's one comment: the engine's Markdown report (the same renderer as the CLI and the
// Action), an account of every input the issue offered, and hidden markers — one to find the
// comment again, one with a hash of the inputs so an unchanged issue is not re-posted.
import { escapeInline } from '../src/render/escape.js';
import { COMMENT_MAX_CHARS, fitMarkdown } from '../src/github/limits.js';

export const MARKER = '<!-- ktriage:report -->';
const HASH_MARKER = /<!-- ktriage:inputs ([0-9a-f]{64}) -->/;
const MAX_ROWS = 100;

export type OutcomeStatus = 'analysed' | 'skipped' | 'not downloaded';

export interface Outcome {
  name: string;
  /** `issue body` or `comment 123`. */
  origin: string;
  kind: 'pasted' | 'attachment' | 'repository file' | 'link';
  status: OutcomeStatus;
  detail: string;
}

export function inputsMarker(hash: string): string {
  return `<!-- ktriage:inputs ${hash} -->`;
}

export function hashFromBody(body: string | null | undefined): string | undefined {
  return body ? HASH_MARKER.exec(body)?.[1] : undefined;
}

const ICON: Record<OutcomeStatus, string> = { analysed: '✅', skipped: '⏭️', 'not downloaded': '⚠️' };

export function outcomesSection(outcomes: Outcome[]): string {
  if (outcomes.length === 0) return '**Inputs read from this issue**\n\nThe issue offered no logs: no fenced code block, attachment or link to a file in this repository.';
  const rows = outcomes.slice(0, MAX_ROWS).map((o) => `| ${ICON[o.status]} ${o.status} | ${escapeInline(o.name)} | ${o.kind} | ${escapeInline(o.origin)} | ${escapeInline(o.detail)} |`);
  const more = outcomes.length > MAX_ROWS ? `\n\n…and ${outcomes.length - MAX_ROWS} more inputs not listed.` : '';
  return ['**Inputs read from this issue**', '', '| Status | Input | Kind | Where | What happened |', '|---|---|---|---|---|', ...rows].join('\n') + more;
}

/** Explains what to do about attachments GitHub would not hand to the app. */
export function deniedNote(outcomes: Outcome[], isPrivate: boolean): string | undefined {
  const denied = outcomes.filter((o) => o.kind === 'attachment' && o.status === 'not downloaded' && /HTTP (401|403|404)/.test(o.detail));
  if (denied.length === 0) return undefined;
  const names = denied.slice(0, 5).map((o) => `“${o.name}”`).join(', ');
  const why = isPrivate
    ? 'GitHub does not let apps download attachments in private repositories'
    : 'GitHub refused to hand these attachments to the app';
  return [
    `> [!WARNING]`,
    `> ${why}, so ${escapeInline(names)} could not be read. To include ${denied.length === 1 ? 'it' : 'them'}:`,
    '> - paste the relevant part into a comment inside a fenced code block (three backticks), or',
    '> - commit the file to this repository and link it (`…/blob/<branch>/<path>`), which the app reads through the contents API, or',
    '> - run the ktriage GitHub Action, which reads files from the checkout.',
  ].join('\n');
}

export function fitComment(body: string): string {
  return fitMarkdown(body, { maxChars: COMMENT_MAX_CHARS, fullReportHint: 'Run `ktriage analyze` on the same files for the full report.' }).text;
}

export function composeReport(reportMarkdown: string, outcomes: Outcome[], hash: string, notes: string[]): string {
  const report = reportMarkdown.startsWith(`${MARKER}\n`) ? reportMarkdown.slice(MARKER.length + 1).replace(/^\n+/, '') : reportMarkdown;
  // Notes go right under the markers: they survive trimming and are read first.
  const parts = [`${MARKER}\n${inputsMarker(hash)}`, ...notes, report.replace(/\n+$/, ''), outcomesSection(outcomes)];
  return fitComment(`${parts.join('\n\n')}\n`);
}

export function composeFailure(what: string, outcomes: Outcome[]): string {
  return fitComment(
    [
      MARKER,
      '### ktriage: analysis failed',
      '',
      `ktriage could not finish analysing this issue: ${escapeInline(what)}`,
      '',
      'Nothing was posted from a partial run. Comment `/analyze` to try again; if this keeps happening, run `ktriage analyze` on the files locally.',
      '',
      outcomesSection(outcomes),
      '',
    ].join('\n'),
  );
}

export function composeConfigError(problems: string[]): string {
  return fitComment(
    [
      MARKER,
      '### ktriage: `.github/ktriage.yml` is not valid',
      '',
      'The analysis did not run because the configuration file has problems:',
      '',
      ...problems.slice(0, 30).map((p) => `- ${escapeInline(p)}`),
      '',
      'Fix the file on the default branch, then comment `/analyze`. The settings are described in the README under “Run the app”.',
      '',
    ].join('\n'),
  );
}
