// `npm run bench`: the engine against `grep -cE` on the same large log, in the same run.
//
//   npm run bench -- [--size 1GiB] [--growth 64MiB,256MiB] [--episodes 12] [--keep]
//   npm run bench -- --input FILE          (measure a file of your own; no planted check)
//
// For each size it writes a syslog with planted soft-lockup episodes to .bench/ (git-ignored),
// times `grep -cE` with the event header patterns (the practical speed limit: it reads every
// byte and matches the same headers), times the full analysis in a child process (built
// engine, as the CLI runs it) and takes that child's peak RSS, checks that exactly the planted
// episodes were found, deletes the file, and finally prints how time and memory grew.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { HEADER_PATTERN, writeCorpus, type Planted } from './bench/corpus.js';

const ROOT = resolve(import.meta.dirname, '..');
const BENCH_DIR = join(ROOT, '.bench');
const MiB = 1024 * 1024;

function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(B|KiB|MiB|GiB|K|M|G)?$/i.exec(text.trim());
  if (!m) throw new Error(`not a size: ${text} (use e.g. 64MiB or 1GiB)`);
  const unit = (m[2] ?? 'B').toUpperCase()[0]!;
  return Math.round(Number(m[1]) * ({ B: 1, K: 1024, M: MiB, G: 1024 * MiB } as Record<string, number>)[unit]!);
}

function human(bytes: number): string {
  return bytes >= 1024 * MiB ? `${(bytes / 1024 / MiB).toFixed(bytes % (1024 * MiB) ? 2 : 0)} GiB` : `${Math.round(bytes / MiB)} MiB`;
}

interface EngineRun {
  seconds: number;
  maxRssKiB: number;
  events: { kind: string; cpu?: number; pid?: number; line: number }[];
  inputs: number;
}

/** The built engine in a child process, so its peak RSS is its own. */
const CHILD = `
const [engine, inputs, file] = process.argv.slice(1);
const { analyze } = await import(engine);
const { collectSources } = await import(inputs);
const { sources } = await collectSources([file]);
const report = await analyze(sources);
const events = report.events.map((e) => ({ kind: e.kind, cpu: e.cpu, pid: e.pid, line: e.source.line }));
process.stdout.write(JSON.stringify({ events, inputs: report.inputs.length, maxRssKiB: process.resourceUsage().maxRSS }));
`;

function runEngine(file: string): EngineRun {
  const engine = pathToFileURL(join(ROOT, 'lib/src/index.js')).href;
  const inputs = pathToFileURL(join(ROOT, 'lib/src/cli/inputs.js')).href;
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', CHILD, engine, inputs, file], { encoding: 'utf8', maxBuffer: 64 * MiB });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (child.status !== 0) throw new Error(`engine run failed: ${child.stderr}`);
  return { seconds, ...(JSON.parse(child.stdout) as Omit<EngineRun, 'seconds'>) };
}

function runGrep(file: string): { seconds: number; count: number } {
  // Best of two: the file is in the page cache for both, as it is for the engine.
  let best = Infinity;
  let count = 0;
  for (let i = 0; i < 2; i++) {
    const started = process.hrtime.bigint();
    const out = spawnSync('grep', ['-cE', HEADER_PATTERN, file], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
    best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e9);
    count = Number(out.stdout.trim());
  }
  return { seconds: best, count };
}

function checkEpisodes(planted: Planted[] | undefined, run: EngineRun): { ok: boolean; text: string } {
  if (!planted) return { ok: true, text: `${run.events.length} events (nothing planted to check)` };
  const found = run.events.filter((e) => e.kind === 'soft-lockup');
  const key = (e: { cpu?: number; pid?: number; line: number }) => `${e.cpu}/${e.pid}@${e.line}`;
  const want = new Set(planted.map(key));
  const missing = planted.filter((p) => !found.some((e) => key(e) === key(p)));
  const extra = run.events.filter((e) => e.kind !== 'soft-lockup' || !want.has(key(e)));
  const ok = missing.length === 0 && extra.length === 0;
  const text = `${planted.length} planted, ${planted.length - missing.length} found, ${extra.length} extra${ok ? '' : `: missing ${missing.map(key).join(' ')} extra ${extra.map((e) => `${e.kind}:${key(e)}`).join(' ')}`}`;
  return { ok, text };
}

interface Row {
  bytes: number;
  grep: { seconds: number; count: number };
  engine: EngineRun;
  check: { ok: boolean; text: string };
}

function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  let kernel = '';
  try {
    kernel = execFileSync('uname', ['-sr'], { encoding: 'utf8' }).trim();
  } catch {
    kernel = process.platform;
  }
  return `nproc ${cpus().length} (${cpu}), memory ${(totalmem() / 1024 / MiB).toFixed(1)} GiB, node ${process.version}, ${kernel}`;
}

function measure(file: string, bytes: number, planted: Planted[] | undefined): Row {
  spawnSync('cat', [file], { stdio: 'ignore' }); // warm the page cache for both tools alike
  const grep = runGrep(file);
  const engine = runEngine(file);
  return { bytes, grep, engine, check: checkEpisodes(planted, engine) };
}

function printRow(row: Row): void {
  const mb = row.bytes / 1e6;
  const grepRate = mb / row.grep.seconds;
  const engineRate = mb / row.engine.seconds;
  console.log(
    `${human(row.bytes).padStart(8)} | grep ${row.grep.seconds.toFixed(2)} s ${grepRate.toFixed(0).padStart(5)} MB/s (${row.grep.count} header lines)` +
      ` | engine ${row.engine.seconds.toFixed(2)} s ${engineRate.toFixed(1).padStart(6)} MB/s | ratio ${(engineRate / grepRate).toFixed(3)}` +
      ` | peak RSS ${(row.engine.maxRssKiB / 1024).toFixed(0)} MiB | episodes: ${row.check.text}`,
  );
}

function main(): number {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: '1GiB' },
      growth: { type: 'string', default: '64MiB,256MiB' },
      episodes: { type: 'string', default: '12' },
      input: { type: 'string' },
      keep: { type: 'boolean', default: false },
    },
  });
  console.log(`machine: ${machine()}`);
  console.log(`baseline: LC_ALL=C grep -cE '${HEADER_PATTERN}'`);
  if (values.input) {
    const file = resolve(values.input);
    printRow(measure(file, statSync(file).size, undefined));
    return 0;
  }
  const episodes = Number(values.episodes);
  const sizes = [...new Set([...values.growth.split(',').filter(Boolean).map(parseSize), parseSize(values.size)])].sort((a, b) => a - b);
  mkdirSync(BENCH_DIR, { recursive: true });
  const rows: Row[] = [];
  for (const bytes of sizes) {
    const file = join(BENCH_DIR, `bench-${bytes}.log`);
    try {
      const { planted } = writeCorpus(file, { bytes, episodes });
      const row = measure(file, bytes, planted);
      rows.push(row);
      printRow(row);
    } finally {
      if (!values.keep) rmSync(file, { force: true });
    }
  }
  const first = rows[0]!;
  const last = rows.at(-1)!;
  const growth = last.bytes / first.bytes;
  const timeGrowth = last.engine.seconds / first.engine.seconds;
  const rssGrowth = last.engine.maxRssKiB / first.engine.maxRssKiB;
  const ratio = last.bytes / 1e6 / last.engine.seconds / (last.bytes / 1e6 / last.grep.seconds);
  console.log(`growth ${human(first.bytes)} → ${human(last.bytes)}: input ×${growth.toFixed(1)}, engine time ×${timeGrowth.toFixed(1)}, peak RSS ×${rssGrowth.toFixed(2)}`);
  const verdicts = [
    [`engine ≥ 0.25× grep at ${human(last.bytes)}`, ratio >= 0.25, `${ratio.toFixed(3)}×`],
    [`peak RSS < 256 MiB at ${human(last.bytes)}`, last.engine.maxRssKiB < 256 * 1024, `${(last.engine.maxRssKiB / 1024).toFixed(0)} MiB`],
    ['time grows linearly (within 25%)', rows.length < 2 || Math.abs(timeGrowth / growth - 1) <= 0.25, `×${timeGrowth.toFixed(1)} for ×${growth.toFixed(1)}`],
    ['exactly the planted episodes found, every size', rows.every((r) => r.check.ok), rows.map((r) => r.check.ok).join(' ')],
  ] as const;
  for (const [what, ok, value] of verdicts) console.log(`${ok ? 'PASS' : 'FAIL'}  ${what}: ${value}`);
  // Speed and memory are reported; only a wrong answer fails the run.
  return rows.every((r) => r.check.ok) ? 0 : 1;
}

process.exitCode = main();
