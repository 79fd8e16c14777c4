import { describe, expect, it } from 'vitest';
import { analyze, renderReport, sourceFromText } from '../../src/index.js';

const PASTE = [
  'The box froze; console below.',
  '```text',
  '[  812.000001] watchdog: BUG: soft lockup - CPU#6 stuck for 23s! [kswapd0:91]',
  '```',
  'And the SEL:',
  '```',
  ' 1a | 05/02/2025 | 07:11:09 | Memory #0x21 | Uncorrectable ECC | Asserted',
  '```',
  '```c',
  'int main(void) { return 0; }',
  '```',
  '```',
  '[  900.000000] unterminated block at the end',
].join('\n');

describe('blocks of a pasted Markdown input', () => {
  it('says what each fenced block was read as, with its lines', async () => {
    const report = await analyze([sourceFromText('issue.md', PASTE)]);
    const blocks = report.inputs[0]!.blocks!;
    expect(blocks.map((b) => [b.index, b.fromLine, b.toLine, b.kinds])).toEqual([
      [1, 3, 3, ['kernel-log']],
      [2, 7, 7, ['sel-list']],
      [3, 10, 10, ['unknown']],
      [4, 13, 13, ['kernel-log']],
    ]);
    expect(blocks[0]!.info).toBe('text');
    expect(blocks[2]).toMatchObject({ info: 'c', unparsedLines: 1 });
    expect(renderReport(report, 'markdown')).toContain('| ↳ block 2 (lines 7-7) | sel-list | 1 | 0 | |');
  });

  it('lists no blocks for an input without fences', async () => {
    const report = await analyze([sourceFromText('console.log', '[  1.000000] hello\n')]);
    expect(report.inputs[0]!.blocks).toBeUndefined();
  });
});
