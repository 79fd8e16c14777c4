// The byte scan of a block (scan-block.ts, with the gram filter of literals.ts) must find exactly
// what its definition finds: the lines the start tokens' regular expression (tokens.ts
// startPattern) hits, the line breaks, the lines with a control byte the clean-up counts
// (hygiene.ts ANY_CONTROL), and whether the block needs reading whole (CR, NUL, invalid UTF-8).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANY_CONTROL } from '../../src/ingest/hygiene.js';
import { spell } from '../../src/ingest/search/literals.js';
import { KERNEL_WINDOW, scanBlock } from '../../src/ingest/search/scan-block.js';
import { START_TOKENS, startPattern } from '../../src/ingest/search/tokens.js';

const MAX_LINE = 65_536;
const START = startPattern();

/** What scanBlock must give, computed the slow and obvious way. */
function definition(bytes: Uint8Array): { starts: number[]; hits: number[]; reads: number[]; whole: boolean } {
  const text = Buffer.from(bytes).toString('latin1');
  const starts = [0];
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  if (text.length > 0 && !text.endsWith('\n')) starts.push(text.length);
  const whole = text.includes('\r') || text.includes('\0') || !isUtf8(bytes);
  const hits: number[] = [];
  const reads: number[] = [];
  for (let i = 0; i + 1 < starts.length; i++) {
    const line = text.slice(starts[i], starts[i + 1]);
    START.lastIndex = 0;
    if (START.test(line)) hits.push(i);
    if (ANY_CONTROL.test(line) || line.length > MAX_LINE) reads.push(i);
  }
  return { starts, hits, reads, whole };
}

function scanned(bytes: Uint8Array) {
  const scan = scanBlock(bytes, MAX_LINE);
  return { starts: [...scan.starts], hits: [...scan.hits], reads: [...new Set(scan.reads)].sort((a, b) => a - b), whole: scan.whole };
}

function expectAsDefined(bytes: Uint8Array, what: string): void {
  const want = definition(bytes);
  const got = scanned(bytes);
  expect(got.starts, `${what}: line starts`).toEqual(want.starts);
  expect(got.whole, `${what}: read whole`).toBe(want.whole);
  // A block read whole is read line by line: its hits and reads do not matter.
  if (want.whole) return;
  expect(got.hits, `${what}: hits`).toEqual(want.hits);
  expect(got.reads, `${what}: reads`).toEqual(want.reads);
}

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield path;
  }
}

describe('scanBlock', () => {
  // Every alignment: the filter looks at every third position only, and its hash is written out in the scan's loop.
  it('finds every spelling of every token at every byte alignment, at the start, middle and end of a block', () => {
    for (const row of START_TOKENS) {
      for (const spelling of row.pattern ? spell(row.token) : [row.token]) {
        for (let pad = 0; pad < 6; pad++) {
          const before = 'x'.repeat(pad);
          expectAsDefined(Buffer.from(`${before}${spelling}\n`, 'latin1'), `${spelling} after ${pad}`);
          expectAsDefined(Buffer.from(`plain line\n${before}${spelling} tail\nplain\n`, 'latin1'), `${spelling} mid ${pad}`);
          // The last bytes of a block, without a line break: the scan's tail.
          expectAsDefined(Buffer.from(`plain line\n${before}${spelling}`, 'latin1'), `${spelling} at the end ${pad}`);
        }
      }
    }
  });

  it('misses a token cut by one byte, and does not take a near spelling for one', () => {
    for (const row of START_TOKENS.filter((r) => !r.pattern)) {
      const cut = row.token.slice(0, -1);
      const line = `zz ${cut}\n`;
      expectAsDefined(Buffer.from(line, 'latin1'), `cut ${cut}`);
    }
  });

  it('gives what the definition gives on every fixture of the project, whole and cut at odd offsets', () => {
    let checked = 0;
    for (const path of files(join(import.meta.dirname, '..', 'fixtures'))) {
      const bytes = readFileSync(path);
      if (bytes.byteLength > 4 << 20) continue;
      expectAsDefined(bytes, path);
      for (const cut of [1, 2, 3, 5, 7]) if (bytes.byteLength > cut) expectAsDefined(bytes.subarray(cut), `${path} from ${cut}`);
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
  });

  // The pass tests three bytes at once for one outside printable ASCII (a borrow or carry between
  // them may raise a false alarm, never hide a byte): every byte value, at every position of a
  // step, next to the edges of the printable range (space and tilde) whose neighbours carry.
  it('notices every byte value outside printable ASCII and every line break, at every position of a step', () => {
    for (let value = 0; value < 256; value++) {
      for (let pad = 0; pad < 6; pad++) {
        for (const [left, right] of [['ab', 'cd'], [' ', '~'], ['~', ' ']] as const) {
          const bytes = Buffer.concat([Buffer.from(`${'x'.repeat(pad)}${left}`, 'latin1'), Buffer.from([value]), Buffer.from(`${right} BUG: \nplain\n`, 'latin1')]);
          expectAsDefined(bytes, `byte ${value} after ${pad + left.length}`);
        }
      }
    }
  });

  // The WebAssembly kernel steps through a long block a window at a time (scan-block.ts): a token,
  // a line break or a control byte on a window's edge must be seen as anywhere else (`mce: ` at
  // edge - 2 is seen only by its last gram, checked with the byte before it, in the window before).
  it('finds what the definition finds across the kernel windows of a block of several MiB', () => {
    const filler = 'Jun  1 00:00:00 db-7 app[1]: an ordinary line of a busy host log, nothing to see\n';
    const block = Buffer.from(filler.repeat(Math.ceil((3.2 * KERNEL_WINDOW) / filler.length)), 'latin1');
    for (const edge of [KERNEL_WINDOW, 2 * KERNEL_WINDOW, 3 * KERNEL_WINDOW]) {
      for (const [offset, text] of [[-41, '\nkernel BUG at \n'], [-9, '\nBUG: \n'], [-3, '\nmce: \n'], [4, '\x07'], [6, '\ncsd: \n']] as const) {
        Buffer.from(text, 'latin1').copy(block, edge + offset);
      }
    }
    expectAsDefined(block, 'a block of three windows and more');
    for (const cut of [1, 2]) expectAsDefined(block.subarray(cut), `the same from ${cut}`);
  });

  it('places controls, CRs, NULs and non-ASCII bytes as the clean-up counts them', () => {
    const cases = [
      'a\x07bell\nplain\n\x1b[31mred\x1b[0m\n',
      'tab\there\nDEL\x7f\n',
      'crlf line\r\nnext\n',
      'nul\x00inside\n',
      'caf\xc3\xa9 ok\nBUG: soft lockup\n',
      'bad \xff utf-8\n',
      '\x01',
      'x',
      '',
    ];
    for (const text of cases) expectAsDefined(Buffer.from(text, 'latin1'), JSON.stringify(text));
  });
});
