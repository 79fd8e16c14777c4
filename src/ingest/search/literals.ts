// The start tokens (tokens.ts) as a table of literals for a byte-level filter: the one pass of
// scan-block.ts looks at every second byte position of a block, hashes the four bytes there and
// tests one bit. A token of five bytes or more always has one of two chosen four-byte pieces
// ("grams", at offsets k and k+1 of the token) at an even position, so no occurrence is missed;
// a set bit is only a candidate, confirmed by comparing the token's bytes. This is the shape of
// the short-literal filters of multi-pattern matchers (Hyperscan's FDR, Rust regex's Teddy),
// written for V8: typed-array loads and a 128 KiB bit table are what its JIT makes fast.
//
// Chosen by measurement (`npm run bench:matchers`, docs/benchmarks.md "Search first"): the
// filter and its confirmations cost a fraction of one V8 regular expression of all the tokens,
// whose per-position test cannot skip anything: the tokens' first letters cover most of the
// alphabet. The regular expression stays the definition (startPattern); test/ingest/scan-block.test.ts
// checks that both find the same lines.
import { START_TOKENS, type StartToken } from './tokens.js';

/** A token with at least this many bytes is found by the gram filter; shorter ones by a native search. */
const GRAM_MIN_TOKEN = 5;
/** Bits of the hashed gram: a 2^20-bit table, 128 KiB, fits a core's L2 cache. */
const HASH_BITS = 20;

export interface LiteralTable {
  /** One bit per hashed gram that some token carries at its chosen offsets. */
  bits: Int32Array;
  /** Per hash: the tokens (as bytes) and the offset of the gram that hashed there. */
  candidates: Map<number, readonly { bytes: Uint8Array; offset: number }[]>;
  /** Tokens too short for two grams: searched for with the runtime's own byte search. */
  short: readonly Uint8Array[];
}

/** The gram's hash (scan-block.ts writes it out in its loop): a multiplicative hash of the big-endian four bytes (what `DataView.getInt32` reads). */
export function gramHash(gram: number): number {
  return Math.imul(gram, 0x9e3779b1) >>> (32 - HASH_BITS);
}

export function literalTable(tokens: readonly StartToken[] = START_TOKENS): LiteralTable {
  const bits = new Int32Array((1 << HASH_BITS) >>> 5);
  const candidates = new Map<number, { bytes: Uint8Array; offset: number }[]>();
  const short: Uint8Array[] = [];
  for (const row of tokens) {
    const spellings = row.pattern ? spell(row.token) : [row.token];
    const first = Buffer.from(spellings[0]!, 'latin1');
    if (first.byteLength < GRAM_MIN_TOKEN) {
      for (const spelling of spellings) short.push(Buffer.from(spelling, 'latin1'));
      continue;
    }
    const k = rarestPair(first);
    for (const spelling of spellings) {
      const bytes = Buffer.from(spelling, 'latin1');
      for (const offset of [k, k + 1]) {
        const hash = gramHash(bytes.readInt32BE(offset));
        bits[hash >>> 5]! |= 1 << (hash & 31);
        const list = candidates.get(hash) ?? [];
        list.push({ bytes, offset });
        candidates.set(hash, list);
      }
    }
  }
  return { bits, candidates, short };
}

/**
 * Every literal spelling of a token pattern. The patterns of tokens.ts use only literal
 * characters, escapes and character classes of single characters (`[Cc]`): enough for the case
 * variants the kernel and the tools print.
 */
export function spell(pattern: string): string[] {
  let spellings = [''];
  const part = /\[([^\]]+)\]|\\(.)|(.)/gs;
  for (let m = part.exec(pattern); m; m = part.exec(pattern)) {
    const choices = m[1] !== undefined ? [...m[1]] : [m[2] ?? m[3]!];
    spellings = spellings.flatMap((head) => choices.map((c) => head + c));
  }
  return spellings;
}

/**
 * The offset k whose grams (at k and k+1) are likely rarest in log traffic. Lower-case letters
 * and digits are what log text is mostly made of; a gram with capitals, spaces or punctuation is
 * rarer (`l BU` of "kernel BUG at " rather than `kern`, which every `kernel:` line carries). Ties
 * go to the later offset: a word's end is rarer than its start ("LOCKUP": `CKUP`, not `LOCK`).
 */
function rarestPair(bytes: Uint8Array): number {
  const weight = (b: number) => ((b >= 0x61 && b <= 0x7a) || (b >= 0x30 && b <= 0x39) ? 3 : b >= 0x41 && b <= 0x5a ? 2 : 1);
  const gram = (k: number) => weight(bytes[k]!) + weight(bytes[k + 1]!) + weight(bytes[k + 2]!) + weight(bytes[k + 3]!);
  let best = 0;
  let bestScore = Infinity;
  for (let k = 0; k + 5 <= bytes.byteLength; k++) {
    const score = gram(k) + gram(k + 1);
    if (score <= bestScore) {
      best = k;
      bestScore = score;
    }
  }
  return best;
}
