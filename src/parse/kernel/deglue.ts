// Some pstore/ERST and raw-buffer captures lose the SOH byte of printk's level prefixes, so the
// level character stays glued to the text: `4WARNING: CPU: 0 …`, `6dvkm: …`, and KERN_CONT
// fragments keep a `c` (`Modules linked in:c dvkm(O)c`), sometimes with two records on one line
// (`cpu 3dModules linked in:c binfmt_miscc`). Once a segment shows the pattern, lines are
// split back into records and the markers dropped.

/** Records the kernel always starts on a new line; a level char glued before one splits the line. */
const RECORD_STARTS = String.raw`(?:Modules linked in:|CPU: \d|Call Trace:|Call trace:|RIP: |Hardware name:|WARNING: |BUG: |INFO: |Kernel panic|Code: |RSP: |pc : |lr : |Workqueue: |---\[ end)`;

const GLUED_EVIDENCE = [new RegExp(`^[0-7d]${RECORD_STARTS}`), /Modules linked in:c(?: |$)/];
const LEADING_LEVEL = new RegExp(`^[0-7d](?=${RECORD_STARTS}|[a-z0-9_]+: )`);
const MID_LINE_RECORD = new RegExp(`(?<=\\S)[0-7d](?=${RECORD_STARTS})`, 'g');

export function looksGlued(message: string): boolean {
  return GLUED_EVIDENCE.some((p) => p.test(message));
}

/**
 * A KERN_CONT marker `c` starts a continuation record, so it stands right after the text before
 * it (`binfmt_miscc`, `EFLAGS: 00010246c` before pr_cont(" ORIG_RAX…")). A register field is
 * printed whole by one printk at its fixed width (%02x, %08lx, %016lx): a `c` that completes
 * such a field is its last digit (`RBX: 0000000051bc1c7c`), not a marker.
 */
const MARKER_AFTER_TOKEN = /(^|\s)(\S*)c(?=\s|$)/g;
const FULL_WIDTH_HEX = /^(?:[0-9a-f]{2}|[0-9a-f]{4}|[0-9a-f]{8}|[0-9a-f]{16})$/;

function dropContinuationMarkers(record: string): string {
  return record.replace(MARKER_AFTER_TOKEN, (all, blank: string, before: string) => (FULL_WIDTH_HEX.test(`${before}c`) ? all : `${blank}${before}`));
}

/** Splits a glued line into records and drops the level and continuation markers. */
export function deglue(message: string): string[] {
  return message
    .split(MID_LINE_RECORD)
    .map((record) => dropContinuationMarkers(record.replace(LEADING_LEVEL, '')))
    .filter((record) => record.trim().length > 0);
}
