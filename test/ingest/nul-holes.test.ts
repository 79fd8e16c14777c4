// NUL holes: a crashed VM's console file, a pstore dump or a syslog cut by a power loss holds
// runs of NUL bytes where blocks were allocated and never written, then the log goes on. The
// runs are skipped in bulk (byte runs, not one callback per character), an input that starts
// with more NULs than the sniffed head is read past them, and every skipped byte is counted.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, sourceFromBytes } from '../../src/index.js';
import { NulStripper } from '../../src/ingest/hygiene.js';
import { SNIFF_BYTES } from '../../src/ingest/decode.js';

const CONSOLE = readFileSync(join(import.meta.dirname, '..', '..', 'examples', 'incident-2024-03-27', 'console-softlockup.log'));

/** The input delivered in chunks of `size` bytes, as a file or pipe would. */
function chunked(name: string, bytes: Uint8Array, size: number) {
  return {
    name,
    async *open() {
      for (let at = 0; at < bytes.byteLength; at += size) yield bytes.subarray(at, at + size);
    },
  };
}

describe('an input that starts with a NUL hole longer than the sniffed head', () => {
  it('is read past the hole (it was skipped as binary), with the NULs counted', async () => {
    const hole = SNIFF_BYTES + 12_345;
    const bytes = Buffer.concat([Buffer.alloc(hole), CONSOLE]);
    const [withHole, plain] = await Promise.all([analyze([chunked('pstore-console.log', bytes, 65_536)]), analyze([sourceFromBytes('pstore-console.log', CONSOLE)])]);
    const input = withHole.inputs[0]!;
    expect(input.skipped).toBeUndefined();
    expect(input.lines).toBe(plain.inputs[0]!.lines);
    expect(input.decoding!.nulBytes).toBe(hole);
    expect(input.decoding!.textBytes).toBe(bytes.byteLength);
    expect(input.warnings).toContain(`${hole} NUL bytes removed (1 run; the longest, ${hole} bytes, at byte 0: blocks that were never written)`);
    expect(withHole.events.map((e) => [e.kind, e.cpu])).toEqual(plain.events.map((e) => [e.kind, e.cpu]));
  });

  it('says what an input of nothing but NULs is, however long', async () => {
    const report = await analyze([chunked('vm-console.log', new Uint8Array(3 * SNIFF_BYTES + 7), 65_536)]);
    expect(report.inputs[0]).toMatchObject({ kinds: ['empty'], lines: 0, skipped: `only NUL bytes (${3 * SNIFF_BYTES + 7}): nothing was written to it` });
  });
});

describe('NUL runs inside a log', () => {
  it('are removed in bulk and accounted for: how many bytes, in how many runs, the longest and where', async () => {
    const half = CONSOLE.indexOf('\n', CONSOLE.length >> 1) + 1;
    const bytes = Buffer.concat([CONSOLE.subarray(0, half), Buffer.alloc(1 << 20), CONSOLE.subarray(half, half + 10), Buffer.alloc(3), CONSOLE.subarray(half + 10)]);
    const report = await analyze([chunked('console.log', bytes, 4096)]);
    const plain = await analyze([sourceFromBytes('console.log', CONSOLE)]);
    const input = report.inputs[0]!;
    expect(input.lines).toBe(plain.inputs[0]!.lines);
    expect(input.decoding!.nulBytes).toBe((1 << 20) + 3);
    expect(input.warnings).toContain(`${(1 << 20) + 3} NUL bytes removed (2 runs; the longest, ${1 << 20} bytes, at byte ${half}: blocks that were never written)`);
    expect(report.events).toEqual(plain.events);
  });

  it('the stripper counts a run cut by chunk boundaries once, and keeps every other byte in order', () => {
    const stripper = new NulStripper();
    const parts = [Uint8Array.of(65, 0, 0), Uint8Array.of(0, 0), Uint8Array.of(0, 66, 0, 67), new Uint8Array(9000), Uint8Array.of(68)];
    const out = parts.map((part) => Buffer.from(stripper.push(part)).toString('latin1')).join('');
    expect(out).toBe('ABCD');
    expect(stripper.removed).toBe(2 + 2 + 1 + 1 + 9000);
    expect(stripper.runs).toBe(3);
    expect(stripper.longest).toEqual({ bytes: 9000, at: 9 });
    // A chunk without NULs is handed back as it is, not copied.
    const clean = Uint8Array.of(1, 2, 3);
    expect(stripper.push(clean)).toBe(clean);
  });
});
