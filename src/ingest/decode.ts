// Bytes → text, deciding once per input (from its head) how to decode it and whether it is
// text at all, then decoding chunk by chunk and counting what could not be decoded.
import { Buffer, isAscii, isUtf8 } from 'node:buffer';

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'latin-1';

export interface DecodeVerdict {
  binary: boolean;
  encoding: Encoding;
  /** A byte-order mark was present (and dropped). */
  bom?: boolean;
  reason?: string;
}

/**
 * UTF-8 and latin-1 keep every ASCII byte as itself: a line break, a control byte or a token is
 * the same byte in the text as in the input, so bytes can be searched and checked undecoded.
 */
export function isAsciiCompatible(verdict: DecodeVerdict): boolean {
  return verdict.encoding === 'utf-8' || verdict.encoding === 'latin-1';
}

/** How much of the head is looked at. */
export const SNIFF_BYTES = 64 * 1024;
/** A run of NUL bytes at least this long is a hole in a log, not binary content. */
export const NUL_HOLE = 64;

/** Control bytes that never appear in logs; a high share of them means a binary file. */
function isSuspectControl(byte: number): boolean {
  return byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x1b && byte !== 0x0c;
}
/** isSuspectControl as a character class (NUL aside), for a latin-1 view of the bytes. */
const SUSPECT_CONTROL = /[\x01-\x08\x0b\x0e-\x1a\x1c-\x1f]/;

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/** UTF-16 without a BOM: ASCII text leaves every other byte NUL. */
function sniffUtf16(sample: Uint8Array): Encoding | undefined {
  if (sample.length < 8) return undefined;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i + 1 < sample.length; i += 2) {
    if (sample[i] === 0) evenZero++;
    if (sample[i + 1] === 0) oddZero++;
  }
  const pairs = Math.floor(sample.length / 2);
  if (oddZero > pairs * 0.4 && evenZero < pairs * 0.05) return 'utf-16le';
  if (evenZero > pairs * 0.4 && oddZero < pairs * 0.05) return 'utf-16be';
  return undefined;
}

/**
 * Counts well-formed multi-byte UTF-8 sequences and bytes that fit no sequence. A sequence
 * cut at the end of the sample is neither.
 */
export function utf8Census(sample: Uint8Array): { multibyte: number; invalid: number } {
  let multibyte = 0;
  let invalid = 0;
  for (let i = 0; i < sample.length; ) {
    const byte = sample[i]!;
    if (byte < 0x80) {
      i++;
      continue;
    }
    const length = byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xf0 && byte <= 0xf4 ? 4 : 0;
    if (length === 0) {
      invalid++;
      i++;
      continue;
    }
    if (i + length > sample.length) break;
    let ok = true;
    for (let k = 1; k < length; k++) if ((sample[i + k]! & 0xc0) !== 0x80) ok = false;
    if (ok) {
      multibyte++;
      i += length;
    } else {
      invalid++;
      i++;
    }
  }
  return { multibyte, invalid };
}

/** Looks at the first bytes of an input and decides how to decode it. */
export function sniffEncoding(head: Uint8Array): DecodeVerdict {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { binary: false, encoding: 'utf-8', bom: true };
  if (head[0] === 0xff && head[1] === 0xfe) return { binary: false, encoding: 'utf-16le', bom: true };
  if (head[0] === 0xfe && head[1] === 0xff) return { binary: false, encoding: 'utf-16be', bom: true };
  const sample = head.subarray(0, SNIFF_BYTES);
  if (sample.length === 0) return { binary: false, encoding: 'utf-8' };
  // The common case, a text log without NUL or stray control bytes, told by the runtime's own
  // searches: the byte loops below cost ~10 ms on a 64 KiB sample while the engine is still cold,
  // a tenth of a big log's search.
  if (!Buffer.from(sample.buffer, sample.byteOffset, sample.byteLength).includes(0) && !SUSPECT_CONTROL.test(latin1(sample))) {
    if (isUtf8(sample)) return { binary: false, encoding: 'utf-8' };
  }
  const utf16 = sniffUtf16(sample);
  if (utf16) return { binary: false, encoding: utf16 };
  // A log cut by a crash often holds a long run of NUL bytes (the file system's unwritten
  // tail) and then goes on: such runs are holes, not evidence of a binary file.
  let suspect = 0;
  let holes = 0;
  let run = 0;
  for (const byte of sample) {
    if (byte === 0) {
      run++;
      continue;
    }
    if (run >= NUL_HOLE) holes += run;
    else suspect += run;
    run = 0;
    if (isSuspectControl(byte)) suspect++;
  }
  if (run >= NUL_HOLE) holes += run;
  else suspect += run;
  const text = sample.length - holes;
  if (text === 0) return { binary: true, encoding: 'utf-8', reason: `the first ${sample.length} bytes are all NUL` };
  // Serial captures carry the odd control byte; a file that is 10% of them is not a log.
  if (suspect / text > 0.1) {
    return { binary: true, encoding: 'utf-8', reason: `${Math.round((suspect * 100) / text)}% of the first ${sample.length} bytes are NUL or control bytes` };
  }
  // Bytes above 0x7f that are mostly not UTF-8: an old single-byte log, read as latin-1
  // rather than turning every accented letter into U+FFFD. A UTF-8 log with a few broken
  // sequences stays UTF-8 (they are counted and replaced).
  const census = utf8Census(sample);
  if (census.invalid > census.multibyte) return { binary: false, encoding: 'latin-1' };
  return { binary: false, encoding: 'utf-8' };
}

/** Streams bytes to text with the decoder the verdict chose, counting undecodable sequences. */
export class ChunkDecoder {
  private decoder: InstanceType<typeof TextDecoder> | undefined;
  /** ASCII chunks were decoded without the TextDecoder, which must then keep a later U+FEFF. */
  private bypassed = false;
  /** The TextDecoder may hold the first bytes of a sequence cut at the chunk's end. */
  private partial = false;
  private readonly asciiCompatible: boolean;
  /** Sequences replaced by U+FFFD (invalid UTF-8 or unpaired UTF-16 surrogates). */
  replaced = 0;

  constructor(readonly verdict: DecodeVerdict) {
    this.asciiCompatible = isAsciiCompatible(verdict);
  }

  decode(chunk: Uint8Array): string {
    // Logs are mostly ASCII, which every ASCII-compatible decoding maps byte for byte: a native
    // check and a one-byte string copy cost a tenth of decoding.
    if (this.asciiCompatible && !this.partial && isAscii(chunk)) {
      this.bypassed = true;
      return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1');
    }
    // A chunk ending in an ASCII byte leaves no sequence half read.
    this.partial = this.verdict.encoding === 'utf-8' && chunk.byteLength > 0 && chunk[chunk.byteLength - 1]! >= 0x80;
    return this.count(this.textDecoder().decode(chunk, { stream: true }));
  }

  end(): string {
    if (!this.decoder) return '';
    return this.count(this.decoder.decode());
  }

  private textDecoder(): InstanceType<typeof TextDecoder> {
    this.decoder ??= new TextDecoder(this.verdict.encoding === 'latin-1' ? 'latin1' : this.verdict.encoding, { fatal: false, ignoreBOM: this.bypassed });
    return this.decoder;
  }

  private count(text: string): string {
    if (this.verdict.encoding === 'latin-1') return text;
    let at = text.indexOf('\uFFFD');
    while (at !== -1) {
      this.replaced++;
      at = text.indexOf('\uFFFD', at + 1);
    }
    return text;
  }
}
