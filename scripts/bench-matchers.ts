// `npm run bench:matchers -- [--size 64]`: which matcher finds the start tokens
// (src/ingest/search/tokens.ts) fastest in each log shape of scripts/bench/genlog-profiles.py,
// measured against `grep -cE` of the same tokens in the same run (issue #14 item 1: "choose the
// matcher by measurement"). Each candidate reads the file in 1 MiB chunks cut at a newline and
// must find the same lines:
//  - combined: the chunk as one-byte (latin1) text, one regular expression of every token;
//  - combined-utf8: the same after UTF-8 decoding (what the text path has in hand);
//  - indexOf: Buffer.indexOf once per token over the raw bytes (native memmem-style search),
//    hits folded to their lines;
//  - gram-scan: what the engine runs (src/ingest/search/scan-block.ts): one pass over the raw
//    bytes in WebAssembly, a hashed three-byte filter at every third position (literals.ts),
//    checked again on five bytes and confirmed byte by byte, which also finds the line breaks
//    and the bytes the clean-up counts.
// Best of three per candidate; CPU-bound and single-threaded like grep.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { scanBlock } from '../src/ingest/search/scan-block.js';
import { linesWithStarts } from '../src/ingest/search/scan.js';
import { START_TOKENS, startPattern } from '../src/ingest/search/tokens.js';
import { generateProfile, PROFILES } from './bench/profiles.js';

const { values } = parseArgs({ options: { size: { type: 'string', default: '64' }, profile: { type: 'string' }, keep: { type: 'boolean', default: false } } });
const MiB = 1024 * 1024;
const bytes = Number(values.size) * MiB;
const BENCH_DIR = join(resolve(import.meta.dirname, '..'), '.bench');
const CHUNK = MiB;

/** Calls `each` with consecutive chunks of `file` that end at a newline (the last may not). */
function chunks(file: string, each: (chunk: Buffer) => void): void {
  const fd = openSync(file, 'r');
  const buffer = Buffer.allocUnsafe(CHUNK * 2);
  let kept = 0;
  let at = 0;
  try {
    for (;;) {
      const read = readSync(fd, buffer, kept, CHUNK, at);
      at += read;
      const filled = kept + read;
      if (read === 0) {
        if (filled > 0) each(buffer.subarray(0, filled));
        return;
      }
      const cut = buffer.lastIndexOf(10, filled - 1) + 1;
      if (cut === 0) {
        each(buffer.subarray(0, filled));
        kept = 0;
        continue;
      }
      each(buffer.subarray(0, cut));
      buffer.copy(buffer, 0, cut, filled);
      kept = filled - cut;
    }
  } finally {
    closeSync(fd);
  }
}

const literals = START_TOKENS.filter((row) => !row.pattern).map((row) => Buffer.from(row.token, 'latin1'));
const patterned = startPattern(START_TOKENS.filter((row) => row.pattern));
const decoder = new TextDecoder();

const CANDIDATES: Record<string, (chunk: Buffer) => number> = {
  'gram-scan': (chunk) => scanBlock(chunk, Infinity).hits.length,
  combined: (chunk) => linesWithStarts(chunk.toString('latin1')).length,
  'combined-utf8': (chunk) => linesWithStarts(decoder.decode(chunk)).length,
  indexOf: (chunk) => {
    const lines = new Set<number>();
    for (const token of literals) {
      for (let at = chunk.indexOf(token); at !== -1; at = chunk.indexOf(token, at + 1)) lines.add(chunk.lastIndexOf(10, at) + 1);
    }
    // The few tokens with case variants take one small expression over the text.
    const text = chunk.toString('latin1');
    for (const start of linesWithStarts(text, 0, text.length, patterned)) lines.add(start);
    return lines.size;
  },
};

function cpuSeconds(run: () => number): { seconds: number; result: number } {
  let best = Infinity;
  let result = 0;
  for (let i = 0; i < 3; i++) {
    const start = process.cpuUsage();
    result = run();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1e6);
  }
  return { seconds: best, result };
}

function grepSeconds(file: string, patternFile: string): { seconds: number; result: number } {
  let best = Infinity;
  let result = 0;
  for (let i = 0; i < 3; i++) {
    const start = process.hrtime.bigint();
    const out = execFileSync('grep', ['-cE', '-f', patternFile, file], { env: { ...process.env, LC_ALL: 'C' }, encoding: 'utf8' });
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
    result = Number(out.trim());
  }
  return { seconds: best, result };
}

/** The tokens as POSIX extended expressions, one per line, for `grep -f`. */
function grepPatterns(): string {
  return START_TOKENS.map((row) => (row.pattern ? row.token : row.token.replace(/[.[\]()*+?{}|^$\\]/g, '\\$&'))).join('\n') + '\n';
}

mkdirSync(BENCH_DIR, { recursive: true });
const patternFile = join(BENCH_DIR, 'start-tokens.ere');
writeFileSync(patternFile, grepPatterns());
console.log(`start tokens: ${START_TOKENS.length}; chunks of ${CHUNK / MiB} MiB; ${values.size} MiB per shape; best of 3 (CPU for the matchers, wall for grep)`);
const profiles = values.profile ? values.profile.split(',') : [...PROFILES];
const totals: Record<string, number> = {};
let agreed = true;
for (const profile of profiles) {
  const file = join(BENCH_DIR, `matchers-${profile}-${bytes}.log`);
  generateProfile(profile, bytes, file);
  chunks(file, () => undefined); // into the page cache
  const grep = grepSeconds(file, patternFile);
  const cells: string[] = [];
  for (const [name, count] of Object.entries(CANDIDATES)) {
    const { seconds, result } = cpuSeconds(() => {
      let lines = 0;
      chunks(file, (chunk) => (lines += count(chunk)));
      return lines;
    });
    if (result !== grep.result) agreed = false;
    totals[name] = (totals[name] ?? 0) + seconds;
    cells.push(`${name} ${seconds.toFixed(3)} s ×${(grep.seconds / seconds).toFixed(2)} (${result} lines)`);
  }
  console.log(`${profile.padEnd(17)} | grep ${grep.seconds.toFixed(3)} s (${grep.result} lines) | ${cells.join(' | ')}`);
  if (!values.keep) rmSync(file, { force: true });
}
const fastest = Object.entries(totals).sort((a, b) => a[1] - b[1])[0]!;
console.log(`fastest over all shapes: ${fastest[0]} (${Object.entries(totals).map(([name, s]) => `${name} ${s.toFixed(2)} s`).join(', ')})`);
console.log(`${agreed ? 'PASS' : 'FAIL'}  every matcher finds the lines grep finds, in every shape`);
process.exitCode = agreed ? 0 : 1;
