// A pull reader over a byte stream: look at the head without losing it, read exact
// amounts (tar headers), or pass chunks through untouched (payloads), never holding more
// than what was asked for plus one chunk.
import { Buffer } from 'node:buffer';

export class ByteReader {
  private readonly iterator: AsyncIterator<Uint8Array>;
  private buffered: Uint8Array[] = [];
  private bufferedBytes = 0;
  private done = false;
  /** Bytes handed out so far (by read, next or skip). */
  consumed = 0;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  private async fill(want: number): Promise<void> {
    while (this.bufferedBytes < want && !this.done) {
      const step = await this.iterator.next();
      if (step.done) {
        this.done = true;
        break;
      }
      if (step.value.byteLength === 0) continue;
      this.buffered.push(step.value);
      this.bufferedBytes += step.value.byteLength;
    }
  }

  /** The first `n` bytes still to be read (fewer at the end of the stream), without consuming them. */
  async peek(n: number): Promise<Uint8Array> {
    await this.fill(n);
    const joined = concatBytes(this.buffered);
    this.buffered = joined.byteLength > 0 ? [joined] : [];
    return joined.subarray(0, n);
  }

  /** Exactly `n` bytes, or fewer when the stream ends first. */
  async read(n: number): Promise<Uint8Array> {
    const head = await this.peek(n);
    this.drop(head.byteLength);
    return head;
  }

  /** The next chunk of at most `max` bytes, or undefined at the end. */
  async next(max = Infinity): Promise<Uint8Array | undefined> {
    await this.fill(1);
    const first = this.buffered[0];
    if (!first) return undefined;
    const chunk = first.byteLength <= max ? first : first.subarray(0, max);
    this.drop(chunk.byteLength);
    return chunk;
  }

  /** Skips `n` bytes; returns how many could be skipped. */
  async skip(n: number): Promise<number> {
    let left = n;
    while (left > 0) {
      const chunk = await this.next(left);
      if (!chunk) break;
      left -= chunk.byteLength;
    }
    return n - left;
  }

  /** Skips the NUL bytes that come next (a hole where nothing was written); returns how many. */
  async skipNuls(): Promise<number> {
    let skipped = 0;
    for (;;) {
      await this.fill(1);
      const first = this.buffered[0];
      if (!first) return skipped;
      const end = nulRunEnd(first, 0);
      this.drop(end);
      skipped += end;
      if (end < first.byteLength) return skipped;
    }
  }

  /** Every byte still to come, chunk by chunk. */
  async *rest(): AsyncGenerator<Uint8Array> {
    for (;;) {
      const chunk = await this.next();
      if (!chunk) return;
      yield chunk;
    }
  }

  /** Stops the underlying stream (closes files) when the rest is not wanted. */
  async close(): Promise<void> {
    this.buffered = [];
    this.bufferedBytes = 0;
    if (!this.done) {
      this.done = true;
      await this.iterator.return?.();
    }
  }

  private drop(n: number): void {
    this.consumed += n;
    this.bufferedBytes -= n;
    while (n > 0) {
      const first = this.buffered[0]!;
      if (first.byteLength <= n) {
        this.buffered.shift();
        n -= first.byteLength;
      } else {
        this.buffered[0] = first.subarray(n);
        n = 0;
      }
    }
  }
}

export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const total = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** Compared against with one native memcmp per block instead of a JS loop per byte. */
const ZEROS = new Uint8Array(4096);

/** Index of the first byte at or after `from` that is not NUL (the length when there is none). */
export function nulRunEnd(bytes: Uint8Array, from: number): number {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = from;
  while (at + ZEROS.length <= view.length && view.compare(ZEROS, 0, ZEROS.length, at, at + ZEROS.length) === 0) at += ZEROS.length;
  while (at < view.length && view[at] === 0) at++;
  return at;
}
