// The message lines of each event's report, kept beside the event (not in the report JSON)
// so titles can be computed the way syzkaller computes them: from the report's text.
import type { KernelEvent } from '../../model/records.js';

/** More than this and a report is a flood; titles never need the tail. */
export const MAX_REPORT_LINES = 800;

const TEXT = new WeakMap<KernelEvent, string[]>();

export function reportText(event: KernelEvent): string[] | undefined {
  return TEXT.get(event);
}

export function appendReportLine(event: KernelEvent, line: string): void {
  let lines = TEXT.get(event);
  if (!lines) TEXT.set(event, (lines = []));
  if (lines.length < MAX_REPORT_LINES) lines.push(line);
}

/** True when the event's report text takes no more lines. */
export function reportTextFull(event: KernelEvent): boolean {
  return (TEXT.get(event)?.length ?? 0) >= MAX_REPORT_LINES;
}

/** A dump whose header was cut, merged into its header: the header's lines come first. */
export function joinReportText(into: KernelEvent, from: KernelEvent): void {
  TEXT.set(into, [...(TEXT.get(into) ?? []), ...(TEXT.get(from) ?? [])]);
}
