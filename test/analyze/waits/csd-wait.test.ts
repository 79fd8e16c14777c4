import { describe, expect, it } from 'vitest';
import { findWaits } from '../../../src/analyze/waits/index.js';
import type { CsdLockWaitFinding } from '../../../src/report/types.js';
import { context, event, fixture, parseListings, registers } from './helpers.js';

const RHEL8 = { kernelRelease: '4.18.0-372.19.1.es8_10.aarch64', arch: 'arm64' as const };

function referenceEvent() {
  const log = fixture('incident-2024-03-27/console-softlockup.log');
  return event({ kind: 'soft-lockup', cpu: 65, pid: 925, comm: 'kcompactd4', pc: 'smp_call_function_many_cond+0x34c/0x3a0', registers: registers(log), source: { input: 'console-softlockup.log', line: 5 } });
}

describe('csd-lock wait from a crash dis -l listing', () => {
  it('derives CPU 0 and flags 0x3 for the reference dump', () => {
    const { listings } = parseListings(fixture('incident-2024-03-27/dis-smp_call_function_many_cond.txt'));
    const findings = findWaits(context([referenceEvent()], listings, RHEL8));
    const csd = findings.find((f) => f.kind === 'csd-lock-wait') as CsdLockWaitFinding;
    expect(csd.waitingCpu).toBe(65);
    expect(csd.targetCpu).toBe(0);
    expect(csd.csdFlags).toBe(3);
    expect(csd.csdFlagNames).toEqual(['CSD_FLAG_LOCK', 'CSD_FLAG_SYNCHRONOUS']);
    expect(csd.method).toBe('disassembly');
    expect(csd.confidence).toBe('high');
  });
});
