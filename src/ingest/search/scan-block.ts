// What the windowed path needs to know of one block of whole lines before it decides what to
// read: where its lines start, which carry a start token, which must be read for their bytes.
// Pure and self-contained, so a worker thread can run it (scan-worker.ts) while the main thread
// feeds the parsers.
import { isUtf8 } from 'node:buffer';
import { ANY_CONTROL } from '../hygiene.js';
import { linesWithStarts } from './scan.js';

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

/** The control characters the clean-up removes and counts (hygiene.ts): their lines are read. */
const CONTROL = new RegExp(ANY_CONTROL.source, 'g');
const NON_ASCII = /[\x80-\xff]/;
/** Anything but printable ASCII, tab and line feed: one test tells a plain block (nearly all). */
const NOT_PLAIN = /[^\x09\x0a\x20-\x7e]/;

/**
 * Bytes made into one string at a time. V8 makes a string of 128 KiB or more in its large-object
 * space, ~30× dearer than a small one (Node 20): a block is scanned in pieces below that.
 */
const PIECE = 64 * 1024;

/** Reused between pieces by one thread: a fresh table per piece would be garbage at every piece. */
let table = new Int32Array(4096);

export function scanBlock(bytes: Uint8Array, maxLineChars: number): BlockScan {
  const starts: number[] = [0];
  const hits: number[] = [];
  const reads: number[] = [];
  let whole = false;
  for (let from = 0; from < bytes.byteLength; ) {
    // A piece ends after a line break (or where the block does).
    let to = Math.min(bytes.byteLength, from + PIECE);
    if (to < bytes.byteLength) {
      const cut = bytes.lastIndexOf(10, to - 1);
      to = cut >= from ? cut + 1 : bytes.indexOf(10, to) + 1 || bytes.byteLength;
    }
    const piece = scanPiece(bytes.subarray(from, to), maxLineChars);
    const base = starts.length - 1;
    for (let i = 1; i < piece.starts.length; i++) starts.push(from + piece.starts[i]!);
    for (const hit of piece.hits) hits.push(base + hit);
    for (const read of piece.reads) reads.push(base + read);
    whole ||= piece.whole;
    from = to;
  }
  return { starts: Int32Array.from(starts), hits: Int32Array.from(hits), reads: Int32Array.from(reads), whole };
}

function scanPiece(bytes: Uint8Array, maxLineChars: number): BlockScan {
  // One-byte text: a line break, a token and a control byte are the same bytes in UTF-8 and latin-1.
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const starts = lineStarts(text);
  const lines = starts.length - 1;
  const plain = !NOT_PLAIN.test(text);
  const whole = !plain && (text.indexOf('\r') !== -1 || text.indexOf('\0') !== -1 || (NON_ASCII.test(text) && !isUtf8(bytes)));
  const hits: number[] = [];
  const reads: number[] = [];
  if (!whole) {
    for (const offset of linesWithStarts(text)) hits.push(lineIndex(starts, offset));
    for (let i = 0; i < lines; i++) if (starts[i + 1]! - starts[i]! > maxLineChars) reads.push(i);
    if (!plain) {
      CONTROL.lastIndex = 0;
      for (let hit = CONTROL.exec(text); hit; hit = CONTROL.exec(text)) {
        const index = lineIndex(starts, hit.index);
        reads.push(index);
        CONTROL.lastIndex = starts[index + 1]!;
      }
    }
  }
  return { starts, hits: Int32Array.from(hits), reads: Int32Array.from(reads), whole };
}

/** Offsets where each line of `text` starts, and the end after the last one (valid until the next call). */
function lineStarts(text: string): Int32Array {
  let n = 1;
  table[0] = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) {
    if (n + 1 >= table.length) {
      const grown = new Int32Array(table.length * 2);
      grown.set(table);
      table = grown;
    }
    table[n++] = at + 1;
  }
  // A last line without its break ends where the text does.
  if (text.length > 0 && text.charCodeAt(text.length - 1) !== 10) table[n++] = text.length;
  return table.subarray(0, n);
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
