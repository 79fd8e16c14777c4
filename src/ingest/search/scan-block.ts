// What the windowed path needs to know of one block of whole lines before it decides what to
// read: where its lines start, which carry a start token, which must be read for their bytes.
// Pure and self-contained, so a worker thread can run it (scan-worker.ts) while the main thread
// feeds the parsers.
//
// One pass over the bytes, three at a time, never decoded or made into strings: the start tokens
// are found by the gram filter of literals.ts, and the line breaks and the bytes the clean-up
// cares about (controls, CR, NUL, non-ASCII) by a test of the three bytes that is false for
// printable ASCII. The pass itself is a WebAssembly kernel (assembly/scan-kernel.ts, built into
// scan-kernel.ts): 1.5× the speed of the same loop in JavaScript, which V8 compiles with a bounds
// check per load. Everything around it stays here: what is rare (a candidate token, a control
// byte) is confirmed and placed on its line afterwards. `npm run bench:matchers` measures it
// against grep and against one regular expression.
import { isUtf8 } from 'node:buffer';
import { gramHash, literalTable, type LiteralTable } from './literals.js';
import { SCAN_KERNEL_WASM } from './scan-kernel.js';

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

/** Bytes of the kernel's memory before its input: five 128 KiB bit tables and the ODD table (assembly/scan-kernel.ts). */
const TABLES_BYTES = 5 * 131072 + 256;
/** Steps per kernel call (a multiple of three): its input, line starts and candidates fit ~7 MiB, whatever the block's length. */
export const KERNEL_WINDOW = 3 * 349_526;
const WINDOW = KERNEL_WINDOW;
const INPUT = TABLES_BYTES;
/** What the kernel reads past a block's last byte: `x`. */
const PAD = 0x78;
const STARTS = (INPUT + WINDOW + 8 + 3) & ~3;
const CANDIDATES = STARTS + 4 * (WINDOW + 4);
const KERNEL_BYTES = CANDIDATES + 4 * (WINDOW / 3 + 4);

interface Kernel {
  scan(input: number, from: number, end: number, starts: number, candidates: number): number;
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  startsFound: { value: number };
  candidatesFound: { value: number };
}

/** The part of the WebAssembly API used here (the project's type libraries do not declare it). */
const wasm = (globalThis as unknown as { WebAssembly: { Module: new (bytes: Uint8Array) => object; Instance: new (module: object, imports: object) => { exports: unknown } } }).WebAssembly;

/** The loop compiled to WebAssembly, instantiated once per thread with the tables in its memory. */
let kernel: Kernel | undefined;

function loadKernel(): Kernel {
  const module = new wasm.Module(Buffer.from(SCAN_KERNEL_WASM, 'base64'));
  const loaded = new wasm.Instance(module, {}).exports as unknown as Kernel;
  if (loaded.memory.buffer.byteLength < KERNEL_BYTES) loaded.memory.grow(Math.ceil((KERNEL_BYTES - loaded.memory.buffer.byteLength) / 65536));
  const memory = new Uint8Array(loaded.memory.buffer);
  const tables = [TABLE.bits, TABLE.aheadOnly, TABLE.behindOnly, TABLE.bothAhead, TABLE.bothBehind];
  tables.forEach((table, k) => memory.set(new Uint8Array(table.buffer, table.byteOffset, table.byteLength), k * 131072));
  memory.set(ODD, tables.length * 131072);
  // V8 runs a WebAssembly function's first call unoptimised (a 1 MiB block then took 8 ms, not 1):
  // a small first call lets the optimised code be ready for the first block.
  loaded.scan(INPUT, 0, 4096, STARTS, CANDIDATES);
  return loaded;
}

export function scanBlock(bytes: Uint8Array, maxLineChars: number): BlockScan {
  const length = bytes.byteLength;
  kernel ??= loadKernel();
  const memory = kernel.memory.buffer;
  const { candidates } = TABLE;
  const found: number[] = [];
  const pieces: Int32Array[] = [Int32Array.of(0)];
  let odd = 0;
  // Every third position, a window at a time: the window's bytes (and the one before, and three
  // after) are copied into the kernel's memory, whose `input` is placed so that positions count
  // from the block's start. The last steps read up to three bytes past the block: PAD, which no
  // test of the pass takes for anything (printable, not a break), and a gram with PAD in it is
  // no token's.
  for (let from = 0; from < length; from += WINDOW) {
    const end = Math.min(length, from + WINDOW);
    const low = Math.max(0, from - 1);
    const high = Math.min(length, end + 3);
    const input = new Uint8Array(memory, INPUT, high - low + 3);
    input.set(bytes.subarray(low, high));
    input.fill(PAD, high - low);
    odd |= kernel.scan(INPUT - low, from, end, STARTS, CANDIDATES);
    pieces.push(new Int32Array(memory, STARTS, kernel.startsFound.value).slice());
    for (const at of new Int32Array(memory, CANDIDATES, kernel.candidatesFound.value)) {
      if (at + 3 > length) continue; // a gram with PAD in it: no token ends past the block
      const hash = gramHash((bytes[at]! << 16) | (bytes[at + 1]! << 8) | bytes[at + 2]!);
      if (confirmed(bytes, at, candidates.get(hash)!)) found.push(at);
    }
  }
  // A last line without its break ends where the block does.
  const tail = length > 0 && bytes[length - 1] !== 10 ? [length] : [];
  pieces.push(Int32Array.from(tail));
  const lineStarts = concat(pieces);
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

function concat(pieces: readonly Int32Array[]): Int32Array {
  const all = new Int32Array(pieces.reduce((n, piece) => n + piece.length, 0));
  let at = 0;
  for (const piece of pieces) {
    all.set(piece, at);
    at += piece.length;
  }
  return all;
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
