import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatCorpus, parseSyzFile, runCorpus, runReal, titleType } from '../../../scripts/corpus.js';

const dir = (name: string) => fileURLToPath(new URL(`../../fixtures/kernel/${name}`, import.meta.url));

describe('corpus runner', () => {
  it('splits a syzkaller test file into headers, log and report', () => {
    const c = parseSyzFile('x', 'TITLE: BUG: soft lockup in foo\nALT: stall in foo\nTYPE: HANG\n\n[ 1.0] BUG: soft lockup\n\nREPORT:\nBUG: soft lockup\n');
    expect(c).toMatchObject({ title: 'BUG: soft lockup in foo', alt: ['stall in foo'], type: 'HANG', log: '[ 1.0] BUG: soft lockup\n' });
    expect(titleType('INFO: rcu detected stall in foo')).toBe('HANG');
    expect(titleType('kernel panic: Fatal exception')).toBe('DoS');
  });

  it('agrees with syzkaller on the copied test files, except the listed known differences', async () => {
    const result = await runCorpus(dir('syzkaller'));
    expect(result.overall.files).toBe(34);
    expect(result.cases.filter((c) => c.error)).toEqual([]);
    // syz-linux-242: syzkaller marks the arm32 alignment trap corrupted, we name dup_fd.
    const detectionMisses = result.cases.filter((c) => !c.detectionOk).map((c) => c.file);
    const titleMisses = result.cases.filter((c) => c.titleOk === false).map((c) => c.file);
    expect(detectionMisses).toEqual([]);
    expect(titleMisses).toEqual(['syz-linux-242']);
    expect(result.core.title / result.core.titleFiles).toBeGreaterThan(0.9);
    const text = formatCorpus(result);
    expect(text).toMatch(/^overall\s+34\s+detection\s+100\.0%/m);
    expect(text).toContain('syz-linux-242 [core] title: expected "Alignment trap in corrupted" got "Alignment trap in dup_fd"');
  });

  it('every copied real oops/lockup/MCE log yields an event of its family and none crashes', async () => {
    const results = await runReal(dir('real'));
    expect(results.length).toBe(7);
    for (const r of results) {
      expect(r.error, r.file).toBeUndefined();
      expect(r.missing, r.file).toEqual([]);
    }
    const byFile = new Map(results.map((r) => [r.file, r.kinds]));
    expect(byFile.get('mce1.test')).toEqual(expect.arrayContaining(['mce', 'panic']));
    expect(byFile.get('rhbz-1235021')).toContain('soft-lockup');
    expect(byFile.get('arm-hung-task-oops')).toEqual(['panic']);
    expect(byFile.get('nmi_oops_hash.test')).toContain('hard-lockup');
  });
});
