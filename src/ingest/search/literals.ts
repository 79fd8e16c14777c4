// The start tokens (tokens.ts) as a table of literals for a byte-level filter: the one pass of
// scan-block.ts looks at every third byte position of a block, hashes the three bytes there and
// tests one bit. A token of five bytes or more always has one of three chosen three-byte pieces
// ("grams", at offsets k, k+1 and k+2 of the token) at a position the pass looks at, so no
// occurrence is missed. Three bytes are common in text (`ing`, `ent`: 2% of positions), so a
// set bit is checked again on the four bytes ahead (the gram and the byte after it) and the four
// behind (the byte before it and the gram) against second tables: both, for a gram inside its
// token (five of its bytes checked), the one side the token has for a gram at its start or end
// (`u: ` of `rcu: `). Whatever passes is confirmed by comparing the token's bytes. (Every second
// position with four-byte grams, the first version, looked at 1.5× as many positions; four
// bytes at every third position would leave out the five-byte tokens, `BUG: ` and `rcu: `
// among them.) This is the shape of the short-literal filters of multi-pattern matchers
// (Hyperscan's FDR, Rust regex's Teddy); the pass runs in WebAssembly (assembly/scan-kernel.ts),
// with the tables in its memory.
//
// Chosen by measurement (`npm run bench:matchers`, docs/benchmarks.md "Search first"): the
// filter and its confirmations cost a fraction of one V8 regular expression of all the tokens,
// whose per-position test cannot skip anything: the tokens' first letters cover most of the
// alphabet. The regular expression stays the definition (startPattern); test/ingest/scan-block.test.ts
// checks that both find the same lines.
import { START_TOKENS, type StartToken } from './tokens.js';

/** Bytes per gram, and positions the scan steps over: the pass looks at every STEP-th position. */
const GRAM = 3;
const STEP = 3;
/** A token with at least this many bytes is found by the gram filter (STEP grams in a row); shorter ones by a native search. */
const GRAM_MIN_TOKEN = STEP - 1 + GRAM;
/** Bits of the hashed gram: a 2^20-bit table, 128 KiB, fits a core's L2 cache. */
const HASH_BITS = 20;

export interface LiteralTable {
  /** One bit per hashed gram that some token carries at its chosen offsets. */
  bits: Int32Array;
  /** One bit per hashed four bytes ahead of a gram (the gram, the byte after) at its token's start… */
  aheadOnly: Int32Array;
  /** …behind a gram (the byte before, the gram) at its token's end… */
  behindOnly: Int32Array;
  /** …and both, for a gram inside its token. */
  bothAhead: Int32Array;
  bothBehind: Int32Array;
  /** Per hash: the tokens (as bytes) and the offset of the gram that hashed there. */
  candidates: Map<number, readonly { bytes: Uint8Array; offset: number }[]>;
  /** Tokens too short for STEP grams: searched for with the runtime's own byte search. */
  short: readonly Uint8Array[];
}

/**
 * The hash of a gram (three bytes) or of four bytes, big-endian as `DataView.getInt32` reads them
 * (the kernel of assembly/scan-kernel.ts writes it out in its loop): multiplicative, the top
 * HASH_BITS bits.
 */
export function gramHash(gram: number): number {
  return Math.imul(gram, 0x9e3779b1) >>> (32 - HASH_BITS);
}

export function literalTable(tokens: readonly StartToken[] = START_TOKENS): LiteralTable {
  const bits = new Int32Array((1 << HASH_BITS) >>> 5);
  const [aheadOnly, behindOnly, bothAhead, bothBehind] = [0, 1, 2, 3].map(() => new Int32Array((1 << HASH_BITS) >>> 5)) as [Int32Array, Int32Array, Int32Array, Int32Array];
  const set = (table: Int32Array, hash: number) => (table[hash >>> 5]! |= 1 << (hash & 31));
  const candidates = new Map<number, { bytes: Uint8Array; offset: number }[]>();
  const short: Uint8Array[] = [];
  for (const row of tokens) {
    const spellings = row.pattern ? spell(row.token) : [row.token];
    const first = Buffer.from(spellings[0]!, 'latin1');
    if (first.byteLength < GRAM_MIN_TOKEN) {
      for (const spelling of spellings) short.push(Buffer.from(spelling, 'latin1'));
      continue;
    }
    const k = rarestRun(first);
    for (const spelling of spellings) {
      const bytes = Buffer.from(spelling, 'latin1');
      for (let offset = k; offset < k + STEP; offset++) {
        const hash = gramHash(bytes.readUIntBE(offset, GRAM));
        set(bits, hash);
        // (A token has five bytes or more: a gram without a byte after it has one before it.)
        const ahead = offset + 4 <= bytes.byteLength ? gramHash(bytes.readInt32BE(offset)) : undefined;
        const behind = offset >= 1 ? gramHash(bytes.readInt32BE(offset - 1)) : undefined;
        if (ahead !== undefined && behind !== undefined) {
          set(bothAhead, ahead);
          set(bothBehind, behind);
        } else if (ahead !== undefined) set(aheadOnly, ahead);
        else set(behindOnly, behind!);
        const list = candidates.get(hash) ?? [];
        list.push({ bytes, offset });
        candidates.set(hash, list);
      }
    }
  }
  return { bits, aheadOnly, behindOnly, bothAhead, bothBehind, candidates, short };
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
 * How common a byte is in log text, roughly: the space and the most frequent lower-case letters
 * of English (and of the kernel's words) most, other letters and digits less, capitals and most
 * punctuation least (the colon of `key: value` is common). A gram of rare bytes is a rare gram.
 * Measured on the six benchmark shapes: 0.01–0.33% of the positions looked at pass the second
 * tables (all lower-case letters weighted alike: up to 1.6%).
 */
const COMMONNESS = new Uint8Array(256).map((_, b) => {
  const c = String.fromCharCode(b);
  if (c === ' ' || c === ':' || 'etaoinsrhldcu'.includes(c)) return 5;
  if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return 3;
  if (c >= 'A' && c <= 'Z') return 2;
  return 1;
});

/**
 * The offset k whose grams (at k … k+STEP-1, with their fourth bytes) are likely rarest in log
 * traffic, by COMMONNESS: `BUG at` of "kernel BUG at " rather than `kernel`, which every
 * `kernel:` line carries. Ties go to the later offset: a word's end is rarer than its start.
 * (Spaces counted as rare, as a first version did, picked `ed ` and `on `: 3% of positions.)
 */
function rarestRun(bytes: Uint8Array): number {
  // Three four-byte pieces within the token when it is long enough: each then has its fourth byte.
  const span = Math.max(GRAM_MIN_TOKEN, Math.min(bytes.byteLength, STEP + 3));
  let best = 0;
  let bestScore = Infinity;
  for (let k = 0; k + span <= bytes.byteLength; k++) {
    let score = 0;
    for (let offset = k; offset < k + STEP; offset++) for (let i = offset; i < Math.min(offset + 4, bytes.byteLength); i++) score += COMMONNESS[bytes[i]!]!;
    if (score <= bestScore) {
      best = k;
      bestScore = score;
    }
  }
  return best;
}
