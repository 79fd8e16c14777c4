// `npm run bench:fleet -- [--count 10000] [--runs 3] [--keep]`: `ktriage fleet` over 10,000
// saved incidents, as a JSON Lines history of summaries and as a folder of saved `.json` reports,
// against baselines measured in the same run on the same files: `wc -l`, and a `node -e` that
// only reads and JSON.parses every line or file (what any reader of these files must do).
//
// The incidents are real analyses varied: a few fixtures are analysed once (the reference
// incident, the fleet fixtures' DIMM, an MCE panic, lockups and stalls of several arches), then
// each saved incident takes one of them with its host, time, DIMM slot, MCE bank and kernel build
// drawn from a seeded generator, so hosts, parts and signatures recur as in a fleet. Every
// program runs in a child under GNU time (wall, user+system CPU, peak RSS); best of --runs by
// CPU, the largest peak RSS. Files go to .bench/ (git-ignored) and are deleted afterwards.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { collectSources } from '../src/cli/inputs.js';
import { analyze, renderReport } from '../src/index.js';
import { dimmKey } from '../src/report/summary.js';
import type { IncidentSummary, Report } from '../src/report/types.js';
import { random } from './bench/corpus.js';

const ROOT = resolve(import.meta.dirname, '..');
const BENCH = join(ROOT, '.bench', 'fleet');
const CLI = join(ROOT, 'bin', 'ktriage.js');

const TEMPLATES = [
  'examples/incident-2024-03-27',
  'test/fixtures/fleet/node-7-2024-03-23',
  'test/fixtures/kernel/x86-mce-fatal-panic.log',
  'test/fixtures/kernel/x86-softlockup-caller.log',
  'test/fixtures/kernel/x86-rcu-nmi.log',
  'test/fixtures/kernel/ppc64-hardlockup.log',
  'test/fixtures/kernel/hardware-and-panics.log',
];

const HOSTS = 300;
const SLOTS = ['CPU1_DIMM_A0', 'CPU1_DIMM_B0', 'CPU1_DIMM_C1', 'CPU1_DIMM_D1', 'CPU2_DIMM_E0', 'CPU2_DIMM_F0', 'CPU2_DIMM_G1', 'CPU2_DIMM_H1'];

/** One saved incident from a template: the report with its host, time and parts redrawn. */
function vary(template: Report, index: number, random: () => number): Report {
  const report = structuredClone(template);
  const summary = report.summary!;
  // Some hosts freeze far more often than others, as in a fleet.
  const host = `node-${Math.floor(random() ** 2 * HOSTS)}`;
  const at = new Date(Date.UTC(2024, 0, 1) + index * 47 * 60e3 + Math.floor(random() * 40 * 60e3));
  summary.hostname = host;
  report.host.hostname = host;
  summary.incidentUtc = at.toISOString();
  if (summary.kernelRelease) {
    const builds = ['', '1', '2', '3'];
    summary.kernelRelease = summary.kernelRelease.replace(/-(\d+)/, (_, build: string) => `-${Number(build) + Number(builds[Math.floor(random() * builds.length)] || 0) * 50}`);
  }
  summary.parts = summary.parts.map((part) => {
    const fields = part.key.split('|').slice(2);
    if (part.type === 'dimm') {
      const label = SLOTS[Math.floor(random() * SLOTS.length)]!;
      return { type: part.type, key: [host, 'dimm', dimmKey(label)].join('|'), label };
    }
    if (part.type === 'mce-bank') {
      const bank = Math.floor(random() * 23);
      return { type: part.type, key: [host, 'mce-bank', fields[0], bank].join('|'), label: `socket ${fields[0]} bank ${bank}` };
    }
    return { ...part, key: [host, part.type, ...fields].join('|') };
  });
  return report;
}

async function templates(): Promise<Report[]> {
  const out: Report[] = [];
  for (const path of TEMPLATES) {
    const { sources } = await collectSources([join(ROOT, path)]);
    out.push(JSON.parse(renderReport(await analyze(sources), 'json')) as Report);
  }
  return out;
}

interface Run {
  wall: number;
  cpu: number;
  rssKiB: number;
}

/** One child under GNU time; its stdout is discarded, a failure stops the bench. */
function timed(command: string, args: string[]): Run {
  const out = join(BENCH, 'time.txt');
  const child = spawnSync('/usr/bin/time', ['-o', out, '-f', '%e %U %S %M', command, ...args], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 64 << 20 });
  if (child.status !== 0) throw new Error(`${command} ${args.slice(0, 3).join(' ')}… failed (${child.status}): ${child.stderr.slice(0, 2000)}`);
  const [wall, user, system, rss] = readFileSync(out, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  return { wall: wall!, cpu: user! + system!, rssKiB: rss! };
}

function best(runs: number, command: string, args: string[]): Run {
  const all = Array.from({ length: runs }, () => timed(command, args));
  const fastest = all.reduce((a, b) => (b.cpu < a.cpu ? b : a));
  return { ...fastest, rssKiB: Math.max(...all.map((r) => r.rssKiB)) };
}

/** The baseline reader: every line (or file) read and JSON.parsed, nothing kept. */
const PARSE_LINES = `
const rl = require('node:readline').createInterface({ input: require('node:fs').createReadStream(process.argv[1]), crlfDelay: Infinity });
let n = 0; rl.on('line', (l) => { if (l) { JSON.parse(l); n++; } }).on('close', () => console.log(n));`;
const PARSE_FILES = `
const fs = require('node:fs'), path = require('node:path');
let n = 0; for (const f of fs.readdirSync(process.argv[1])) { JSON.parse(fs.readFileSync(path.join(process.argv[1], f), 'utf8')); n++; } console.log(n);`;

/** What readFleet keeps once everything is read: the heap after a full GC, less the heap before. */
const RETAINED = `
const { readFleet } = await import(process.argv[1]);
global.gc(); const before = process.memoryUsage().heapUsed;
const fleet = await readFleet([process.argv[2]]);
global.gc(); console.log(JSON.stringify({ retained: process.memoryUsage().heapUsed - before, incidents: fleet.incidents.length }));`;

function retainedMiB(input: string): number {
  const child = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', RETAINED, pathToFileURL(join(ROOT, 'lib', 'src', 'cli', 'fleet.js')).href, input], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`retained-heap child failed: ${child.stderr}`);
  return (JSON.parse(child.stdout) as { retained: number }).retained / 2 ** 20;
}

function machine(): string {
  const uname = spawnSync('uname', ['-sr'], { encoding: 'utf8' }).stdout.trim();
  return `nproc ${cpus().length} (${cpus()[0]?.model ?? 'unknown CPU'}), memory ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, ${uname}`;
}

const fmt = (r: Run) => `${r.wall.toFixed(2)} s wall, ${r.cpu.toFixed(2)} s CPU, peak RSS ${(r.rssKiB / 1024).toFixed(0)} MiB`;

interface FleetOut {
  incidents: unknown[];
  groups: { by: string; key: string; count: number; first: string | null; last: string | null }[];
  skipped: unknown[];
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { count: { type: 'string', default: '10000' }, runs: { type: 'string', default: '3' }, keep: { type: 'boolean', default: false } } });
  const count = Number(values.count);
  const runs = Number(values.runs);
  if (!existsSync(join(ROOT, 'lib', 'src', 'cli', 'main.js'))) throw new Error('build first: npm run build');
  rmSync(BENCH, { recursive: true, force: true });
  const folder = join(BENCH, 'reports');
  mkdirSync(folder, { recursive: true });
  const history = join(BENCH, 'history.jsonl');

  const bases = await templates();
  const next = random(15);
  const lines: string[] = [];
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const report = vary(bases[i % bases.length]!, i, next);
    lines.push(JSON.stringify(report.summary as IncidentSummary));
    const text = renderReport(report, 'json');
    bytes += Buffer.byteLength(text);
    writeFileSync(join(folder, `incident-${String(i).padStart(5, '0')}.json`), text);
  }
  writeFileSync(history, `${lines.join('\n')}\n`);
  const files = spawnSync('ls', [folder], { encoding: 'utf8' }).stdout.trim().split('\n').map((name) => join(folder, name));

  console.log(`bench-fleet: ${count} saved incidents from ${bases.length} analysed fixtures, best of ${runs} by CPU`);
  console.log(`machine: ${machine()}`);
  console.log(`history: ${history.replace(`${ROOT}/`, '')} (${(readFileSync(history).length / 2 ** 20).toFixed(1)} MiB of summaries)`);
  console.log(`folder:  ${folder.replace(`${ROOT}/`, '')} (${count} reports, ${(bytes / 2 ** 20).toFixed(0)} MiB)`);

  const startup = best(runs, process.execPath, ['-e', '0']);
  console.log(`node start-up (node -e 0): ${fmt(startup)}`);
  const results: Record<string, FleetOut> = {};
  for (const [name, input, parse] of [
    ['history', history, PARSE_LINES],
    ['folder', folder, PARSE_FILES],
  ] as const) {
    const output = join(BENCH, `fleet-${name}.json`);
    spawnSync('cat', name === 'history' ? [history] : files, { stdio: 'ignore' }); // the page cache warm for every reader alike
    const wc = best(runs, 'wc', ['-l', ...(name === 'history' ? [history] : files)]);
    const node = best(runs, process.execPath, ['-e', parse, input]);
    const fleet = best(runs, process.execPath, [CLI, 'fleet', '-f', 'json', '-o', output, input]);
    results[name] = JSON.parse(readFileSync(output, 'utf8')) as FleetOut;
    const out = results[name]!;
    console.log(`\n${name}: ${out.incidents.length} incidents, ${out.groups.length} groups (${out.groups.filter((g) => g.count > 1).length} recurring), ${out.skipped.length} skipped`);
    console.log(`  wc -l                          ${fmt(wc)}`);
    console.log(`  node -e read + JSON.parse each ${fmt(node)}`);
    console.log(`  ktriage fleet -f json          ${fmt(fleet)}`);
    console.log(`  ratio fleet/node-parse: CPU ×${(fleet.cpu / node.cpu).toFixed(2)}, wall ×${(fleet.wall / node.wall).toFixed(2)}, peak RSS ×${(fleet.rssKiB / node.rssKiB).toFixed(2)}`);
    console.log(`  ratio fleet/wc -l:      CPU ×${(fleet.cpu / Math.max(wc.cpu, 0.01)).toFixed(1)}, wall ×${(fleet.wall / Math.max(wc.wall, 0.01)).toFixed(1)}`);
    const markdown = best(1, process.execPath, [CLI, 'fleet', '-f', 'markdown', '-o', join(BENCH, `fleet-${name}.md`), input]);
    console.log(`  ktriage fleet -f markdown      ${fmt(markdown)}`);
    const retained = retainedMiB(input);
    console.log(`  readFleet retained heap after GC: ${retained.toFixed(1)} MiB (${((retained * 2 ** 20) / count).toFixed(0)} bytes per incident: summaries and group ids only)`);
  }
  // The same incidents read two ways must group the same.
  const shape = (out: FleetOut) => JSON.stringify(out.groups.map((g) => [g.by, g.key, g.count, g.first, g.last]));
  const agree = results['history']!.incidents.length === count && shape(results['history']!) === shape(results['folder']!);
  console.log(`\n${agree ? 'PASS' : 'FAIL'}  history and folder give the same ${count} incidents and the same groups`);
  console.log(`load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} CPUs`);
  if (!values.keep) rmSync(BENCH, { recursive: true, force: true });
  if (!agree) process.exitCode = 1;
}

await main();
