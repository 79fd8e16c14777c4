// Wait relations besides the csd lock, and the graph over them: hand-built events as the kernel
// parser reports them (details.nmiFromCpu/nmiToCpus, detectedBy, kthreadCpu, ownerComm/ownerPid).
import { describe, expect, it } from 'vitest';
import { buildWaitGraph } from '../../../src/analyze/waits/graph.js';
import { findWaits } from '../../../src/analyze/waits/index.js';
import { cpuList, findRelations } from '../../../src/analyze/waits/relations.js';
import type { Finding } from '../../../src/report/types.js';
import { renderWaitGraph } from '../../../src/render/wait-graph.js';
import { context, event } from './helpers.js';

const kinds = (findings: Finding[]) => findings.map((f) => f.kind);

describe('cpu lists', () => {
  it('expands %*pbl ranges', () => {
    expect(cpuList('0-2,5,7-8')).toEqual([0, 1, 2, 5, 7, 8]);
  });
});

describe('unanswered NMIs', () => {
  it('names the CPUs that sent no backtrace back', () => {
    const events = [
      event({ kind: 'soft-lockup', cpu: 2, details: { nmiFromCpu: 2, nmiToCpus: '0-1,3' }, source: { input: 'c', line: 10 } }),
      event({ kind: 'nmi-backtrace', cpu: 0, source: { input: 'c', line: 12 } }),
      event({ kind: 'nmi-backtrace', cpu: 1, source: { input: 'c', line: 30 } }),
    ];
    const { findings, edges } = findRelations(events);
    expect(findings).toEqual([expect.objectContaining({ kind: 'nmi-unanswered', fromCpu: 2, cpus: [3] })]);
    expect(edges).toEqual([expect.objectContaining({ from: 'cpu:2', to: 'cpu:3' })]);
  });
});

describe('RCU stalls', () => {
  it('links the detecting CPU to the stalled ones and reports a starved grace-period kthread', () => {
    const events = [event({ kind: 'rcu-stall', cpu: 4, cpus: [4, 9], details: { detectedBy: 1, kthreadCpu: 9 } })];
    const { findings, edges } = findRelations(events);
    expect(kinds(findings)).toEqual(['rcu-stall-wait', 'rcu-kthread-starved']);
    expect(findings[0]).toMatchObject({ detectedBy: 1, cpus: [4, 9] });
    expect(findings[1]).toMatchObject({ cpu: 9 });
    expect(edges.map((e) => e.to)).toEqual(['cpu:4', 'cpu:9']);
  });
});

describe('hung task on a mutex and stop_machine', () => {
  it('follows the mutex owner to the CPU it was seen on', () => {
    const events = [
      event({ kind: 'hung-task', comm: 'systemd-udevd', pid: 812, details: { blockedOn: 'mutex', ownerComm: 'modprobe', ownerPid: 4410 } }),
      event({ kind: 'soft-lockup', cpu: 6, comm: 'modprobe', pid: 4410, pc: 'multi_cpu_stop+0x9c/0x150', source: { input: 'c', line: 40 } }),
    ];
    const { findings, edges } = findRelations(events);
    expect(findings.find((f) => f.kind === 'mutex-wait')).toMatchObject({ ownerCpu: 6 });
    expect(findings.find((f) => f.kind === 'stop-machine-wait')).toMatchObject({ cpu: 6 });
    expect(edges.map((e) => `${e.from}>${e.to}`)).toEqual(expect.arrayContaining(['cpu:6>all', 'task:systemd-udevd:812>task:modprobe:4410', 'task:modprobe:4410>cpu:6']));
  });
});

describe('wait-for graph', () => {
  const edge = (from: string, to: string) => ({ from, to, kind: 'csd-lock-wait', label: 'csd', confidence: 'high' as const, method: 'disassembly' as const });

  it('finds a chain with a single root', () => {
    const graph = buildWaitGraph([edge('cpu:1', 'cpu:2'), edge('cpu:2', 'cpu:3'), edge('cpu:5', 'cpu:3')], new Map())!;
    expect(graph.roots).toEqual(['cpu:3']);
    expect(graph.chains).toEqual([['cpu:1', 'cpu:2', 'cpu:3'], ['cpu:5', 'cpu:3']]);
    expect(graph.nodes.find((n) => n.id === 'cpu:2')!.role).toBe('intermediate');
    expect(graph.cycles).toEqual([]);
  });

  it('finds a deadlock cycle and has no root', () => {
    const graph = buildWaitGraph([edge('cpu:1', 'cpu:2'), edge('cpu:2', 'cpu:1'), edge('cpu:7', 'cpu:1')], new Map())!;
    expect(graph.cycles).toEqual([['cpu:1', 'cpu:2']]);
    expect(graph.roots).toEqual([]);
  });

  it('turns two CPUs waiting on each other into a deadlock finding and a Mermaid graph', () => {
    const events = [
      event({ kind: 'csd-lock-timeout', cpu: 1, details: { target: 2, callback: 'do_nothing+0x0/0x10' }, source: { input: 'c', line: 1 } }),
      event({ kind: 'csd-lock-timeout', cpu: 2, details: { target: 1, callback: 'do_nothing+0x0/0x10' }, source: { input: 'c', line: 2 } }),
    ];
    const findings = findWaits(context(events, [], { kernelRelease: '6.6.0', arch: 'x86_64' }));
    const graph = findings.find((f) => f.kind === 'wait-graph')!;
    expect(graph.summary).toMatch(/deadlock cycle: CPU 1 → CPU 2 → CPU 1/);
    const markdown = renderWaitGraph({ findings } as never)!;
    expect(markdown).toContain('flowchart LR');
    expect(markdown).toMatch(/%% cycle: n\d -> n\d/);
  });
});
