#!/usr/bin/env node
// Benchmark: how long the bundled Action takes as a step, against bare Node start-up measured
// in the same run on the same machine. Three commands, interleaved round-robin so drift in
// machine load hits all of them alike:
//   baseline  node -e ''                         (process start-up, nothing loaded)
//   load      node dist/index.js, bad input      (start-up + parsing the 1.5 MB bundle + reading inputs, then exits)
//   analyse   node dist/index.js on the incident (start-up + bundle + analysis + report files + summary)
// Usage: node scripts/bench-action.mjs [runs=30] [incident folder=examples/incident-2024-03-27]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const runs = Number(process.argv[2] ?? 30);
const incident = process.argv[3] ?? 'examples/incident-2024-03-27';
const bundle = join(root, 'dist/index.js');

function actionEnv(inputs) {
  const temp = mkdtempSync(join(tmpdir(), 'ktriage-bench-'));
  writeFileSync(join(temp, 'output'), '');
  writeFileSync(join(temp, 'summary'), '');
  const env = { PATH: process.env.PATH, RUNNER_TEMP: temp, GITHUB_OUTPUT: join(temp, 'output'), GITHUB_STEP_SUMMARY: join(temp, 'summary') };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  return { env, temp };
}

const commands = {
  baseline: () => ({ args: ['-e', ''], env: { PATH: process.env.PATH } }),
  load: () => ({ args: [bundle], ...actionEnv({ paths: incident, fail_on: 'not-a-gate' }), expect: 1 }),
  analyse: () => ({ args: [bundle], ...actionEnv({ paths: incident, format: 'json' }), expect: 0 }),
};

const times = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
for (let i = 0; i < runs + 2; i++) {
  for (const [name, make] of Object.entries(commands)) {
    const { args, env, temp, expect = 0 } = make();
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { cwd: root, env, encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (temp) rmSync(temp, { recursive: true, force: true });
    if (result.status !== expect) throw new Error(`${name} exited ${result.status}, expected ${expect}:\n${result.stdout}${result.stderr}`);
    if (i >= 2) times[name].push(ms); // the first two rounds warm the file cache
  }
}

const stat = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: at(0.5), p90: at(0.9), min: sorted[0] };
};
const base = stat(times.baseline).median;
console.log(`node ${process.version}, ${runs} runs each, bundle ${(statSync(bundle).size / 1e6).toFixed(2)} MB, inputs ${incident}`);
console.log('command    median ms    p90 ms    min ms   × baseline   over baseline');
for (const [name, values] of Object.entries(times)) {
  const s = stat(values);
  console.log(
    `${name.padEnd(9)} ${s.median.toFixed(1).padStart(9)} ${s.p90.toFixed(1).padStart(9)} ${s.min.toFixed(1).padStart(9)} ${(s.median / base).toFixed(2).padStart(11)} ${(s.median - base).toFixed(1).padStart(12)} ms`,
  );
}
const analysis = stat(times.analyse).median - stat(times.load).median;
console.log(`analysis itself (analyse − load): ${analysis.toFixed(1)} ms`);
