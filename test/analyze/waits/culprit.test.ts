import { describe, expect, it } from 'vitest';
import { describeTargets } from '../../../src/analyze/waits/culprit.js';
import { event } from './helpers.js';

describe("the waited-on CPU's side", () => {
  const sel = (time: string, line: number) =>
    event({ kind: 'sel', time, description: 'Uncorrectable ECC', sensorType: 'Memory', severity: 'critical', direction: 'asserted', source: { input: 'sel', line } });

  it('calls a CPU silent when it printed nothing while others did, with the hardware events near the wait only', () => {
    const events = [
      event({ kind: 'soft-lockup', cpu: 12, time: '2025-02-11T04:10:30Z', pc: 'smp_call_function_many_cond+0xc4/0xf0' }),
      sel('2025-02-11T04:10:12Z', 7),
      sel('2025-02-08T22:00:00Z', 3),
    ];
    const [f] = describeTargets([{ cpu: 47, waitedBy: [12], via: ['csd-lock-wait'] }], events);
    expect(f).toMatchObject({ kind: 'wait-target', cpu: 47, silent: true });
    expect(f!.summary).toMatch(/printed nothing while CPU 12 reported.*1 serious hardware event\(s\) within 60 min of the wait: Uncorrectable ECC/);
    expect(f!.evidence.map((e) => e.line)).toEqual([7]);
  });

  it('says what the CPU did when it reported, including interrupts off from EFLAGS', () => {
    const events = [
      event({ kind: 'csd-lock-timeout', cpu: 3, details: { target: 5 } }),
      event({ kind: 'nmi-backtrace', cpu: 5, pc: 'native_queued_spin_lock_slowpath+0x1e6/0x2c0', registers: { eflags: '00000046' } }),
    ];
    const [f] = describeTargets([{ cpu: 5, waitedBy: [3], via: ['csd-lock-wait'] }], events);
    expect(f).toMatchObject({ silent: false, activity: [expect.objectContaining({ kind: 'nmi-backtrace', interruptsOff: true })] });
  });

  it('draws no conclusion from silence when nobody reported anything', () => {
    const [f] = describeTargets([{ cpu: 2, waitedBy: [1], via: ['nmi-unanswered'] }], []);
    expect(f).toMatchObject({ silent: false, confidence: 'low' });
  });
});
