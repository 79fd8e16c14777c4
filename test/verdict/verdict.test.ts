import { describe, expect, it } from 'vitest';
import type { CsdLockWaitFinding, HardwareCorrelationFinding, ReportEvent } from '../../src/report/types.js';
import { decideVerdict } from '../../src/verdict/index.js';

const lockup: ReportEvent = { kind: 'soft-lockup', cpu: 9, comm: 'kworker/9:1', pid: 4411, stuckSeconds: 26, pc: 'smp_call_function_many_cond+0x1a0/0x3f0', source: { input: 'c', line: 3 } };

function csd(targetCpu: number | null, confidence: 'high' | 'low'): CsdLockWaitFinding {
  return { kind: 'csd-lock-wait', waitingCpu: 9, targetCpu, csdFlags: 0x11, csdFlagNames: ['CSD_FLAG_LOCK', 'CSD_TYPE_SYNC'], flagLayout: '>=5.8', method: confidence === 'high' ? 'disassembly' : 'heuristic', confidence, summary: '', evidence: [] };
}

function hw(sensor: string, description: string, delta: number): HardwareCorrelationFinding {
  return {
    kind: 'hardware-correlation', confidence: 'high', method: 'timeline', summary: '', evidence: [],
    hardwareEvent: { time: '2025-01-01T00:00:00Z', description, sensor, source: { input: 's', line: 1 } },
    correlatedWith: [{ kind: 'log-gap', source: { input: 'm', line: 2 } }],
    deltaSeconds: delta,
  };
}

describe('verdict', () => {
  it('blames the IPI target when no hardware event lines up', () => {
    const verdict = decideVerdict([lockup], [csd(14, 'high')], {});
    expect(verdict).toMatchObject({ rootCause: 'ipi-unanswered', targetCpu: 14, stuckCpus: [9], confidence: 'high' });
    expect(verdict.summary).toContain('CSD_FLAG_LOCK|CSD_TYPE_SYNC');
    expect(verdict.nextSteps.join(' ')).toContain('bt -c 14');
  });

  it('never puts a low-confidence target in the headline', () => {
    const verdict = decideVerdict([lockup], [csd(3, 'low')], {});
    expect(verdict.targetCpu).toBeNull();
    expect(verdict.headline).not.toContain('CPU 3');
    expect(verdict.confidence).toBe('low');
  });

  it('calls a lockup with no wait relation and no hardware a software lockup', () => {
    expect(decideVerdict([lockup], [], { hostname: 'h1' })).toMatchObject({ rootCause: 'software-lockup', stuckCpus: [9], targetCpu: null });
  });

  it('prefers the specific component when two hardware events are equally close', () => {
    const verdict = decideVerdict([lockup], [hw('Chassis #0xc4', 'Transition to Critical', 1), hw('Processor #0x04', 'IERR', -1)], {});
    expect(verdict.rootCause).toBe('hardware-cpu');
  });

  it('ranks the event that names the failed part over a closer consequence (issue #13)', () => {
    const verdict = decideVerdict([lockup], [hw('Chassis #0xc4', 'Transition to Critical from less severe', 0), hw('Memory #0xeb', 'Transition to Non-recoverable', -2)], {});
    expect(verdict.rootCause).toBe('hardware-memory');
    expect(verdict.summary).toContain('Chassis #0xc4 "Transition to Critical from less severe" (the same second), an aggregate the BMC derives from other sensors: a consequence, not a cause');
  });

  it('lets a consequence stand only when nothing else lines up, and then says it names no part', () => {
    const verdict = decideVerdict([lockup], [hw('Chassis #0xc4', 'Transition to Critical from less severe', 0)], {});
    expect(verdict.rootCause).toBe('hardware-other');
    expect(verdict.confidence).toBe('medium');
    expect(verdict.summary).toContain('names no failed part');
  });

  it('says so when nothing was found', () => {
    expect(decideVerdict([], [], {})).toMatchObject({ rootCause: 'none', confidence: 'low', stuckCpus: [] });
  });
});

describe('the waited-on CPU in the verdict', () => {
  it('says when the target CPU stayed silent', () => {
    const silent = { kind: 'wait-target', confidence: 'medium' as const, method: 'log-analysis' as const, summary: '', evidence: [], cpu: 14, silent: true };
    expect(decideVerdict([lockup], [csd(14, 'high'), silent], {}).summary).toContain('CPU 14 printed nothing while CPU 9 reported');
    expect(decideVerdict([lockup], [csd(14, 'high')], {}).summary).not.toContain('printed nothing');
  });
});

describe('each stuck event speaks of its own task (issue #16 item 8)', () => {
  const hung: ReportEvent = { kind: 'hung-task', comm: 'systemd-journal', pid: 512, blockedSeconds: 122, source: { input: 'c', line: 40 } };
  const soft: ReportEvent = { kind: 'soft-lockup', cpu: 3, comm: 'kworker/3:1', pid: 77, stuckSeconds: 23, pc: 'smp_call_function_many_cond+0x1a0/0x3f0', source: { input: 'c', line: 3 } };

  it('does not credit a hung task to the lockup CPU\'s task', () => {
    const verdict = decideVerdict([soft, hung], [], {});
    expect(verdict.summary).toContain('CPU 3 (kworker/3:1, pid 77) hit a soft lockup spinning at smp_call_function_many_cond+0x1a0/0x3f0 (stuck for 23 s)');
    expect(verdict.summary).toContain('task systemd-journal (pid 512) was blocked for more than 122 s (a hung task)');
    expect(verdict.summary).not.toMatch(/kworker\/3:1[^;]*hung task/);
    expect(verdict.stuckCpus).toEqual([3]);
  });

  it('says a hung task is a task, not a CPU', () => {
    const verdict = decideVerdict([hung], [], {});
    expect(verdict.headline).toBe('Task systemd-journal (pid 512) was blocked for more than 122 s (a hung task)');
    expect(verdict.summary).not.toContain('a CPU');
    expect(verdict.stuckCpus).toEqual([]);
  });

  it('names at most three blocked tasks', () => {
    const tasks = [1, 2, 3, 4, 5].map((n): ReportEvent => ({ ...hung, comm: `worker${n}`, pid: 100 + n }));
    expect(decideVerdict(tasks, [], {}).summary).toContain('Tasks worker1 (pid 101), worker2 (pid 102), worker3 (pid 103) and 2 more were blocked');
  });
});
