import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyze, sourceFromText } from '../../../src/index.js';

const root = new URL('../../../examples/', import.meta.url);
const read = (rel: string) => readFileSync(fileURLToPath(new URL(rel, root)), 'utf8');

async function check(sources: ReturnType<typeof sourceFromText>[]) {
  const report = await analyze(sources);
  const soft = report.events.filter((e) => e.kind === 'soft-lockup');
  expect(soft).toHaveLength(1);
  expect(soft[0]).toMatchObject({ cpu: 65, comm: 'kcompactd4', pid: 925, stuckSeconds: 22, pc: 'smp_call_function_many_cond+0x34c/0x3a0' });
  const regs = soft[0]!.registers!;
  for (let i = 0; i <= 29; i++) expect(regs[`x${i}`]).toMatch(/^[0-9a-f]{16}$/);
  expect(regs.x1).toBe('0000000000000003');
  expect(soft[0]!.frames!.length).toBeGreaterThan(10);
  expect(soft[0]).toMatchObject({ title: 'BUG: soft lockup in smp_call_function', guiltyFrame: 'invalidate_bh_lrus', entry: 'kthread:kcompactd' });
  const rcu = report.events.filter((e) => e.kind === 'rcu-stall');
  expect(rcu).toHaveLength(1);
  expect(rcu[0]).toMatchObject({ cpu: 65, comm: 'kcompactd4', pid: 925, guiltyFrame: 'invalidate_bh_lrus', title: 'INFO: rcu detected stall in invalidate_bh_lrus' });
  expect(rcu[0]!.details).toMatchObject({ syzkallerTitle: 'INFO: rcu detected stall in corrupted', jiffies: 3930738 });
  expect(report.host).toMatchObject({ kernelRelease: '4.18.0-372.19.1.es8_10.aarch64', arch: 'arm64', hardware: 'Inspur CS5280F3/CS5280F3, BIOS 2.12.01 03/23/2024', kdumpLoaded: true });
}

describe('reference incident, kernel part', () => {
  it('from the split console logs', async () => {
    await check(['console-softlockup.log', 'console-rcu-stall.log'].map((f) => sourceFromText(f, read(`incident-2024-03-27/${f}`))));
  });
  it('from the pasted write-up alone', async () => {
    await check([sourceFromText('writeup.md', read('writeups/incident-2024-03-27.zh.md'))]);
  });
});

describe('register provenance', () => {
  it('records the line each register was printed on, in the input that printed it', async () => {
    const dump = ['[  100.000001] CPU: 3 PID: 12 Comm: kworker/3:0 Not tainted 5.4.0 #1', '[  100.000002] pc : smp_call_function_many+0x1f8/0x2a0', '[  100.000003] lr : smp_call_function_many+0x1d0/0x2a0', '[  100.000004] sp : ffff00001234fd00', '[  100.000005] x29: ffff00001234fd00 x28: 0000000000000040 ', '[  100.000006] x1 : 0000000000000003 x0 : 0000000000000007 '].join('\n');
    const report = await analyze([sourceFromText('header.log', '[  100.000000] watchdog: BUG: soft lockup - CPU#3 stuck for 23s! [kworker/3:0:12]\n'), sourceFromText('dump.log', dump)]);
    const lockup = report.events.find((e) => e.kind === 'soft-lockup')!;
    const details = lockup['details'] as { registerLines: Record<string, number>; registerInput: string };
    expect(details.registerInput).toBe('dump.log');
    expect(details.registerLines).toMatchObject({ pc: 2, x29: 5, x28: 5, x1: 6, x0: 6 });
  });
});
