// The whole engine (ingest → parse → decode → analyze) on the constructed fixtures.
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/engine.js';
import { sourceFromText } from '../../../src/ingest/source.js';
import type { CsdLockWaitFinding, Finding } from '../../../src/report/types.js';
import { renderMarkdown } from '../../../src/render/markdown.js';
import { fixture } from './helpers.js';

const byKind = (findings: Finding[], kind: string) => findings.filter((f) => f.kind === kind);

describe('≥5.10 csd debug lines with an NMI backtrace of the target', () => {
  it('names the target from the debug message and shows what the target was doing', async () => {
    const report = await analyze([sourceFromText('dmesg', fixture('constructed/x86-5.15-csd-debug.log'))]);
    const [csd] = byKind(report.findings, 'csd-lock-wait') as CsdLockWaitFinding[];
    expect(csd).toMatchObject({ waitingCpu: 3, targetCpu: 5, method: 'csd-debug-message', confidence: 'high', callback: 'flush_tlb_func+0x0/0x140', csdFlags: null });
    expect(csd!['caller']).toMatchObject({ name: 'tlb-shootdown' });
    expect(csd!.summary).toMatch(/target state: unresponsive.*got unstuck/);
    expect(csd!.evidence[0]).toMatchObject({ input: 'dmesg', line: 1 });
    const [target] = byKind(report.findings, 'wait-target');
    expect(target).toMatchObject({ cpu: 5, silent: false });
    expect(target!.summary).toMatch(/nmi-backtrace at native_queued_spin_lock_slowpath\+0x1e6\/0x2c0 with interrupts off/);
    const [graph] = byKind(report.findings, 'wait-graph');
    expect(graph!['waitGraph']).toMatchObject({ roots: ['cpu:5'], chains: [['cpu:3', 'cpu:5']], cycles: [] });
  });
});

describe('x86_64 soft lockup with Code: bytes and no listing', () => {
  it('resolves the target by decoding the bytes', async () => {
    const report = await analyze([sourceFromText('console.log', fixture('constructed/x86-5.14-softlockup.log'))]);
    const [csd] = byKind(report.findings, 'csd-lock-wait') as CsdLockWaitFinding[];
    expect(csd).toMatchObject({ waitingCpu: 7, targetCpu: 11, csdFlags: 0x11, method: 'code-bytes', flagLayout: '>=5.8' });
    expect(report.inputs[0]!.warnings).toEqual([]);
    const [target] = byKind(report.findings, 'wait-target');
    expect(target).toMatchObject({ cpu: 11, silent: true });
  });
});

describe('arm64 ≥5.8 soft lockup with a crash dis listing of its build', () => {
  it('resolves CPU 47 and draws the wait-for graph in the Markdown report', async () => {
    const report = await analyze([
      sourceFromText('console.log', fixture('constructed/arm64-5.10-softlockup.log')),
      sourceFromText('dis.txt', fixture('constructed/arm64-5.10-kcov.dis')),
    ]);
    const [csd] = byKind(report.findings, 'csd-lock-wait') as CsdLockWaitFinding[];
    expect(csd).toMatchObject({ waitingCpu: 12, targetCpu: 47, csdFlags: 0x11, method: 'disassembly', confidence: 'high' });
    expect(csd!['caller']).toMatchObject({ name: 'kick_all_cpus_sync' });
    const markdown = renderMarkdown(report);
    expect(markdown).toContain('**Who waits on whom** — chain: CPU 12 → CPU 47; single root: CPU 47');
    expect(markdown).toMatch(/n\d\["CPU 12<br\/>kworker\/12:2, spins in smp_call_function_many_cond"\]/);
    expect(markdown).toMatch(/n\d -->\|"csd lock flags 0x11 \(disassembly\)"\| n\d/);
  });
});
