// Whether anything at all was read. An empty file, a lone `.xz` or an archive of bzip2 members
// yields a report with verdict `none`, which would read as "looked, found nothing"; the CLI
// (exit 2) and the Action (a failed step) say instead that there was nothing to look at, and why.
import type { InputReport, Report } from '../report/types.js';

const LISTED = 10;

/** An input that gave the parsers something: a line of text or a record of a binary layout. */
function wasRead(input: InputReport): boolean {
  return !input.skipped && input.lines > 0;
}

function why(input: InputReport): string {
  if (input.skipped) return input.skipped;
  if (input.archive) {
    const entry = input.archive.skippedEntries[0];
    return input.archive.stopped ?? `${input.archive.format} archive with no readable member${entry ? ` (${entry.path}: ${entry.reason})` : ''}`;
  }
  return 'no line';
}

/** Undefined when some input was read; otherwise the message that says why none was. */
export function nothingReadable(report: Report): string | undefined {
  if (report.inputs.some(wasRead)) return undefined;
  const listed = report.inputs.slice(0, LISTED).map((input) => `${input.name}: ${why(input)}`);
  if (report.inputs.length > LISTED) listed.push(`… and ${report.inputs.length - LISTED} more`);
  return `nothing readable in the ${report.inputs.length === 1 ? 'input' : `${report.inputs.length} inputs`}, so there was nothing to analyse (${listed.join('; ')})`;
}
