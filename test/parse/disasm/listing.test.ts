import { describe, expect, it } from 'vitest';
import { PARSERS } from '../../../src/parse/registry.js';
import { ingestSource } from '../../../src/ingest/index.js';
import { sourceFromText } from '../../../src/ingest/source.js';
import { emptyBundle } from '../../../src/model/records.js';
import { fixture, parseListings } from '../../analyze/waits/helpers.js';

describe('crash dis -l listing', () => {
  const { listings, unclaimed, warnings } = parseListings(fixture('incident-2024-03-27/dis-smp_call_function_many_cond.txt'));
  const listing = listings[0]!;

  it('reads every line: instructions, source markers and the ... gap', () => {
    expect(unclaimed).toEqual([]);
    expect(warnings).toEqual([]);
    expect(listings).toHaveLength(1);
    expect(listing.func).toBe('smp_call_function_many_cond');
    expect(listing.arch).toBe('arm64');
    expect(listing.format).toBe('crash-dis');
    expect(listing.instructions).toHaveLength(29);
  });

  it('keeps decimal offsets, branch targets, callees and source lines', () => {
    const at = (offset: number) => listing.instructions.find((i) => i.offset === offset)!;
    expect(at(844)).toMatchObject({ mnemonic: 'ldar', operands: ['w1', '[x2]'], sourceLine: expect.stringMatching(/kernel\/smp\.c: 108$/) });
    expect(at(848)).toMatchObject({ mnemonic: 'tbnz', target: 816 });
    expect(at(784)).toMatchObject({ mnemonic: 'b.cs', target: 172 });
    expect(at(772)).toMatchObject({ mnemonic: 'bl', callee: 'cpumask_next' });
    expect(at(768).gapBefore).toBe(true);
    expect(listing.start).toBe('ffff8000101b9e98');
  });

  it('does not claim a length for a partial listing', () => {
    expect(listing.complete).toBeUndefined();
    expect(listing.length).toBeUndefined();
  });
});

describe('the pasted write-up', () => {
  it('yields the same listing although // comments and comment-only lines sit between instructions', async () => {
    const bundle = emptyBundle();
    const report = await ingestSource(sourceFromText('WRITEUP.zh.md', fixture('incident-2024-03-27/WRITEUP.zh.md')), PARSERS, bundle);
    expect(report.kinds).toContain('disassembly');
    expect(bundle.listings).toHaveLength(1);
    const pasted = bundle.listings[0]!;
    const direct = parseListings(fixture('incident-2024-03-27/dis-smp_call_function_many_cond.txt')).listings[0]!;
    const shape = (l: typeof pasted) => l.instructions.map((i) => [i.offset, i.mnemonic, i.operands.join(','), i.target ?? null, i.callee ?? null]);
    expect(shape(pasted)).toEqual(shape(direct));
    expect(pasted.instructions.find((i) => i.offset === 808)!.text).toBe('tbz w1, #0, 0xffff8000101ba198 <smp_call_function_many_cond+768>');
  });
});
