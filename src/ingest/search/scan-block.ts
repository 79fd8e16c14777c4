// What the windowed path needs to know of one block of whole lines before it decides what to
// read: where its lines start, which carry a start token, which must be read for their bytes.
// Pure and self-contained, so a worker thread can run it (scan-worker.ts) while the main thread
// feeds the parsers.
//
// One pass over the bytes, three at a time, never decoded or made into strings: the start tokens
// are found by the gram filter of literals.ts, and the line breaks and the bytes the clean-up
// cares about (controls, CR, NUL, non-ASCII) by a test of the three bytes that is false for
// printable ASCII. What is rare (a hit, a control byte) is placed on its line afterwards.
// `npm run bench:matchers` measures it against grep and against one regular expression.
import { isUtf8 } from 'node:buffer';
import { literalTable, type LiteralTable } from './literals.js';

export interface BlockScan {
  /** Offsets where each line starts, and the end after the last one. */
  starts: Int32Array;
  /** Lines (indices) carrying a start token, ascending. */
  hits: Int32Array;
  /** Lines to read for their own bytes: a control byte to account, longer than the line limit. */
  reads: Int32Array;
  /** The block is read whole: a NUL, a CR or invalid UTF-8 is accounted by the clean-up line by line. */
  whole: boolean;
}

const TABLE: LiteralTable = literalTable();

// What a byte other than printable ASCII, tab and line feed means to the scan, as a bit.
/** A control character the clean-up removes and counts (hygiene.ts ANY_CONTROL): its line is read. */
const CONTROL = 1;
/** CR or NUL: the clean-up accounts them line by line, the block is read whole. */
const WHOLE = 2;
/** A byte of a multi-byte UTF-8 character (or invalid UTF-8: checked once per block). */
const HIGH = 4;
const ODD = new Uint8Array(256).map((_, b) =>
  b === 10 || b === 9 || (b >= 0x20 && b < 0x7f) ? 0 : b === 13 || b === 0 ? WHOLE : b >= 0x80 ? HIGH : CONTROL,
);
const CONTROL_BYTE = new Uint8Array(256).map((_, b) => (ODD[b] === CONTROL ? 1 : 0));

/** Line starts of the block being scanned, grown as needed and reused by the thread. */
let table: Int32Array<ArrayBuffer> = new Int32Array(16384);

export function scanBlock(bytes: Uint8Array, maxLineChars: number): BlockScan {
  const length = bytes.byteLength;
  const view = new DataView(bytes.buffer, bytes.byteOffset, length);
  const { bits, ahead, behind, candidates } = TABLE;
  const found: number[] = [];
  let starts = table;
  let next = 1;
  starts[0] = 0;
  let odd = 0;
  // Each step owns the three bytes at `at` and hashes them (the tail's steps read them one by
  // one: the loop reads four bytes at a time and stops where fewer than four are left).
  let at = 0;
  // (A bound computed once: `at + 4 <= length` in the loop's test measured 15% slower.)
  const end = length - 3;
  for (; at < end; at += 3) {
    const four = view.getInt32(at);
    const trio = four >>> 8;
    // literals.ts gramHash, written out with its constants: a call, or constants imported from
    // another module, measured up to 2× slower here (test/ingest/scan-block.test.ts finds every token
    // at every alignment, which a hash that disagreed would miss).
    const hash = Math.imul(trio, 0x9e3779b1) >>> 12;
    if (bits[hash >>> 5]! & (1 << (hash & 31))) {
      // The four bytes from here, or from the byte before (a gram that ends its token; literals.ts).
      const next4 = Math.imul(four, 0x9e3779b1) >>> 12;
      const last4 = at > 0 ? Math.imul(view.getInt32(at - 1), 0x9e3779b1) >>> 12 : 0;
      if ((ahead[next4 >>> 5]! & (1 << (next4 & 31)) || (at > 0 && behind[last4 >>> 5]! & (1 << (last4 & 31)))) && confirmed(bytes, at, candidates.get(hash)!)) found.push(at);
    }
    // A set high bit: one of the three bytes is below 0x20 or above 0x7e (a borrow or carry from
    // one byte to the next can raise a false alarm; each byte is then looked at).
    if (((trio - 0x202020) | (trio + 0x010101)) & 0x808080) {
      // (Inline, not a closure or a loop: a variable a closure writes is slow to reach in this loop.)
      const first = trio >>> 16;
      const second = (trio >>> 8) & 0xff;
      const third = trio & 0xff;
      if (first === 10) {
        if (next + 3 >= starts.length) starts = table = grown(starts);
        starts[next++] = at + 1;
      } else odd |= ODD[first]!;
      if (second === 10) {
        if (next + 3 >= starts.length) starts = table = grown(starts);
        starts[next++] = at + 2;
      } else odd |= ODD[second]!;
      if (third === 10) {
        if (next + 3 >= starts.length) starts = table = grown(starts);
        starts[next++] = at + 3;
      } else odd |= ODD[third]!;
    }
  }
  for (; at < length; at += 3) {
    if (at + 3 <= length) {
      const hash = Math.imul((bytes[at]! << 16) | (bytes[at + 1]! << 8) | bytes[at + 2]!, 0x9e3779b1) >>> 12;
      if (bits[hash >>> 5]! & (1 << (hash & 31)) && confirmed(bytes, at, candidates.get(hash)!)) found.push(at);
    }
    for (let i = at; i < at + 3 && i < length; i++) {
      if (next + 3 >= starts.length) starts = table = grown(starts);
      if (bytes[i] === 10) starts[next++] = i + 1;
      else odd |= ODD[bytes[i]!]!;
    }
  }
  // A last line without its break ends where the block does.
  if (length > 0 && bytes[length - 1] !== 10) starts[next++] = length;
  const lineStarts = starts.slice(0, next);
  const whole = (odd & WHOLE) !== 0 || ((odd & HIGH) !== 0 && !isUtf8(bytes));
  if (whole) return { starts: lineStarts, hits: new Int32Array(0), reads: new Int32Array(0), whole };
  const hits = new Set<number>();
  for (const offset of found) hits.add(lineIndex(lineStarts, offset));
  for (const token of TABLE.short) {
    for (let at = indexOf(bytes, token, 0); at !== -1; at = indexOf(bytes, token, at + 1)) hits.add(lineIndex(lineStarts, at));
  }
  const reads: number[] = [];
  for (let i = 0; i + 1 < lineStarts.length; i++) if (lineStarts[i + 1]! - lineStarts[i]! > maxLineChars) reads.push(i);
  // Control bytes are rare (rsyslog escapes them): placed on their lines only when there are some.
  if (odd & CONTROL) {
    for (let i = 0; i < length; i++) {
      if (!CONTROL_BYTE[bytes[i]!]) continue;
      const line = lineIndex(lineStarts, i);
      reads.push(line);
      i = lineStarts[line + 1]! - 1;
    }
  }
  return { starts: lineStarts, hits: Int32Array.from(hits).sort(), reads: Int32Array.from(reads), whole };
}

function grown(starts: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(starts.length * 2);
  bigger.set(starts);
  return bigger;
}

/** Whether a token whose gram hashed here really starts where that gram puts it. */
function confirmed(bytes: Uint8Array, at: number, tokens: readonly { bytes: Uint8Array; offset: number }[]): boolean {
  for (const { bytes: token, offset } of tokens) {
    const from = at - offset;
    if (from < 0 || from + token.byteLength > bytes.byteLength) continue;
    let i = 0;
    while (i < token.byteLength && bytes[from + i] === token[i]) i++;
    if (i === token.byteLength) return true;
  }
  return false;
}

function indexOf(bytes: Uint8Array, token: Uint8Array, from: number): number {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(token, from);
}

/** The index of the line holding `offset` (binary search over line starts). */
function lineIndex(starts: Int32Array, offset: number): number {
  let lo = 0;
  let hi = starts.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
