// Clean-up of what serial consoles and terminals add to logs, done on whole decoded chunks
// (one native regex pass per chunk instead of one per line) before lines are split.

// CSI/OSC escape sequences (colours, cursor moves, titles) and two-byte ESC sequences. An OSC
// never spans a line break, so a sequence cut at a chunk's end is recognised the same way.
const ANSI = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b\n\r]*(?:\u0007|\u001b\\)|[@-Z\\-_])/g;
// C0 control bytes other than tab, LF and CR (line splitting handles those), DEL, and ESC
// left over when it started no sequence.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const ANY_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
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
      .replace(CONTROL, (c) => {
        if (c === '\u0000') counts.nul++;
        else counts.control++;
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

/** Bytes that are control characters in any ASCII-compatible encoding (tab, LF and CR are not). */
const CONTROL_BYTE = new Uint8Array(256);
for (let b = 0; b < 0x20; b++) if (b !== 0x09 && b !== 0x0a && b !== 0x0d) CONTROL_BYTE[b] = 1;
CONTROL_BYTE[0x7f] = 1;

/**
 * Whether ASCII-compatible bytes hold a control character: four bytes at a time, looking at
 * single bytes only in a word with a byte below 0x20 or equal to 0x7f (mostly the LF of each
 * line). Two to three times faster than a regex over the decoded text, which it spares.
 */
export function hasControlBytes(bytes: Uint8Array): boolean {
  let i = 0;
  const end = bytes.byteLength;
  while (i < end && (bytes.byteOffset + i) % 4 !== 0) if (CONTROL_BYTE[bytes[i++]!]) return true;
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset + i, (end - i) >>> 2);
  for (let w = 0; w < words.length; w++) {
    const x = words[w]!;
    const y = x ^ 0x7f7f7f7f;
    if (((x - 0x20202020) & ~x & 0x80808080) === 0 && ((y - 0x01010101) & ~y & 0x80808080) === 0) continue;
    const at = i + w * 4;
    if (CONTROL_BYTE[bytes[at]!] || CONTROL_BYTE[bytes[at + 1]!] || CONTROL_BYTE[bytes[at + 2]!] || CONTROL_BYTE[bytes[at + 3]!]) return true;
  }
  for (let j = i + words.length * 4; j < end; j++) if (CONTROL_BYTE[bytes[j]!]) return true;
  return false;
}
