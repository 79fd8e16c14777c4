// The app's one comment: the engine's Markdown report (the same renderer as the CLI and the
// Action), an account of every input the issue offered, and hidden markers — one to find the
// comment again, one with a hash of the inputs so an unchanged issue is not re-posted.
import { COMMENT_MAX_CHARS, fitMarkdown } from '../src/github/limits.js';
import { BLANK_LINE, capped, hiddenMarker, join, md, NEWLINE, table, text, trimEnd, type Md } from '../src/render/md.js';

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

/** The hidden markers, first in the comment: the slot, the inputs' hash, the summary block's lines. */
function markers(hash?: string, summaryBlock: readonly string[] = []): Md {
  const lines = [MARKER, ...(hash ? [inputsMarker(hash)] : []), ...summaryBlock];
  return join(lines.map((line) => hiddenMarker(line)), NEWLINE);
}

export function hashFromBody(body: string | null | undefined): string | undefined {
  return body ? HASH_MARKER.exec(body)?.[1] : undefined;
}

const ICON: Record<OutcomeStatus, string> = { analysed: '✅', skipped: '⏭️', 'not downloaded': '⚠️' };

export function outcomesSection(outcomes: Outcome[]): Md {
  const title = md`**Inputs read from this issue**`;
  if (outcomes.length === 0) return md`${title}\n\nThe issue offered no logs: no fenced code block, attachment or link to a file in this repository.`;
  const rows = outcomes.slice(0, MAX_ROWS).map((o) => [text(`${ICON[o.status]} ${o.status}`), text(o.name), text(o.kind), text(o.origin), text(o.detail)]);
  const more = outcomes.length > MAX_ROWS ? md`\n\n…and ${outcomes.length - MAX_ROWS} more inputs not listed.` : md``;
  return md`${title}\n\n${table([md`Status`, md`Input`, md`Kind`, md`Where`, md`What happened`], rows)}${more}`;
}

/** Explains what to do about attachments GitHub would not hand to the app. */
export function deniedNote(outcomes: Outcome[], isPrivate: boolean): Md | undefined {
  const denied = outcomes.filter((o) => o.kind === 'attachment' && o.status === 'not downloaded' && /HTTP (401|403|404)/.test(o.detail));
  if (denied.length === 0) return undefined;
  const names = join(
    capped(denied, 5, (o) => md`“${text(o.name)}”`, (more) => md`and ${more} more`),
    md`, `,
  );
  const why = isPrivate
    ? md`GitHub does not let apps download attachments in private repositories`
    : md`GitHub refused to hand these attachments to the app`;
  return join(
    [
      md`> [!WARNING]`,
      md`> ${why}, so ${names} could not be read. To include ${denied.length === 1 ? md`it` : md`them`}:`,
      md`> - paste the relevant part into a comment inside a fenced code block (three backticks), or`,
      md`> - commit the file to this repository and link it (\`…/blob/<branch>/<path>\`), which the app reads through the contents API, or`,
      md`> - run the ktriage GitHub Action, which reads files from the checkout.`,
    ],
    NEWLINE,
  );
}

export function fitComment(body: Md): string {
  return fitMarkdown(body, { maxChars: COMMENT_MAX_CHARS, fullReportHint: 'Run `ktriage analyze` on the same files for the full report.' }).text;
}

export interface ReportParts {
  /** The engine's Markdown report. */
  report: Md;
  outcomes: Outcome[];
  hash: string;
  /** Read first, never trimmed. */
  notes: Md[];
  /** The incident summary's hidden lines (src/fleet/summary-block.ts). */
  summaryBlock?: readonly string[];
  /** "Seen before", or why earlier incidents were not looked up. */
  seenBefore?: Md;
}

/** The report comment: markers, notes, the report, "Seen before", the inputs table. */
export function composeReport(parts: ReportParts): string {
  const { report, outcomes, hash, notes, summaryBlock, seenBefore } = parts;
  const sections = [markers(hash, summaryBlock), ...notes, trimEnd(report), ...(seenBefore ? [seenBefore] : []), outcomesSection(outcomes)];
  return fitComment(md`${join(sections, BLANK_LINE)}\n`);
}

export function composeFailure(what: string, outcomes: Outcome[]): string {
  return fitComment(
    join(
      [
        markers(),
        md`### ktriage: analysis failed`,
        md``,
        md`ktriage could not finish analysing this issue: ${text(what)}`,
        md``,
        md`Nothing was posted from a partial run. Comment \`/analyze\` to try again; if this keeps happening, run \`ktriage analyze\` on the files locally.`,
        md``,
        outcomesSection(outcomes),
        md``,
      ],
      NEWLINE,
    ),
  );
}

export function composeConfigError(problems: string[]): string {
  return fitComment(
    join(
      [
        markers(),
        md`### ktriage: \`.github/ktriage.yml\` is not valid`,
        md``,
        md`The analysis did not run because the configuration file has problems:`,
        md``,
        ...capped(problems, 30, (p) => md`- ${text(p)}`, (more) => md`- …and ${more} more`),
        md``,
        md`Fix the file on the default branch, then comment \`/analyze\`. The settings are described in the README under “Run the app”.`,
        md``,
      ],
      NEWLINE,
    ),
  );
}
