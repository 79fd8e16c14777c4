// Measures the kernel parser against syzkaller's report test files (see
// /work/shared/corpus/syzkaller/README.md for the layout) and, with --real, checks that real
// oops/panic/lockup logs each yield an event of the right family without crashing.
//
//   npm run corpus -- DIR [--min-detection 98] [--min-core-title 90]
//   npm run corpus -- --real DIR
//
// Detection agreement: a report where syzkaller has a TITLE, none where it has none.
// Type agreement: our title maps to syzkaller's TYPE. Title agreement: our title equals TITLE
// or one of its ALT titles. Every disagreement is listed.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyze, sourceFromText } from '../src/index.js';
import type { ReportEvent } from '../src/report/types.js';

export interface SyzCase {
  file: string;
  title: string;
  alt: string[];
  type: string;
  selection?: string;
  log: string;
}

/** Header lines up to the first empty line, then the log, then an optional `REPORT:` section. */
export function parseSyzFile(file: string, text: string): SyzCase {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const blank = lines.indexOf('');
  const header = blank >= 0 ? lines.slice(0, blank) : [];
  const rest = blank >= 0 ? lines.slice(blank + 1) : lines;
  const reportAt = rest.findIndex((l, i) => l === 'REPORT:' && (i === 0 || rest[i - 1] === ''));
  const log = (reportAt >= 0 ? rest.slice(0, reportAt) : rest).join('\n');
  const value = (key: string) => header.find((l) => l.startsWith(`${key}: `))?.slice(key.length + 2).trim() ?? '';
  return {
    file,
    title: value('TITLE'),
    alt: header.filter((l) => l.startsWith('ALT: ')).map((l) => l.slice(5).trim()),
    type: value('TYPE'),
    log,
  };
}

/** The kinds a syzkaller report can be: the event that would be "the" report of a log. */
const REPORT_KINDS = new Set(['soft-lockup', 'hard-lockup', 'rcu-stall', 'hung-task', 'workqueue-lockup', 'panic', 'oops', 'warning', 'memory-failure']);

export function primaryEvent(events: ReportEvent[]): ReportEvent | undefined {
  return events
    .filter((e) => REPORT_KINDS.has(e.kind) && e.title)
    .sort((a, b) => a.source.line - b.source.line)[0];
}

/** syzkaller's title → type table (crash.TitleToType), by title prefix. */
const TYPES: [RegExp, string][] = [
  [/^(?:BUG: soft lockup|INFO: rcu detected stall|INFO: task hung|INFO: task can't die)/, 'HANG'],
  [/^(?:BUG: spinlock|BUG: rwlock|possible deadlock|inconsistent lock state|WARNING: locking bug|WARNING: nested lock|WARNING: bad unlock balance|WARNING: suspicious RCU usage|INFO: suspicious RCU usage|WARNING: held lock|BUG: held lock)/, 'LOCKDEP'],
  [/^(?:BUG: scheduling while atomic|BUG: sleeping function called)/, 'ATOMIC_SLEEP'],
  [/^KASAN: (?:use-after-free|slab-use-after-free) Read/, 'KASAN-USE-AFTER-FREE-READ'],
  [/^KASAN: (?:use-after-free|slab-use-after-free) Write/, 'KASAN-USE-AFTER-FREE-WRITE'],
  [/^KASAN: .*Read|^KASAN: slab-out-of-bounds$/, 'KASAN-READ'],
  [/^KASAN: .*Write/, 'KASAN-WRITE'],
  [/^KCSAN: data-race/, 'KCSAN-DATARACE'],
  [/^KFENCE: use-after-free read/, 'KFENCE-USE-AFTER-FREE-READ'],
  [/^KMSAN: uninit-value/, 'KMSAN-UNINIT-VALUE'],
  [/^memory leak/, 'LEAK'],
  [/^BUG: unable to handle kernel NULL pointer dereference/, 'NULL-POINTER-DEREFERENCE'],
  [/^(?:BUG: unable to handle kernel paging request|BUG: corrupted list)/, 'MEMORY_SAFETY_BUG'],
  [/^WARNING: refcount bug/, 'REFCOUNT_WARNING'],
  [/^UBSAN:/, 'UBSAN'],
  [/^kernel BUG/, 'BUG'],
  [/^(?:WARNING in|WARNING: ODEBUG|WARNING: suspicious)/, 'WARNING'],
  [/^(?:kernel panic|general protection fault|divide error|PANIC: double fault|Internal error|Unhandled fault|Alignment trap|kernel stack overflow|stack segment fault|invalid opcode)/, 'DoS'],
  [/^unexpected kernel reboot/, 'REBOOT'],
];

export function titleType(title: string): string {
  return TYPES.find(([p]) => p.test(title))?.[1] ?? '';
}

/** The family of a title, for the per-kind table: the text before ` in `. */
function family(title: string): string {
  if (!title) return '(no crash)';
  return title.replace(/ in .*$/, '').replace(/^kernel panic: .*/, 'kernel panic').replace(/^KASAN: .*/, 'KASAN').replace(/^WARNING: .*/, 'WARNING');
}

interface Tally {
  files: number;
  detection: number;
  typeFiles: number;
  type: number;
  titleFiles: number;
  title: number;
}

const tally = (): Tally => ({ files: 0, detection: 0, typeFiles: 0, type: 0, titleFiles: 0, title: 0 });

export interface CaseResult {
  file: string;
  expected: string;
  got: string;
  selection?: string;
  detectionOk: boolean;
  typeOk?: boolean;
  titleOk?: boolean;
  error?: string;
}

export interface CorpusResult {
  cases: CaseResult[];
  overall: Tally;
  core: Tally;
  byFamily: Map<string, Tally>;
}

function add(t: Tally, r: CaseResult): void {
  t.files++;
  if (r.detectionOk) t.detection++;
  if (r.typeOk !== undefined) {
    t.typeFiles++;
    if (r.typeOk) t.type++;
  }
  if (r.titleOk !== undefined) {
    t.titleFiles++;
    if (r.titleOk) t.title++;
  }
}

export async function scoreCase(c: SyzCase): Promise<CaseResult> {
  let got = '';
  let error: string | undefined;
  try {
    const report = await analyze([sourceFromText(c.file, c.log)]);
    const primary = primaryEvent(report.events);
    // Compare syzkaller's own recipe, not ktriage's operator title.
    got = (primary?.details as Record<string, unknown> | undefined)?.syzkallerTitle as string | undefined ?? primary?.title ?? '';
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  const result: CaseResult = { file: c.file, expected: c.title, got, selection: c.selection, detectionOk: Boolean(c.title) === Boolean(got) && !error };
  if (error) result.error = error;
  if (c.title && got) {
    result.titleOk = got === c.title || c.alt.includes(got);
    if (c.type) result.typeOk = titleType(got) === c.type;
  }
  return result;
}

export async function runCorpus(dir: string): Promise<CorpusResult> {
  const meta = new Map<string, { selection?: string }>();
  try {
    for (const line of readFileSync(join(dir, 'expected.jsonl'), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const row = JSON.parse(line) as { file: string; selection?: string };
      meta.set(row.file, row);
    }
  } catch {
    // No expected.jsonl: every test file counts, none as `core`.
  }
  const files = readdirSync(dir)
    .filter((f) => !/\.(?:md|tsv|jsonl)$/.test(f) && statSync(join(dir, f)).isFile())
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const result: CorpusResult = { cases: [], overall: tally(), core: tally(), byFamily: new Map() };
  for (const file of files) {
    const c = { ...parseSyzFile(file, readFileSync(join(dir, file), 'utf8')), selection: meta.get(file)?.selection };
    const r = await scoreCase(c);
    result.cases.push(r);
    add(result.overall, r);
    if (r.selection === 'core') add(result.core, r);
    const fam = family(c.title);
    if (!result.byFamily.has(fam)) result.byFamily.set(fam, tally());
    add(result.byFamily.get(fam)!, r);
  }
  return result;
}

const pct = (n: number, d: number) => (d === 0 ? '   -  ' : `${((100 * n) / d).toFixed(1).padStart(5)}%`);

export function formatCorpus(result: CorpusResult): string {
  const out: string[] = [];
  const row = (name: string, t: Tally) =>
    `${name.padEnd(44)} ${String(t.files).padStart(4)}  detection ${pct(t.detection, t.files)}  type ${pct(t.type, t.typeFiles)} (${t.typeFiles})  title ${pct(t.title, t.titleFiles)} (${t.titleFiles})`;
  out.push('per kind (syzkaller title family):');
  for (const [name, t] of [...result.byFamily.entries()].sort((a, b) => b[1].files - a[1].files)) out.push(`  ${row(name, t)}`);
  out.push('');
  out.push(row('overall', result.overall));
  out.push(row('selection: core', result.core));
  const bad = result.cases.filter((c) => !c.detectionOk || c.titleOk === false || c.typeOk === false);
  if (bad.length) {
    out.push('', `disagreements (${bad.length}):`);
    for (const c of bad) {
      const what = c.error ? `engine error: ${c.error}` : !c.detectionOk ? 'detection' : c.titleOk === false ? 'title' : 'type';
      out.push(`  ${c.file} [${c.selection ?? '-'}] ${what}: expected "${c.expected}" got "${c.got}"`);
    }
  }
  return out.join('\n');
}

// ---- real logs --------------------------------------------------------------------------------

/** What a real log must yield, from words in the log itself (each family with its cue). */
const REAL_FAMILIES: { cue: RegExp; kinds: string[] }[] = [
  { cue: /BUG: soft lockup/, kinds: ['soft-lockup'] },
  { cue: /blocked for more than \d+ seconds/, kinds: ['hung-task'] },
  { cue: /detected (?:hard LOCKUP|Hard LOCKUP)/, kinds: ['hard-lockup'] },
  { cue: /self-detected stall|detected stalls? on CPU/, kinds: ['rcu-stall'] },
  { cue: /Machine Check|Hardware Error/, kinds: ['mce', 'ghes', 'edac', 'memory-failure'] },
  { cue: /Kernel panic - not syncing/, kinds: ['panic', 'oops'] },
  { cue: /WARNING: |page allocation failure/, kinds: ['warning', 'hard-lockup'] },
  { cue: /Oops|BUG: |Unable to handle kernel|general protection fault|kernel BUG|Internal error|invalid opcode: /, kinds: ['oops', 'memory-failure', 'soft-lockup', 'hung-task', 'rcu-stall'] },
];

/** User-space lines of a syslog file (`host prog[pid]: …` for a program other than the kernel). */
const USER_SPACE_LINE = /^[A-Z][a-z]{2} +\d+ [\d:]+ \S+ (?!kernel:)[^\s:]+(?:\[\d+\])?: .*$/gm;

/** The family a real log must yield: the one whose cue appears first in its kernel lines. */
export function expectedFamily(text: string): { cue: RegExp; kinds: string[] } | undefined {
  const kernelText = text.replace(USER_SPACE_LINE, '');
  let best: { at: number; family: (typeof REAL_FAMILIES)[number] } | undefined;
  for (const family of REAL_FAMILIES) {
    const m = family.cue.exec(kernelText);
    if (m && (!best || m.index < best.at)) best = { at: m.index, family };
  }
  return best?.family;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

export interface RealResult {
  file: string;
  kinds: string[];
  missing: string[];
  error?: string;
}

export async function runReal(dir: string): Promise<RealResult[]> {
  const results: RealResult[] = [];
  // ABRT's `.right` files are its expected parse output, not logs; SOURCES is attribution.
  for (const path of walk(dir).filter((p) => !/\.right$|SOURCES\.tsv$|\.md$/.test(p)).sort()) {
    const text = readFileSync(path, 'utf8');
    const name = relative(dir, path);
    try {
      const report = await analyze([sourceFromText(name, text)]);
      const kinds: string[] = [...new Set(report.events.map((e) => e.kind as string))];
      const family = expectedFamily(text);
      const missing = family && !family.kinds.some((k) => kinds.includes(k)) ? [family.kinds[0]!] : [];
      results.push({ file: name, kinds, missing });
    } catch (e) {
      results.push({ file: name, kinds: [], missing: [], error: e instanceof Error ? e.message : String(e) });
    }
  }
  return results;
}

async function main(argv: string[]): Promise<number> {
  const real = argv.includes('--real');
  const args = argv.filter((a) => a !== '--real');
  const option = (name: string) => {
    const i = args.indexOf(name);
    if (i < 0) return undefined;
    const v = Number(args[i + 1]);
    args.splice(i, 2);
    return v;
  };
  const minDetection = option('--min-detection');
  const minCoreTitle = option('--min-core-title');
  const dir = args[0];
  if (!dir || !statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    console.error('usage: npm run corpus -- DIR [--min-detection N] [--min-core-title N] | npm run corpus -- --real DIR');
    return 2;
  }
  if (real) {
    const results = await runReal(dir);
    const failed = results.filter((r) => r.error || r.missing.length);
    for (const r of results) console.log(`${r.error ? 'CRASH' : r.missing.length ? 'MISS ' : 'ok   '} ${r.file}: ${r.error ?? r.kinds.join(', ')}${r.missing.length ? ` (missing ${r.missing.join(', ')})` : ''}`);
    console.log(`\n${results.length - failed.length}/${results.length} files yield their family's events; ${results.filter((r) => r.error).length} crashed`);
    return failed.length ? 1 : 0;
  }
  const result = await runCorpus(dir);
  console.log(`corpus: ${basename(dir)} (${result.overall.files} files)`);
  console.log(formatCorpus(result));
  const det = (100 * result.overall.detection) / Math.max(1, result.overall.files);
  const title = (100 * result.core.title) / Math.max(1, result.core.titleFiles);
  if (minDetection !== undefined && det < minDetection) return 1;
  if (minCoreTitle !== undefined && title < minCoreTitle) return 1;
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main(process.argv.slice(2));
