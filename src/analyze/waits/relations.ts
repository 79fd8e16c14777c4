// Wait relations other than the csd lock itself: unanswered NMIs, RCU stalls (detecting CPU →
// stalled CPUs, starved grace-period kthread), stop_machine, hung tasks blocked on a mutex owner,
// hard lockups. Each becomes a finding and an edge of the wait-for graph.
import type { BaseFinding, Confidence, EvidenceItem, FindingMethod, ReportEvent } from '../../report/types.js';
import { frameFunc } from './pc.js';

/** A node is a CPU (`cpu:N`), a task (`task:comm:pid`) or `unknown`/`all` placeholders. */
export interface WaitEdge {
  from: string;
  to: string;
  kind: string;
  label: string;
  confidence: Confidence;
  method: FindingMethod;
}

export interface RelationResult {
  findings: BaseFinding[];
  edges: WaitEdge[];
}

export const cpuNode = (cpu: number) => `cpu:${cpu}`;
export const taskNode = (comm: string, pid: number | undefined) => `task:${comm}:${pid ?? '?'}`;

function evidence(event: ReportEvent, note?: string): EvidenceItem {
  const what = `${event.title ?? event.kind}${event.cpu !== undefined ? ` on CPU ${event.cpu}` : ''}${event.pc ? ` at ${event.pc}` : ''}`;
  return { ...event.source, text: String(event.message ?? what), ...(note ? { note } : {}) };
}

function details(event: ReportEvent): Record<string, unknown> {
  return (event['details'] as Record<string, unknown> | undefined) ?? {};
}

/** `0-1,3` → [0, 1, 3]. */
export function cpuList(text: string): number[] {
  const out: number[] = [];
  for (const part of text.split(',')) {
    const m = /^\s*(\d+)(?:-(\d+))?\s*$/.exec(part);
    if (!m) continue;
    const a = Number(m[1]);
    const b = m[2] !== undefined ? Number(m[2]) : a;
    for (let c = a; c <= b && out.length < 8192; c++) out.push(c);
  }
  return out;
}

/** `Sending NMI from CPU A to CPUs B` with no `NMI backtrace for cpu B` (or Task dump) afterwards in the same input. */
function unansweredNmis(events: ReportEvent[]): RelationResult {
  const findings: BaseFinding[] = [];
  const edges: WaitEdge[] = [];
  for (const event of events) {
    const d = details(event);
    if (typeof d['nmiToCpus'] !== 'string' || typeof d['nmiFromCpu'] !== 'number') continue;
    const from = d['nmiFromCpu'];
    const targets = cpuList(d['nmiToCpus']).filter((c) => c !== from);
    const answered = new Set(
      events
        .filter((e) => (e.kind === 'nmi-backtrace' || e.kind === 'task-dump') && e.source.input === event.source.input && e.cpu !== undefined)
        .map((e) => e.cpu!),
    );
    const silent = targets.filter((c) => !answered.has(c));
    if (silent.length === 0 || silent.length > 64) continue;
    findings.push({
      kind: 'nmi-unanswered',
      confidence: 'medium',
      method: 'log-analysis',
      summary: `CPU ${from} sent a backtrace NMI to CPU${targets.length > 1 ? 's' : ''} ${d['nmiToCpus']}; no backtrace came back from CPU${silent.length > 1 ? 's' : ''} ${silent.join(', ')} (not taking even NMIs, or the console stopped)`,
      evidence: [evidence(event, `Sending NMI from CPU ${from} to CPUs ${d['nmiToCpus']}`)],
      fromCpu: from,
      cpus: silent,
    });
    for (const c of silent) edges.push({ from: cpuNode(from), to: cpuNode(c), kind: 'nmi-unanswered', label: 'NMI unanswered', confidence: 'medium', method: 'log-analysis' });
  }
  return { findings, edges };
}

/** RCU: the detecting CPU waits for the grace period the stalled CPUs hold up. */
function rcuStalls(events: ReportEvent[]): RelationResult {
  const findings: BaseFinding[] = [];
  const edges: WaitEdge[] = [];
  for (const event of events) {
    if (event.kind !== 'rcu-stall') continue;
    const d = details(event);
    const stalled = event.cpus ?? (event.cpu !== undefined ? [event.cpu] : []);
    const detectedBy = typeof d['detectedBy'] === 'number' ? d['detectedBy'] : undefined;
    const starvedOn = typeof d['kthreadCpu'] === 'number' ? d['kthreadCpu'] : undefined;
    if (detectedBy !== undefined) {
      const others = stalled.filter((c) => c !== detectedBy);
      if (others.length) {
        findings.push({
          kind: 'rcu-stall-wait',
          confidence: 'medium',
          method: 'log-analysis',
          summary: `RCU grace period stalled: CPU ${detectedBy} detected that CPU${others.length > 1 ? 's' : ''} ${others.join(', ')} did not report a quiescent state`,
          evidence: [evidence(event)],
          detectedBy,
          cpus: others,
        });
        for (const c of others) edges.push({ from: cpuNode(detectedBy), to: cpuNode(c), kind: 'rcu-stall-wait', label: 'RCU GP', confidence: 'medium', method: 'log-analysis' });
      }
    }
    if (starvedOn !== undefined) {
      findings.push({
        kind: 'rcu-kthread-starved',
        confidence: 'medium',
        method: 'log-analysis',
        summary: `the RCU grace-period kthread was starved on CPU ${starvedOn} (last ran there): something on CPU ${starvedOn} kept it from running`,
        evidence: [evidence(event)],
        cpu: starvedOn,
      });
    }
  }
  return { findings, edges };
}

/** stop_machine: a CPU in multi_cpu_stop waits for every other online CPU to join. */
function stopMachine(events: ReportEvent[]): RelationResult {
  const findings: BaseFinding[] = [];
  const edges: WaitEdge[] = [];
  const seen = new Set<number>();
  for (const event of events) {
    if (event.cpu === undefined || seen.has(event.cpu)) continue;
    const funcs = [event.pc ? frameFunc(event.pc) : '', ...(event.frames ?? []).slice(0, 6).map((f) => f.func || frameFunc(f.raw))];
    if (!funcs.some((f) => f === 'multi_cpu_stop' || f === 'stop_machine_yield' || f === 'stop_machine_cpuslocked')) continue;
    seen.add(event.cpu);
    findings.push({
      kind: 'stop-machine-wait',
      confidence: 'medium',
      method: 'log-analysis',
      summary: `CPU ${event.cpu} is in stop_machine (multi_cpu_stop) waiting for every other CPU to reach the same state: a CPU that never does has interrupts off or is stuck`,
      evidence: [evidence(event)],
      cpu: event.cpu,
    });
    edges.push({ from: cpuNode(event.cpu), to: 'all', kind: 'stop-machine-wait', label: 'stop_machine', confidence: 'medium', method: 'log-analysis' });
  }
  return { findings, edges };
}

/** Hung tasks `blocked on a mutex likely owned by task X:pid`. */
function mutexWaits(events: ReportEvent[]): RelationResult {
  const findings: BaseFinding[] = [];
  const edges: WaitEdge[] = [];
  for (const event of events) {
    const d = details(event);
    if (event.kind !== 'hung-task' || typeof d['ownerComm'] !== 'string') continue;
    const owner = { comm: d['ownerComm'], pid: typeof d['ownerPid'] === 'number' ? d['ownerPid'] : undefined };
    const ownerEvent = events.find((e) => e !== event && e.comm === owner.comm && (owner.pid === undefined || e.pid === owner.pid) && e.cpu !== undefined);
    const waiter = taskNode(event.comm ?? '?', event.pid);
    findings.push({
      kind: 'mutex-wait',
      confidence: 'medium',
      method: 'log-analysis',
      summary: `task ${event.comm ?? '?'}:${event.pid ?? '?'} is blocked on a ${String(d['blockedOn'] ?? 'lock')} likely owned by ${owner.comm}:${owner.pid ?? '?'}${ownerEvent ? `, which was seen on CPU ${ownerEvent.cpu} (${ownerEvent.kind})` : ''}`,
      evidence: [evidence(event), ...(ownerEvent ? [evidence(ownerEvent, 'the lock owner')] : [])],
      waiter: { comm: event.comm, pid: event.pid },
      owner,
      ...(ownerEvent ? { ownerCpu: ownerEvent.cpu } : {}),
    });
    edges.push({ from: waiter, to: taskNode(owner.comm, owner.pid), kind: 'mutex-wait', label: String(d['blockedOn'] ?? 'mutex'), confidence: 'medium', method: 'log-analysis' });
    if (ownerEvent) edges.push({ from: taskNode(owner.comm, owner.pid), to: cpuNode(ownerEvent.cpu!), kind: 'runs-on', label: 'runs on', confidence: 'medium', method: 'log-analysis' });
  }
  return { findings, edges };
}

export function findRelations(events: ReportEvent[]): RelationResult {
  const parts = [unansweredNmis(events), rcuStalls(events), stopMachine(events), mutexWaits(events)];
  return { findings: parts.flatMap((p) => p.findings), edges: parts.flatMap((p) => p.edges) };
}
