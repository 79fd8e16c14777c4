// Bounded property runs in `npm test`; `npm run fuzz` runs the same properties far longer.
import { describe, expect, it } from 'vitest';
import { analyze, sourceFromText } from '../../src/index.js';
import { checkAccounting, journalJson, loadFixtures, mutate, runProperties } from './properties.js';

describe('fuzz: the engine returns a report for anything, with every input accounted for', () => {
  const fixtures = loadFixtures();

  it('finds the project fixtures to cut and mutate', () => {
    expect(fixtures.length).toBeGreaterThan(50);
    expect(fixtures.some((f) => f.name.endsWith('bundle.tgz'))).toBe(true);
  });

  it('holds for random bytes, fixtures cut anywhere and mutated logs', async () => {
    const { cases } = await runProperties(fixtures, { randomBytes: 40, truncations: 60, mutations: 60, linkedFolders: 15, nulHoles: 15, journals: 15, maxBytes: 4096 });
    expect(cases).toBe(205);
  }, 120_000);

  it('mutations are line-level edits of the text', () => {
    const text = 'a\nb\nc';
    expect(mutate(text, [{ op: 'delete', at: 1 }])).toBe('a\nc');
    expect(mutate(text, [{ op: 'swap', at: 0 }])).toBe('b\na\nc');
    expect(mutate(text, [{ op: 'duplicate', at: 2 }])).toBe('a\nb\nc\nc');
    expect(mutate(text, [{ op: 'noise', at: 0, text: '\u0000' }])).toBe('\u0000a\nb\nc');
  });

  it('journal exports are one JSON record per line, as journalctl -o json writes them', () => {
    const json = journalJson('first\nsecond\n', [{ bytesMessage: false, dropRealtime: false, kernel: true, cutAt: undefined, boot: 'b1' }]);
    const records = json.split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.map((r) => r['MESSAGE'])).toEqual(['first', 'second']);
    expect(records[0]).toMatchObject({ _TRANSPORT: 'kernel', _BOOT_ID: 'b1', _HOSTNAME: 'db-7' });
    const bytes = journalJson('é', [{ bytesMessage: true, dropRealtime: true, kernel: false, cutAt: undefined, boot: 'b1' }]);
    expect(JSON.parse(bytes)).toMatchObject({ MESSAGE: [0xc3, 0xa9] });
    expect(JSON.parse(bytes)).not.toHaveProperty('__REALTIME_TIMESTAMP');
  });

  it('the accounting check catches a report that lost its input', async () => {
    const report = await analyze([sourceFromText('x.log', 'hello\n')]);
    expect(() => checkAccounting('y.log', report.inputs)).toThrow('the input itself is missing');
  });
});
