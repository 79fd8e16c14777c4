// Bounded property runs in `npm test`; `npm run fuzz` runs the same properties far longer.
import { describe, expect, it } from 'vitest';
import { analyze, sourceFromText } from '../../src/index.js';
import { checkAccounting, loadFixtures, mutate, runProperties } from './properties.js';

describe('fuzz: the engine returns a report for anything, with every input accounted for', () => {
  const fixtures = loadFixtures();

  it('finds the project fixtures to cut and mutate', () => {
    expect(fixtures.length).toBeGreaterThan(50);
    expect(fixtures.some((f) => f.name.endsWith('bundle.tgz'))).toBe(true);
  });

  it('holds for random bytes, fixtures cut anywhere and mutated logs', async () => {
    const { cases } = await runProperties(fixtures, { randomBytes: 40, truncations: 60, mutations: 60, maxBytes: 4096 });
    expect(cases).toBe(160);
  }, 120_000);

  it('mutations are line-level edits of the text', () => {
    const text = 'a\nb\nc';
    expect(mutate(text, [{ op: 'delete', at: 1 }])).toBe('a\nc');
    expect(mutate(text, [{ op: 'swap', at: 0 }])).toBe('b\na\nc');
    expect(mutate(text, [{ op: 'duplicate', at: 2 }])).toBe('a\nb\nc\nc');
    expect(mutate(text, [{ op: 'noise', at: 0, text: '\u0000' }])).toBe('\u0000a\nb\nc');
  });

  it('the accounting check catches a report that lost its input', async () => {
    const report = await analyze([sourceFromText('x.log', 'hello\n')]);
    expect(() => checkAccounting('y.log', report.inputs)).toThrow('the input itself is missing');
  });
});
