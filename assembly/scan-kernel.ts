// AssemblyScript, compiled to WebAssembly by `npm run build:wasm` (scripts/build-wasm.mjs) into
// src/ingest/search/scan-kernel.ts: the inner loop of the search's one pass (scan-block.ts says what
// the pass finds, and keeps everything around the loop). V8 compiles this loop with no bounds
// checks and plain 32-bit loads: measured 1.0 ms per MiB against 1.45 for the same loop in
// JavaScript (`npm run bench:matchers`).
//
// Memory, laid out by scan-block.ts: five bit tables of 128 KiB (literals.ts: grams, then four
// bytes ahead only, behind only, and ahead and behind both), then a 256-byte table of what each
// byte means to the clean-up, then the block, the line starts and the candidate positions.
const GRAMS: usize = 0;
const AHEAD_ONLY: usize = 131072;
const BEHIND_ONLY: usize = 262144;
const BOTH_AHEAD: usize = 393216;
const BOTH_BEHIND: usize = 524288;
const ODD: usize = 655360;

/** Line starts written by the last scan (the first is 0). */
export let startsFound: i32 = 0;
/** Positions whose gram passed both tables: candidates for the byte comparison. */
export let candidatesFound: i32 = 0;

function bitSet(table: usize, hash: u32): bool {
  return (load<u32>(table + (<usize>(hash >>> 5) << 2)) & (1 << (hash & 31))) != 0;
}

/**
 * Steps three bytes at a time from `from` to `end` (from a multiple of three): hashes the three
 * bytes of each step, records line starts and candidates, and returns the OR of the clean-up
 * flags of every other byte outside printable ASCII. Positions count from `input`, which the
 * caller may place before the bytes it copied in: bytes from `from - 1` to `end + 3` are read,
 * the caller padding past a block's end with a byte none of these tests takes for anything.
 */
export function scan(input: usize, from: i32, end: i32, starts: usize, candidates: usize): u32 {
  let next: i32 = 0;
  let found: i32 = 0;
  let odd: u32 = 0;
  for (let at: i32 = from; at < end; at += 3) {
    const four = bswap<u32>(load<u32>(input + <usize>at));
    const trio = four >>> 8;
    const hash = (trio * 0x9e3779b1) >>> 12;
    if (bitSet(GRAMS, hash)) {
      const ahead = (four * 0x9e3779b1) >>> 12;
      let pass = bitSet(AHEAD_ONLY, ahead);
      // A gram with a byte of its token before it cannot be at a block's first byte.
      if (!pass && at > 0) {
        const behind = (bswap<u32>(load<u32>(input + <usize>at - 1)) * 0x9e3779b1) >>> 12;
        pass = bitSet(BEHIND_ONLY, behind) || (bitSet(BOTH_AHEAD, ahead) && bitSet(BOTH_BEHIND, behind));
      }
      if (pass) {
        store<i32>(candidates + (<usize>found << 2), at);
        found++;
      }
    }
    // A set high bit: one of the three bytes is below 0x20 or above 0x7e (a borrow or carry
    // between them can raise a false alarm; each byte is then looked at).
    if (((trio - 0x202020) | (trio + 0x010101)) & 0x808080) {
      const first = trio >>> 16;
      const second = (trio >>> 8) & 0xff;
      const third = trio & 0xff;
      if (first == 10) {
        store<i32>(starts + (<usize>next << 2), at + 1);
        next++;
      } else odd |= load<u8>(ODD + first);
      if (second == 10) {
        store<i32>(starts + (<usize>next << 2), at + 2);
        next++;
      } else odd |= load<u8>(ODD + second);
      if (third == 10) {
        store<i32>(starts + (<usize>next << 2), at + 3);
        next++;
      } else odd |= load<u8>(ODD + third);
    }
  }
  startsFound = next;
  candidatesFound = found;
  return odd;
}
