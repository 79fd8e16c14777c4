// `npm run bench:nul -- [--hole 64]`: a console log with a NUL hole of N MiB in the middle (what
// a crashed VM's console file or a power-cut syslog holds), read two ways in the same run:
//  - before: main's clean-up step alone, as it was (the hole decoded to text, then one regex
//    callback per NUL character), which is where the time went;
//  - now: the whole analysis (src/engine.ts), NUL runs skipped in bulk before decoding.
// The report must read the same lines as the log without its hole.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { analyze, sourceFromBytes } from '../src/index.js';

const { values } = parseArgs({ options: { hole: { type: 'string', default: '64' } } });
const MiB = 1024 * 1024;
const holeBytes = Number(values.hole) * MiB;
const log = readFileSync(join(resolve(import.meta.dirname, '..'), 'examples', 'incident-2024-03-27', 'console-softlockup.log'));
const half = log.indexOf('\n', log.length >> 1) + 1;
const bytes = Buffer.concat([log.subarray(0, half), Buffer.alloc(holeBytes), log.subarray(half)]);
const CHUNK = 64 * 1024;

function chunked(name: string) {
  return {
    name,
    async *open() {
      for (let at = 0; at < bytes.byteLength; at += CHUNK) yield bytes.subarray(at, at + CHUNK);
    },
  };
}

/** main's ChunkCleaner.clean before this change: one callback per control character. */
function cleanBefore(): number {
  const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
  let nul = 0;
  for (let at = 0; at < bytes.byteLength; at += CHUNK) {
    const text = bytes.subarray(at, at + CHUNK).toString('latin1');
    text.replace(CONTROL, (c) => {
      if (c === '\u0000') nul++;
      return '';
    });
  }
  return nul;
}

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

console.log(`bench-nul: a ${log.length}-byte console log with a ${values.hole} MiB NUL hole, node ${process.version}`);
let start = process.hrtime.bigint();
const removedBefore = cleanBefore();
const before = seconds(start);
start = process.hrtime.bigint();
const report = await analyze([chunked('console.log')]);
const now = seconds(start);
const plain = await analyze([sourceFromBytes('console.log', log)]);
const input = report.inputs[0]!;
if (removedBefore !== holeBytes || input.decoding?.nulBytes !== holeBytes) throw new Error(`NUL counts differ: before ${removedBefore}, now ${input.decoding?.nulBytes}, hole ${holeBytes}`);
if (input.lines !== plain.inputs[0]!.lines) throw new Error(`read ${input.lines} lines, the log without the hole has ${plain.inputs[0]!.lines}`);
console.log(`  before: clean-up step alone, one callback per NUL: ${before.toFixed(2)} s`);
console.log(`  now:    whole analysis, NUL runs skipped in bulk:  ${now.toFixed(2)} s  (${(before / now).toFixed(0)}× faster; ${input.lines} lines, ${holeBytes} NUL bytes counted)`);
