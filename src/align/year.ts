// The year of year-less host stamps (BSD syslog `Aug  2 21:07:31`, journalctl -o short).
// Taken, in order, from:
// 1. `--year`;
// 2. a line of the inputs that ties a stamp to an absolute time (an embedded ISO stamp, an RFC 3339
//    or journal JSON line, an MCE record's TIME, journalctl's `-- cursor:` realtime);
// 3. the SEL's own dates (with the December/January roll-over);
// 4. the `Linux version` banner's build date (init/version.c linux_banner ends with UTS_VERSION,
//    `#41-Ubuntu SMP PREEMPT_DYNAMIC Fri Jul 12 20:41:06 UTC 2024`): the log is no older than the
//    kernel, so the first year from the build on whose calendar the log's dates fit — a guess, labelled;
// 5. the file's modification time (a log is written up to its last line), labelled as the last resort.
import type { LocalDateTime, ParsedBundle } from '../model/records.js';
import type { ClocksReport } from '../report/types.js';
import { localToEpochMillis } from '../parse/prefix/table.js';

export type YearEvidence = NonNullable<ClocksReport['year']>;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** UTS_VERSION's date: `date` output, optionally with a zone (`UTC`, `CST`, `+08`). */
const BUILD_DATE = new RegExp(String.raw`\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (${MONTHS.join('|')}) {1,2}(\d{1,2}) \d\d:\d\d:\d\d(?: [A-Z]{1,5}(?:[+-]\d{1,4})?)? (\d{4})\b`);

export interface YearOptions {
  year?: number;
  inputsModified?: { input: string; millis: number }[];
}

/** Month and day as one comparable number. */
const monthDay = (local: { month: number; day: number }) => local.month * 100 + local.day;

function yearlessStamps(bundle: ParsedBundle): LocalDateTime[] {
  return bundle.hostLogSpans.flatMap((s) => [s.first.local, s.last.local]).filter((l): l is LocalDateTime => l !== undefined && l.year === undefined);
}

function fromSel(bundle: ParsedBundle): YearEvidence | undefined {
  const dated = bundle.sel.filter((r) => r.local?.year !== undefined && r.local.year > 2000 && !r.preInit);
  if (dated.length === 0) return undefined;
  // The newest SEL year, unless the host log's months only fit the year before (a log from December, a SEL already in January).
  const latest = dated.reduce((a, b) => (localToEpochMillis(b.local!) > localToEpochMillis(a.local!) ? b : a));
  const year = latest.local!.year!;
  const hostMonths = bundle.hostLogSpans.flatMap((s) => [s.first.local?.month, s.last.local?.month]).filter((m): m is number => m !== undefined);
  const rolled = hostMonths.length > 0 && hostMonths.every((m) => m > latest.local!.month + 1);
  return {
    value: rolled ? year - 1 : year,
    method: 'sel',
    evidence: `SEL record dates (latest ${latest.source.input}:${latest.source.line})${rolled ? "; the host log's months are later in the year than the SEL's newest record, so the year before" : ''}`,
  };
}

function fromBuildDate(bundle: ParsedBundle, stamps: LocalDateTime[]): YearEvidence | undefined {
  const banners = [...bundle.boots.map((b) => ({ text: b.text, source: b.source })), ...bundle.hostFacts.filter((f) => f.field === 'kernelRelease').map((f) => ({ text: f.text, source: f.source }))];
  for (const banner of banners) {
    if (!/Linux version /.test(banner.text)) continue;
    const m = BUILD_DATE.exec(banner.text);
    if (!m) continue;
    const built = { month: MONTHS.indexOf(m[1]!) + 1, day: Number(m[2]) };
    const year = Number(m[3]);
    const first = stamps[0];
    const value = first && monthDay(first) < monthDay(built) ? year + 1 : year;
    return {
      value,
      method: 'kernel-build-date',
      evidence: `${banner.source.input}:${banner.source.line}`,
      note: `estimate: the kernel was built ${m[1]} ${m[2]} ${year} and the log is no older; ${value} is the first year from the build in which the log's dates fall — pass --year if the log is from a later year`,
    };
  }
  return undefined;
}

function fromModified(options: YearOptions, stamps: LocalDateTime[]): YearEvidence | undefined {
  const newest = options.inputsModified?.reduce((a, b) => (b.millis > a.millis ? b : a));
  if (!newest) return undefined;
  const modified = new Date(newest.millis);
  const year = modified.getUTCFullYear();
  // A log's last line is written before the file's mtime: dates later in the year than the mtime are the year before.
  const later = stamps.some((s) => monthDay(s) > (modified.getUTCMonth() + 1) * 100 + modified.getUTCDate() + 1);
  return {
    value: later ? year - 1 : year,
    method: 'file-mtime',
    evidence: newest.input,
    note: `last resort: ${newest.input} was last modified ${modified.toISOString().slice(0, 10)}, and a log is written up to its last line${later ? "; its dates lie later in the year, so the year before" : ''} — pass --year if the file was copied or touched since`,
  };
}

export function inferYear(bundle: ParsedBundle, options: YearOptions = {}): YearEvidence | undefined {
  if (options.year !== undefined) return { value: options.year, method: 'option', evidence: '--year' };
  for (const e of bundle.clockEvidence) {
    if (e.utcMillis !== undefined) return { value: new Date(e.utcMillis).getUTCFullYear(), method: 'utc-evidence', evidence: `${e.source.input}:${e.source.line}` };
    if (e.kind === 'year' && e.year !== undefined) return { value: e.year, method: 'utc-evidence', evidence: `${e.source.input}:${e.source.line}` };
  }
  const sel = fromSel(bundle);
  if (sel) return sel;
  const stamps = yearlessStamps(bundle);
  if (stamps.length === 0) return undefined;
  return fromBuildDate(bundle, stamps) ?? fromModified(options, stamps);
}

/** Said when host stamps carry no year and nothing gave one: without it no host time reaches UTC. */
export function yearMissingNote(bundle: ParsedBundle): string | undefined {
  return yearlessStamps(bundle).length > 0
    ? 'the host log stamps carry no year and no input gives one (no dated line, SEL record, kernel banner or file date): host times stay on the host clock — pass --year'
    : undefined;
}
