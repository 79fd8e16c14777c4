// The windowed path of a big log (issue #14): search first, parse only what a search finds.
//
// The input is read in blocks of whole lines. Each block is searched once for the start tokens
// (tokens.ts); the parsers read
//  - the head of the input (its first lines: formats, hosts, the first clock samples),
//  - a window around every hit: `before` lines of context, then the report, until every parser
//    is at rest again (and at least `after` lines; at most `cap` lines past the last hit),
//  - the first line of every block and one line in every `stride` (line spacing, clock samples
//    and hosts over the whole log: the "chunk boundary stamps" of the issue),
//  - any line with a control byte (its clean-up is accounted), and the last line (where the log ends),
// and every other line is only counted (`TextPipeline.skip`, `decoding.countedLines`). A block
// with a NUL byte, a CR or invalid UTF-8 is read whole: those need the clean-up's accounting.
//
// What the parsers report from a window is what the full path reports: a line without a start
// token leaves a parser at rest as it was (the fast-lane contract, model/records.ts), and the
// equivalence test (test/ingest/windowed.test.ts) compares both paths on every fixture and the
// field corpus. Facts sampled over the whole log come from the lines read; see docs/ingest.md.
import { closeSync, openSync, readSync } from 'node:fs';
import type { ByteReader } from '../bytes.js';
import { TextPipeline, type TextIngest } from '../text.js';
import { startsRecord } from '../../parse/prefix/normalise.js';
import type { BlockScan } from './scan-block.js';
import { inlineScanner, workerScanner, type BlockScanner, type Scanned } from './scanners.js';
import { WORKER_MIN_BYTES } from './threads.js';

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

// `head`: formats, hosts and the first clock samples are settled within a few hundred lines, and a
// line read costs tens of µs while the parsers are cold. `stride`: the first line of every block
// is read too (about ten thousand lines of a host log), so the stride matters only where lines are
// short. `cap`: the kernel prints a report in a burst; a report still open 1,000 lines after its last
// hit is a host log whose kernel lines are rare (a k8s node's), and nothing that far joins it.
export const DEFAULT_PLAN: WindowedPlan = { head: 500, before: 64, after: 64, cap: 1_000, stride: 8_192 };

/** Bytes scanned as one block (whole lines; a longer line makes its block longer). */
const BLOCK = 1 << 20;
/** Blocks scanned ahead of the one being read: enough to keep the scanning threads busy. */
const AHEAD = 4;

/** A regular file to read by position instead of the job's stream (InputSource.file). */
export interface WindowedFile {
  path: string;
  /** Where the text starts (after the NULs the head's sniffing skipped). */
  offset: number;
  /** Bytes read so far, after each block (for the input's accounting and progress). */
  onRead(bytes: number): void;
}

export async function ingestWindowed(job: TextIngest, plan: WindowedPlan = DEFAULT_PLAN, size = 0, file?: WindowedFile): Promise<void> {
  const pipeline = new TextPipeline(job);
  const state = new WindowState(pipeline, plan);
  const workers = size >= WORKER_MIN_BYTES ? workerScanner(job.maxLineChars) : undefined;
  const scanner: BlockScanner = workers ?? inlineScanner(job.maxLineChars);
  // A block's memory moves to its scanning thread and back (scanners.ts), then serves again.
  const pool = new BlockPool();
  const queue: Promise<Scanned>[] = [];
  let fd: number | undefined;
  // A block is read once the blocks after it are scanned: hits early in them need lines of this one as context.
  const readFirst = async (final: boolean): Promise<void> => {
    const first = await queue[0]!;
    let context = 0;
    let between = 0;
    for (let k = 1; k < queue.length && between < plan.before; k++) {
      const { scan } = await queue[k]!;
      for (const hit of scan.hits) {
        if (between + hit >= plan.before) break;
        context = Math.max(context, plan.before - (between + hit));
      }
      between += scan.starts.length - 1;
    }
    // A next block that starts with a continuation (a wrapped line) glues it to this block's last line.
    if (queue.length > 1) {
      const next = await queue[1]!;
      if (next.scan.starts.length > 1 && !startsRecord(lineText(next.bytes, next.scan.starts, 0))) context = Math.max(context, 1);
    }
    queue.shift();
    state.block(first.bytes, first.scan, context, final && queue.length === 0);
    pool.release(first.bytes);
  };
  try {
    let fill = streamFill(job.reader);
    if (file) {
      fd = openSync(file.path, 'r');
      fill = fileFill(fd, file);
    }
    for await (const bytes of blocks(fill, pool)) {
      // A turn of the event loop per block (a few µs): reads and scans are synchronous and the
      // loop otherwise runs on promises alone, so what waits on the event loop (the x86 decoder's
      // module and WebAssembly, asked for by the first csd wait, and a reporter's output) would
      // wait until the whole input is read. Measured: the decoder's ~0.2 s moved from after the
      // search into it.
      await new Promise((resolve) => setImmediate(resolve));
      const scanned = scanner.scan(bytes);
      // Awaited in turn below; a failure before its turn must not count as unhandled meanwhile.
      scanned.catch(() => undefined);
      queue.push(scanned);
      if (queue.length > AHEAD) await readFirst(false);
    }
    while (queue.length > 0) await readFirst(true);
  } catch (error) {
    job.warn(`reading stopped: ${error instanceof Error ? error.message : String(error)}; what came before was read`);
    queue.length = 0;
  } finally {
    if (fd !== undefined) closeSync(fd);
    await scanner.close();
  }
  pipeline.end();
}

/** Buffers of BLOCK bytes and more, reused: allocating one per block cost as much as scanning it. */
class BlockPool {
  private readonly free: ArrayBufferLike[] = [];

  /** A buffer of at least `size` bytes. */
  take(size: number): Buffer {
    const found = this.free.findIndex((buffer) => buffer.byteLength >= size);
    if (found !== -1) return Buffer.from(this.free.splice(found, 1)[0]!);
    return Buffer.allocUnsafeSlow(Math.max(size, BLOCK + (BLOCK >> 2)));
  }

  release(view: Uint8Array): void {
    if (this.free.length < AHEAD + 2) this.free.push(view.buffer);
  }
}

/** Writes the next bytes of the input into `buffer` at `at`, at most `room`; 0 at the end. */
type Fill = (buffer: Buffer, at: number, room: number) => Promise<number> | number;

/** From the stream: its chunks copied into the block. */
function streamFill(reader: ByteReader): Fill {
  return async (buffer, at, room) => {
    const chunk = await reader.next(room);
    if (!chunk) return 0;
    buffer.set(chunk, at);
    return chunk.byteLength;
  };
}

/**
 * From a file, by position, straight into the block: no fresh chunk per read (its pages first
 * touched by the kernel's copy, a page fault each) and no copy (together ~2 ms per MiB on this
 * thread, as much as scanning it). Synchronous: 1 MiB from the page cache takes ~0.15 ms, less
 * than a round trip through the thread pool.
 */
function fileFill(fd: number, file: WindowedFile): Fill {
  let position = file.offset;
  return (buffer, at, room) => {
    const read = readSync(fd, buffer, at, room, position);
    position += read;
    file.onRead(position - file.offset);
    return read;
  };
}

/** Blocks of about BLOCK bytes of whole lines (the last one may end without a break), in pooled buffers. */
async function* blocks(fill: Fill, pool: BlockPool): AsyncGenerator<Uint8Array> {
  let buffer = pool.take(BLOCK);
  let filled = 0;
  for (;;) {
    if (buffer.byteLength - filled < BLOCK >> 2) {
      // A line longer than the buffer: a bigger one.
      const bigger = pool.take(2 * buffer.byteLength);
      buffer.copy(bigger, 0, 0, filled);
      pool.release(buffer);
      buffer = bigger;
    }
    const read = await fill(buffer, filled, Math.min(BLOCK, buffer.byteLength - filled));
    if (read === 0) break;
    filled += read;
    if (filled < BLOCK) continue;
    const cut = buffer.lastIndexOf(10, filled - 1) + 1;
    // No line ends yet: a line longer than a block makes a longer block.
    if (cut === 0) continue;
    const next = pool.take(BLOCK);
    buffer.copy(next, 0, cut, filled);
    yield buffer.subarray(0, cut);
    buffer = next;
    filled -= cut;
  }
  if (filled > 0) yield buffer.subarray(0, filled);
}

class WindowState {
  /** Lines handed to the pipeline (read or counted) so far. */
  private line = 0;
  /** The last hit's line: a window stays open while a parser is not at rest, up to `cap` past it. */
  private lastHit = -Infinity;

  constructor(
    private readonly pipeline: TextPipeline,
    private readonly plan: WindowedPlan,
  ) {}

  /**
   * Reads or counts every line of a block. `context`: lines at its end that hits early in the
   * blocks after it want as context (a block can be a single long line). `final`: the input
   * ends with this block.
   */
  block(bytes: Uint8Array, scan: BlockScan, context: number, final: boolean): void {
    const { starts } = scan;
    const lines = starts.length - 1;
    if (lines === 0) return;
    const { before } = this.plan;
    if (scan.whole) {
      // What the clean-up must count line by line (CRs, NULs, invalid UTF-8): read everything.
      this.readLines(bytes, starts, 0, lines);
      this.lastHit = this.line;
      return;
    }
    // 2: the line carries a start token; 1: context before one, or a line to read for its bytes.
    const must = new Uint8Array(lines);
    for (const hit of scan.hits) {
      for (let i = Math.max(0, hit - before); i < hit; i++) must[i] ||= 1;
      must[hit] = 2;
    }
    for (const index of scan.reads) must[index] ||= 1;
    // A stamp per block (issue #14 item 3): the host log's clock and hosts sampled every MiB
    // whatever its line length, so no stretch of a log goes unseen between two samples.
    must[0] ||= 1;
    for (let i = Math.max(0, lines - context); i < lines; i++) must[i] ||= 1;
    const last = final ? lines - 1 : -1;
    const text = (index: number): string => lineText(bytes, starts, index);
    let i = 0;
    while (i < lines) {
      if (this.mustRead(must[i]!, this.line + 1) || i === last || !this.pipeline.canSkip) {
        // A run of lines that must be read, in one piece for the pipeline.
        let j = i;
        do {
          if (must[j] === 2) this.lastHit = this.line + (j - i) + 1;
          j++;
        } while (j < lines && (must[j] || this.line + (j - i) + 1 <= this.plan.head || j === last));
        this.readLines(bytes, starts, i, j);
        i = j;
        continue;
      }
      // A line that does not start a record is glued to the one before it (wrap rejoining): read it.
      if (!startsRecord(text(i))) {
        this.readLines(bytes, starts, i, i + 1);
        i++;
        continue;
      }
      // Lines only counted, up to the next one that must be read or the next stride line…
      const nextStride = (Math.floor(this.line / this.plan.stride) + 1) * this.plan.stride;
      let j = i + 1;
      while (j < lines && !must[j] && j !== last && this.line + (j - i) + 1 < nextStride) j++;
      // …but not the line a continuation read next would be glued to.
      while (j > i && j < lines && !startsRecord(text(j))) j--;
      if (j === i) {
        this.readLines(bytes, starts, i, i + 1);
        i++;
        continue;
      }
      this.pipeline.skip(j - i, starts[j]! - starts[i]!);
      this.line += j - i;
      i = j;
    }
  }

  private mustRead(mark: number, number: number): boolean {
    return mark !== 0 || number <= this.plan.head || number % this.plan.stride === 0 || this.windowOpen(number);
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

/** The text of line `index`, without its break (as latin-1: a record's start is ASCII). */
function lineText(bytes: Uint8Array, starts: Int32Array, index: number): string {
  let end = starts[index + 1]!;
  if (end > starts[index]! && bytes[end - 1] === 10) end--;
  return Buffer.from(bytes.buffer, bytes.byteOffset + starts[index]!, end - starts[index]!).toString('latin1');
}
