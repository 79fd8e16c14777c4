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

/** Splits a glued line into records and drops the level and continuation markers. */
export function deglue(message: string): string[] {
  return message
    .split(MID_LINE_RECORD)
    .map((record) => record.replace(LEADING_LEVEL, '').replace(/c(?= |$)/g, ''))
    .filter((record) => record.length > 0);
}
