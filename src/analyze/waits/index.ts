// Who waits on whom: csd-lock waits, the other cross-CPU waits, what the waited-on CPUs did, and
// the wait-for graph joining them.
import type { AnalysisContext } from '../context.js';
import type { CsdLockWaitFinding, Finding } from '../../report/types.js';
import { findCsdWaits } from './csd-wait.js';
import { describeTargets, type WaitTarget } from './culprit.js';
import { buildWaitGraph, waitGraphFinding } from './graph.js';
import { cpuNode, findRelations, type WaitEdge } from './relations.js';

function csdEdge(f: CsdLockWaitFinding): WaitEdge {
  const flags = f.csdFlags !== null ? ` flags 0x${f.csdFlags.toString(16)}` : '';
  return {
    from: cpuNode(f.waitingCpu),
    to: f.targetCpu !== null ? cpuNode(f.targetCpu) : 'unknown',
    kind: 'csd-lock-wait',
    label: `csd lock${flags} (${f.method})`,
    confidence: f.confidence,
    method: f.method,
  };
}

export function findWaits(ctx: AnalysisContext): Finding[] {
  const csd = findCsdWaits(ctx);
  const relations = findRelations(ctx.events);
  const targets = new Map<number, WaitTarget>();
  const addTarget = (cpu: number, by: number, via: string) => {
    const t = targets.get(cpu) ?? { cpu, waitedBy: [], via: [] };
    if (!t.waitedBy.includes(by)) t.waitedBy.push(by);
    if (!t.via.includes(via)) t.via.push(via);
    targets.set(cpu, t);
  };
  for (const f of csd) if (f.targetCpu !== null) addTarget(f.targetCpu, f.waitingCpu, 'csd-lock-wait');
  for (const f of relations.findings) {
    if (f.kind === 'nmi-unanswered') for (const c of f['cpus'] as number[]) addTarget(c, f['fromCpu'] as number, 'nmi-unanswered');
  }
  const culprits = describeTargets([...targets.values()], ctx.events);

  const notes = new Map<string, string>();
  for (const f of csd) {
    const task = f['task'] as { comm?: string } | undefined;
    notes.set(cpuNode(f.waitingCpu), `${task?.comm ? `${task.comm}, ` : ''}spins in ${String(f['waitFunction'] ?? 'csd_lock_wait')}`);
  }
  for (const c of culprits) {
    const cpu = c['cpu'] as number;
    notes.set(cpuNode(cpu), c['silent'] ? 'silent: printed nothing' : String((c['activity'] as { kind: string }[])[0]?.kind ?? 'seen'));
  }
  const graph = buildWaitGraph([...csd.map(csdEdge), ...relations.edges], notes);
  const evidence = [...csd, ...relations.findings].flatMap((f) => f.evidence.slice(0, 1));
  return [...csd, ...relations.findings, ...culprits, ...(graph ? [waitGraphFinding(graph, evidence)] : [])];
}
