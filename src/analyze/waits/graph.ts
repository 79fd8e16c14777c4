// The wait-for graph over every CPU and task of the incident: chains (A waits on B waits on C),
// cycles (a deadlock) and roots (what nobody else explains: the likely culprit).
import type { BaseFinding, Confidence } from '../../report/types.js';
import type { WaitEdge } from './relations.js';

export interface WaitGraphNode {
  id: string;
  label: string;
  /** `victim` waits only; `root` is waited on and waits on nothing; `intermediate` both. */
  role: 'victim' | 'root' | 'intermediate' | 'unknown';
  note?: string;
}

export interface WaitGraph {
  nodes: WaitGraphNode[];
  edges: WaitEdge[];
  chains: string[][];
  cycles: string[][];
  roots: string[];
}

function label(id: string): string {
  if (id.startsWith('cpu:')) return `CPU ${id.slice(4)}`;
  if (id.startsWith('task:')) return `task ${id.slice(5)}`;
  if (id === 'all') return 'all other CPUs';
  return 'unknown CPU';
}

function cyclesOf(ids: string[], out: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const seen = new Set<string>();
  const key = (c: string[]) => [...c].sort().join(',');
  const stack: string[] = [];
  const onStack = new Set<string>();
  const visit = (id: string) => {
    stack.push(id);
    onStack.add(id);
    for (const next of out.get(id) ?? []) {
      if (onStack.has(next)) {
        const cycle = stack.slice(stack.indexOf(next));
        if (!seen.has(key(cycle))) {
          seen.add(key(cycle));
          cycles.push(cycle);
        }
      } else if (stack.length < 64) visit(next);
    }
    stack.pop();
    onStack.delete(id);
  };
  for (const id of ids) visit(id);
  return cycles;
}

export function buildWaitGraph(edges: WaitEdge[], notes: Map<string, string>): WaitGraph | undefined {
  const unique = new Map<string, WaitEdge>();
  for (const e of edges) {
    const k = `${e.from}>${e.to}>${e.kind}`;
    if (!unique.has(k)) unique.set(k, e);
  }
  const list = [...unique.values()];
  if (list.length === 0) return undefined;
  const out = new Map<string, string[]>();
  const incoming = new Map<string, number>();
  const ids = new Set<string>();
  for (const e of list) {
    ids.add(e.from);
    ids.add(e.to);
    out.set(e.from, [...new Set([...(out.get(e.from) ?? []), e.to])]);
    incoming.set(e.to, (incoming.get(e.to) ?? 0) + 1);
  }
  const nodes: WaitGraphNode[] = [...ids].map((id) => {
    const waits = (out.get(id) ?? []).length > 0;
    const waited = (incoming.get(id) ?? 0) > 0;
    const role: WaitGraphNode['role'] = id === 'unknown' ? 'unknown' : waits && waited ? 'intermediate' : waits ? 'victim' : 'root';
    const node: WaitGraphNode = { id, label: label(id), role };
    const note = notes.get(id);
    if (note) node.note = note;
    return node;
  });
  const cycles = cyclesOf([...ids], out);
  const roots = nodes.filter((n) => n.role === 'root' && n.id !== 'all').map((n) => n.id);
  // Chains: from each victim, follow the edges to a root (first edge, no revisits).
  const chains: string[][] = [];
  for (const start of nodes.filter((n) => n.role === 'victim')) {
    const chain = [start.id];
    let current = start.id;
    while ((out.get(current) ?? []).length && chain.length < 32) {
      const next = out.get(current)![0]!;
      if (chain.includes(next)) break;
      chain.push(next);
      current = next;
    }
    if (chain.length > 1) chains.push(chain);
  }
  return { nodes, edges: list, chains, cycles, roots };
}

/** Items the one-line summary names; a graph of hundreds of owners must not make it grow. */
const MAX_NAMED = 4;

/** `a; b; c; d and 7 more`: the whole list is in the finding's `waitGraph`. */
function listed(items: string[], separator: string): string {
  const shown = items.slice(0, MAX_NAMED).join(separator);
  return items.length > MAX_NAMED ? `${shown} and ${items.length - MAX_NAMED} more` : shown;
}

export function waitGraphFinding(graph: WaitGraph, evidence: BaseFinding['evidence']): BaseFinding {
  const named = (id: string) => graph.nodes.find((n) => n.id === id)?.label ?? id;
  const parts: string[] = [];
  if (graph.cycles.length) parts.push(`deadlock cycle${graph.cycles.length > 1 ? 's' : ''}: ${listed(graph.cycles.map((c) => [...c, c[0]!].map(named).join(' → ')), '; ')}`);
  if (graph.chains.length) parts.push(`chain${graph.chains.length > 1 ? 's' : ''}: ${listed(graph.chains.map((c) => c.map(named).join(' → ')), '; ')}`);
  const realRoots = graph.roots.filter((r) => r !== 'unknown');
  if (realRoots.length === 1) parts.push(`single root: ${named(realRoots[0]!)}`);
  else if (realRoots.length > 1) parts.push(`${realRoots.length} roots: ${listed(realRoots.map(named), ', ')}`);
  const confidences: Confidence[] = graph.edges.map((e) => e.confidence);
  const confidence: Confidence = confidences.includes('low') ? 'low' : confidences.includes('medium') ? 'medium' : 'high';
  return {
    kind: 'wait-graph',
    confidence,
    method: 'log-analysis',
    summary: parts.join('; ') || 'wait relations without a chain',
    evidence,
    waitGraph: graph,
  };
}
