// Streaming must not change the result: however the bytes are cut into chunks, the lines,
// the clean-up and the counts are those of the whole text read at once.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteReader } from '../../src/ingest/bytes.js';
import { ChunkCleaner } from '../../src/ingest/hygiene.js';
import { LineSplitter, type PhysicalLine } from '../../src/ingest/lines.js';

function split(chunks: string[], maxChars = 16) {
  const splitter = new LineSplitter(maxChars);
  const lines: PhysicalLine[] = [];
  for (const chunk of chunks) splitter.push(chunk, (line) => lines.push(line));
  splitter.end((line) => lines.push(line));
  return { lines, counts: splitter.counts };
}

function clean(chunks: string[]) {
  const cleaner = new ChunkCleaner();
  const text = chunks.map((chunk) => cleaner.push(chunk)).join('') + cleaner.end();
  return { text, counts: cleaner.counts };
}

/** Cuts `text` at the given fractions. */
function cut(text: string, points: number[]): string[] {
  const at = [...new Set(points.map((p) => Math.floor(p * text.length)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let start = 0;
  for (const point of at) {
    pieces.push(text.slice(start, point));
    start = point;
  }
  pieces.push(text.slice(start));
  return pieces;
}

// Text made of the characters that matter to line splitting and clean-up.
const hostileText = fc
  .array(fc.constantFrom('a', 'b', ' ', '\n', '\r', '\u001b', '[', '3', '1', 'm', ']', '\u0007', '\u0000', '\u007f', 'é', 'xxxxxxxxxxxxxxxxxxxx'), { maxLength: 200 })
  .map((parts) => parts.join(''));
const cuts = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 });

describe('LineSplitter', () => {
  it('splits LF, CRLF, CR CR LF and lone CR, and counts each', () => {
    const { lines, counts } = split(['a\nb\r\nc\r\r\nd\re'], 100);
    expect(lines.map((l) => [l.line, l.text])).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
      [4, 'd'],
      [5, 'e'],
    ]);
    expect(counts).toEqual({ crlf: 2, loneCr: 1, cut: 0 });
  });

  it('holds a CR at a chunk end until it knows whether LF follows', () => {
    expect(split(['a\r', '\nb'], 100).lines.map((l) => l.text)).toEqual(['a', 'b']);
    expect(split(['a\r', 'b'], 100).lines.map((l) => l.text)).toEqual(['a', 'b']);
  });

  it('cuts a line longer than the limit, across chunks, and goes on with the next line', () => {
    const { lines, counts } = split(['x'.repeat(10), 'y'.repeat(30), 'z\r', 'next\n'], 16);
    expect(lines.map((l) => [l.text, l.truncated])).toEqual([
      ['xxxxxxxxxxyyyyyy', true],
      ['next', false],
    ]);
    expect(counts.cut).toBe(1);
  });

  it('gives the same lines and counts whatever the chunking', () => {
    fc.assert(
      fc.property(hostileText, cuts, (text, points) => {
        expect(split(cut(text, points))).toEqual(split([text]));
      }),
      { numRuns: 500 },
    );
  });

  it('never emits a line over the limit', () => {
    fc.assert(
      fc.property(hostileText, cuts, fc.integer({ min: 1, max: 30 }), (text, points, max) => {
        for (const line of split(cut(text, points), max).lines) expect(line.text.length).toBeLessThanOrEqual(max);
      }),
      { numRuns: 300 },
    );
  });
});

describe('ChunkCleaner', () => {
  it('removes colour, title and stray control sequences and counts them', () => {
    const { text, counts } = clean(['\u001b[1;31mred\u001b[0m \u001b]0;title\u0007ok\u0000\u0008!']);
    expect(text).toBe('red ok!');
    expect(counts).toEqual({ ansi: 3, nul: 1, control: 1 });
  });

  it('recognises an escape sequence cut between two chunks', () => {
    expect(clean(['a\u001b[3', '1mb']).text).toBe('ab');
    // Found by the property below: an OSC cut before its BEL is not the 2-byte `ESC ]`.
    expect(clean(['\u001b]', '\u0007'])).toEqual(clean(['\u001b]\u0007']));
    expect(clean(['\u001b]ab\n', 'cd\u0007'])).toEqual(clean(['\u001b]ab\ncd\u0007']));
  });

  it('gives the same text and counts whatever the chunking', () => {
    fc.assert(
      fc.property(hostileText, cuts, (text, points) => {
        expect(clean(cut(text, points))).toEqual(clean([text]));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('ByteReader', () => {
  async function* chunks(...parts: number[][]) {
    for (const part of parts) yield Uint8Array.from(part);
  }

  it('peeks without consuming, then reads exact amounts across chunks', async () => {
    const reader = new ByteReader(chunks([1, 2], [3], [4, 5, 6]));
    expect([...(await reader.peek(4))]).toEqual([1, 2, 3, 4]);
    expect([...(await reader.read(3))]).toEqual([1, 2, 3]);
    expect(await reader.skip(2)).toBe(2);
    expect([...(await reader.next())!]).toEqual([6]);
    expect(await reader.next()).toBeUndefined();
    expect(reader.consumed).toBe(6);
  });

  it('returns what there is when the stream ends early', async () => {
    const reader = new ByteReader(chunks([1, 2]));
    expect([...(await reader.read(5))]).toEqual([1, 2]);
    expect(await reader.skip(3)).toBe(0);
  });
});
