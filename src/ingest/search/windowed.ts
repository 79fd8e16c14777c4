// The windowed path of a big log (issue #14): search first, parse only what a search finds.
//
// The input is read in blocks of whole lines. Each block is searched once for the start tokens
// (tokens.ts); the parsers read
//  - the head of the input (its first lines: formats, hosts, the first clock samples),
//  - a window around every hit: `before` lines of context, then the report, until every parser
//    is at rest again (and at least `after` lines; at most `cap` lines past the last hit),
//  - one line in every `stride` (line spacing, clock samples and hosts over the whole log),
//  - any line with a control byte (its clean-up is accounted), and the last line (where the log ends),
// and every other line is only counted (`TextPipeline.skip`, `decoding.countedLines`). A block
// with a NUL byte, a CR or invalid UTF-8 is read whole: those need the clean-up's accounting.
//
// What the parsers report from a window is what the full path reports: a line without a start
// token leaves a parser at rest as it was (the fast-lane contract, model/records.ts), and the
// equivalence test (test/ingest/windowed.test.ts) compares both paths on every fixture and the
// field corpus. Facts sampled over the whole log come from the lines read; see docs/ingest.md.
import { isUtf8 } from 'node:buffer';
import type { ByteReader } from '../bytes.js';
import { TextPipeline, type TextIngest } from '../text.js';
import { startsRecord } from '../../parse/prefix/normalise.js';
import { linesWithStarts } from './scan.js';

export interface WindowedPlan {
  /** Lines read at the start of the input. */
  head: number;
  /** Lines of context read before a hit. */
  before: number;
  /** Lines read after the last hit of a window at least… */
  after: number;
  /** …and at most, however open a report still is. */
  cap: number;
  /** One line in this many is read wherever the rest is only counted. */
  stride: number;
}

// `cap`: a report open for 4,000 lines with no kernel line to close it is a host log whose kernel
// lines are rare (a k8s node's); nothing that far joins the report in practice.
export const DEFAULT_PLAN: WindowedPlan = { head: 2_000, before: 64, after: 64, cap: 4_000, stride: 1_024 };

/**
 * Bytes searched at a time (whole lines; a longer line makes its block longer). Small on purpose:
 * V8 makes a string of 128 KiB or more in its large-object space, at ~3.5 ms per MiB against
 * ~0.1 ms below that (measured on Node 20 by scripts/bench-matchers.ts's chunking).
 */
const BLOCK = 64 * 1024;
/** Bytes that are not plain text: their clean-up is accounted line by line (hygiene.ts). */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/g;
const NON_ASCII = /[\x80-\xff]/;
/** Anything but printable ASCII, tab and line feed: one test tells a plain block (nearly all). */
const NOT_PLAIN = /[^\x09\x0a\x20-\x7e]/;

export async function ingestWindowed(job: TextIngest, plan: WindowedPlan = DEFAULT_PLAN): Promise<void> {
  const pipeline = new TextPipeline(job);
  const reader: ByteReader = job.reader;
  const state = new WindowState(pipeline, plan, job.maxLineChars);
  let carry: Uint8Array = new Uint8Array(0);
  // Chunks arrive as the source gives them (64 KiB from a file): gathered into blocks of BLOCK
  // bytes so each search and each copy of the kept context covers a whole block.
  let gathered: Uint8Array[] = [];
  let size = 0;
  // One buffer, reused: a fresh one per block cost more than the search (allocation and GC).
  // Nothing keeps a view of it past `state.block`: the pipeline decodes what it is given at once.
  let scratch = Buffer.allocUnsafe(4 * BLOCK);
  let store = Buffer.allocUnsafe(BLOCK);
  /** Keeps `bytes` as the next block's start, in `store` (scratch is overwritten by then). */
  const keep = (bytes: Uint8Array): Uint8Array => {
    if (store.byteLength < bytes.byteLength) store = Buffer.allocUnsafe(2 * bytes.byteLength);
    store.set(bytes, 0);
    return store.subarray(0, bytes.byteLength);
  };
  const flush = (): void => {
    const total = carry.byteLength + size;
    if (scratch.byteLength < total) scratch = Buffer.allocUnsafe(2 * total);
    let at = 0;
    for (const part of [carry, ...gathered]) {
      scratch.set(part, at);
      at += part.byteLength;
    }
    const bytes = scratch.subarray(0, total);
    gathered = [];
    size = 0;
    const cut = lastBreak(bytes) + 1;
    if (cut === 0) {
      // No line ends here yet: a line longer than a block makes a longer block.
      carry = keep(bytes);
      return;
    }
    const kept = state.block(bytes.subarray(0, cut), false);
    // The lines kept for context and the unfinished line after them start the next block.
    carry = keep(bytes.subarray(cut - kept));
  };
  try {
    for (;;) {
      const chunk = await reader.next(BLOCK);
      if (!chunk) break;
      gathered.push(chunk);
      size += chunk.byteLength;
      if (size >= BLOCK) flush();
    }
  } catch (error) {
    job.warn(`reading stopped: ${error instanceof Error ? error.message : String(error)}; what came before was read`);
  }
  if (size > 0) flush();
  if (carry.byteLength > 0) state.block(carry, true);
  pipeline.end();
}

function lastBreak(bytes: Uint8Array): number {
  for (let i = bytes.byteLength - 1; i >= 0; i--) if (bytes[i] === 10) return i;
  return -1;
}

class WindowState {
  /** Lines handed to the pipeline (read or counted) so far. */
  private line = 0;
  /** Read every line up to this one (a window's floor, the head). */
  private readUntil: number;
  /** The last hit's line: a window stays open while a parser is not at rest, up to `cap` past it. */
  private lastHit = -Infinity;

  constructor(
    private readonly pipeline: TextPipeline,
    private readonly plan: WindowedPlan,
    private readonly maxLineChars: number,
  ) {
    this.readUntil = plan.head;
  }

  /**
   * Handles a block of whole lines; returns how many of its bytes at the end were left for the
   * next block (the last `before` lines, which a hit early in the next block needs as context).
   * `final`: the input ends with this block (its last line may lack a break).
   */
  block(bytes: Uint8Array, final: boolean): number {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    const starts = lineStarts(text);
    const lines = starts.length - 1;
    if (lines === 0) return 0;
    // Whole-block reasons to read everything: what the clean-up must count line by line.
    const plain = !NOT_PLAIN.test(text);
    if (!plain && (text.indexOf('\r') !== -1 || text.indexOf('\0') !== -1 || (NON_ASCII.test(text) && !isUtf8(bytes)))) {
      const keep = final ? 0 : Math.min(this.plan.before, lines - 1);
      this.readLines(bytes, starts, 0, lines - keep);
      this.lastHit = Math.max(this.lastHit, this.line);
      return keep === 0 ? 0 : bytes.byteLength - starts[lines - keep]!;
    }
    // 2: the line carries a start token; 1: context before one, a control byte to account, or a
    // line longer than the line limit (its cut is reported).
    const must = new Uint8Array(lines);
    for (let i = 0; i < lines; i++) if (starts[i + 1]! - starts[i]! > this.maxLineChars) must[i] = 1;
    for (const offset of linesWithStarts(text)) {
      const index = lineIndex(starts, offset);
      for (let i = Math.max(0, index - this.plan.before); i < index; i++) must[i] ||= 1;
      must[index] = 2;
    }
    CONTROL.lastIndex = plain ? text.length : 0;
    for (let hit = CONTROL.exec(text); hit; hit = CONTROL.exec(text)) {
      const index = lineIndex(starts, hit.index);
      must[index] ||= 1;
      CONTROL.lastIndex = starts[index + 1]!;
    }
    // Lines this block cannot decide yet: a hit in the next block may need them as context.
    const keep = final ? 0 : Math.min(this.plan.before, lines - 1);
    const upto = lines - keep;
    const last = final ? lines - 1 : -1;
    let i = 0;
    while (i < upto) {
      if (this.mustRead(must[i]!, this.line + 1) || i === last || !this.pipeline.canSkip) {
        // A run of lines that must be read, in one piece for the pipeline.
        let j = i;
        do {
          if (must[j] === 2) this.lastHit = this.line + (j - i) + 1;
          j++;
        } while (j < upto && (must[j] || this.line + (j - i) + 1 <= this.readUntil || j === last));
        this.readLines(bytes, starts, i, j);
        i = j;
        continue;
      }
      // A line that does not start a record is glued to the one before it (wrap rejoining): read it.
      if (!startsRecord(lineText(text, starts, i))) {
        this.readLines(bytes, starts, i, i + 1);
        i++;
        continue;
      }
      // Lines only counted, up to the next one that must be read or the next stride line…
      const nextStride = (Math.floor(this.line / this.plan.stride) + 1) * this.plan.stride;
      let j = i + 1;
      while (j < upto && !must[j] && j !== last && this.line + (j - i) + 1 < nextStride) j++;
      // …but not the line a continuation read next would be glued to.
      while (j > i && j < lines && !startsRecord(lineText(text, starts, j))) j--;
      if (j === i) {
        this.readLines(bytes, starts, i, i + 1);
        i++;
        continue;
      }
      this.pipeline.skip(j - i, starts[j]! - starts[i]!);
      this.line += j - i;
      i = j;
    }
    return keep === 0 ? 0 : bytes.byteLength - starts[upto]!;
  }

  private mustRead(mark: number, number: number): boolean {
    return mark !== 0 || number <= this.readUntil || number % this.plan.stride === 0 || this.windowOpen(number);
  }

  /** After a hit the parsers read on until they are at rest, at least `after` and at most `cap` lines. */
  private windowOpen(number: number): boolean {
    const since = number - this.lastHit;
    if (since <= this.plan.after) return true;
    if (since > this.plan.cap) return false;
    return !this.pipeline.parsersAtRest();
  }

  private readLines(bytes: Uint8Array, starts: Int32Array, from: number, to: number): void {
    if (to <= from) return;
    this.pipeline.bytes(bytes.subarray(starts[from]!, starts[to]!));
    this.line += to - from;
  }
}

/** The text of line `index`, without its break (the block is latin-1 text: a record's start is ASCII). */
function lineText(text: string, starts: Int32Array, index: number): string {
  const end = starts[index + 1]!;
  return text.slice(starts[index]!, end > starts[index]! && text.charCodeAt(end - 1) === 10 ? end - 1 : end);
}

/** Reused between blocks: one line-start table per block would be garbage at every block. */
let startsTable = new Int32Array(4096);

/** Offsets where each line of `text` starts, and the end after the last one (valid until the next call). */
function lineStarts(text: string): Int32Array {
  let n = 1;
  startsTable[0] = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) {
    if (n + 1 >= startsTable.length) {
      const grown = new Int32Array(startsTable.length * 2);
      grown.set(startsTable);
      startsTable = grown;
    }
    startsTable[n++] = at + 1;
  }
  // A last line without its break ends where the text does.
  if (text.length > 0 && text.charCodeAt(text.length - 1) !== 10) startsTable[n++] = text.length;
  return startsTable.subarray(0, n);
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
