// Clean-up of what serial consoles and terminals add to logs, done on whole decoded chunks
// (one native regex pass per chunk instead of one per line) before lines are split.
import { Buffer } from 'node:buffer';
import { concatBytes, nulRunEnd } from './bytes.js';

// CSI/OSC escape sequences (colours, cursor moves, titles) and two-byte ESC sequences. An OSC
// never spans a line break, so a sequence cut at a chunk's end is recognised the same way.
const ANSI = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b\n\r]*(?:\u0007|\u001b\\)|[@-Z\\-_])/g;
// Runs of C0 control bytes other than tab, LF and CR (line splitting handles those), DEL, and
// ESC left over when it started no sequence. Matched as runs: a NUL hole of 64 MiB was 64 Mi
// callbacks (12 s) when matched one character at a time.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]+/g;
/** One control character the clean-up removes and counts (the windowed path finds their lines with it). */
export const ANY_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/** An escape sequence is never longer than this; a longer "sequence" is junk and is dropped. */
const MAX_ESCAPE = 256;

export interface HygieneCounts {
  ansi: number;
  nul: number;
  control: number;
}

export class ChunkCleaner {
  readonly counts: HygieneCounts = { ansi: 0, nul: 0, control: 0 };
  private carry = '';

  /**
   * Cleans a chunk; an escape sequence cut at the chunk's end waits for the next chunk.
   * `clean`: the caller saw in the bytes that the chunk has no control character at all.
   */
  push(chunk: string, clean = false): string {
    if (clean && this.carry === '') return chunk;
    let text = this.carry + chunk;
    this.carry = '';
    const esc = text.lastIndexOf('\u001b');
    if (esc !== -1 && text.length - esc < MAX_ESCAPE && !isCompleteEscape(text.slice(esc))) {
      this.carry = text.slice(esc);
      text = text.slice(0, esc);
    }
    return this.clean(text);
  }

  end(): string {
    const text = this.carry;
    this.carry = '';
    return this.clean(text);
  }

  private clean(text: string): string {
    if (!ANY_CONTROL.test(text)) return text;
    const counts = this.counts;
    return text
      .replace(ANSI, () => {
        counts.ansi++;
        return '';
      })
      .replace(CONTROL, (run) => {
        let nul = 0;
        for (let i = 0; i < run.length; i++) if (run.charCodeAt(i) === 0) nul++;
        counts.nul += nul;
        counts.control += run.length - nul;
        return '';
      });
  }
}

function isCompleteEscape(tail: string): boolean {
  if (/[\n\r]/.test(tail)) return true; // can never become a sequence
  // An OSC string (`ESC ]` title…) runs to BEL or ESC \; cut before its end it would be taken
  // for the two-byte sequence `ESC ]`, so it waits for the rest.
  if (tail.startsWith('\u001b]')) return /\u0007|\u001b\\/.test(tail);
  ANSI.lastIndex = 0;
  const m = ANSI.exec(tail);
  ANSI.lastIndex = 0;
  return m !== null && m.index === 0;
}

/**
 * Removes NUL bytes from an ASCII-compatible byte stream before it is decoded, a run at a time
 * (native memchr to find one, memcmp against zeros to find its end), and keeps the account:
 * how many, in how many runs, and the longest run and where it starts. In UTF-8 and latin-1 a
 * NUL byte is always U+0000 and never part of another character, so this is exact; UTF-16 text
 * keeps its NUL bytes (they are half its characters) and is cleaned after decoding.
 */
export class NulStripper {
  removed = 0;
  runs = 0;
  longest: { bytes: number; at: number } | undefined;
  /** Bytes of the stream seen so far. */
  private offset = 0;
  private open: { bytes: number; at: number } | undefined;

  push(chunk: Uint8Array): Uint8Array {
    const view = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let nul = view.indexOf(0);
    if (nul === -1) {
      if (chunk.byteLength > 0) this.close();
      this.offset += chunk.byteLength;
      return chunk;
    }
    const kept: Uint8Array[] = [];
    let from = 0;
    while (nul !== -1) {
      if (nul > from) {
        this.close();
        kept.push(chunk.subarray(from, nul));
      }
      const end = nulRunEnd(chunk, nul);
      this.count(end - nul, this.offset + nul);
      from = end;
      nul = from < view.length ? view.indexOf(0, from) : -1;
    }
    if (from < chunk.byteLength) {
      this.close();
      kept.push(chunk.subarray(from));
    }
    this.offset += chunk.byteLength;
    return kept.length === 0 ? new Uint8Array(0) : concatBytes(kept);
  }

  /** NUL bytes the reader skipped before handing over the next chunk. */
  skipped(bytes: number): void {
    this.count(bytes, this.offset);
    this.offset += bytes;
  }

  private count(bytes: number, at: number): void {
    if (bytes === 0) return;
    if (!this.open) {
      this.open = { bytes: 0, at };
      this.runs++;
    }
    this.open.bytes += bytes;
    this.removed += bytes;
    if (!this.longest || this.open.bytes > this.longest.bytes) this.longest = { ...this.open };
  }

  private close(): void {
    this.open = undefined;
  }
}

/** Bytes that are control characters in any ASCII-compatible encoding (tab, LF and CR are not). */
const CONTROL_BYTE = new Uint8Array(256);
for (let b = 0; b < 0x20; b++) if (b !== 0x09 && b !== 0x0a && b !== 0x0d) CONTROL_BYTE[b] = 1;
CONTROL_BYTE[0x7f] = 1;
/** The same for pairs of bytes read as one 16-bit word, in either byte order. */
const CONTROL_PAIR = new Uint8Array(65536);
for (let v = 0; v < 65536; v++) CONTROL_PAIR[v] = CONTROL_BYTE[v & 0xff]! | CONTROL_BYTE[v >>> 8]!;

/**
 * Whether ASCII-compatible bytes hold a control character: eight bytes per step through a
 * table of byte pairs, about twice as fast as a regex over the decoded text, which it spares.
 */
export function hasControlBytes(bytes: Uint8Array): boolean {
  const end = bytes.byteLength;
  // An odd start is read byte-wise first: a 16-bit view must start on an even offset.
  const i = bytes.byteOffset % 2;
  if (i === 1 && end > 0 && CONTROL_BYTE[bytes[0]!]) return true;
  if (end <= i) return false;
  const pairs = new Uint16Array(bytes.buffer, bytes.byteOffset + i, (end - i) >>> 1);
  const whole = pairs.length & ~3;
  for (let w = 0; w < whole; w += 4) {
    if (CONTROL_PAIR[pairs[w]!]! | CONTROL_PAIR[pairs[w + 1]!]! | CONTROL_PAIR[pairs[w + 2]!]! | CONTROL_PAIR[pairs[w + 3]!]!) return true;
  }
  for (let j = i + whole * 2; j < end; j++) if (CONTROL_BYTE[bytes[j]!]) return true;
  return false;
}
