// The wait-for graph of the report as a small Mermaid flowchart for the Markdown report:
// one node per CPU/task, one arrow per wait, roots (likely culprits) highlighted.
//
// Mermaid refuses a chart with more than 500 edges ("Edge limit exceeded", `maxEdges`) or more
// than 50,000 characters (`maxTextSize`), and a chart far below those is already unreadable. A
// large graph is therefore collapsed: CPUs and tasks that only wait (victims) are grouped by what
// they wait on, one node and one counted arrow per group, and only the groups on the most
// waited-on nodes are drawn. The JSON report keeps every node and edge.
import type { Confidence, Report } from '../report/types.js';
import type { WaitGraph, WaitGraphNode } from '../analyze/waits/graph.js';
import type { WaitEdge } from '../analyze/waits/relations.js';
import { md, mermaidFence, text, type Md, type MermaidLine } from './md.js';
import { line, nodeIds, nodeLabel } from './mermaid.js';

/** Above either, the graph is collapsed. */
const MAX_PLAIN_EDGES = 60;
const MAX_PLAIN_NODES = 60;
/** Arrows drawn in a collapsed chart: far under Mermaid's 500, and a chart a person can read. */
export const MAX_DRAWN_EDGES = 100;
/** Members a group node names before counting the rest. */
const NAMED_MEMBERS = 6;

export function waitGraphOf(report: Report): WaitGraph | undefined {
  const finding = report.findings.find((f) => f.kind === 'wait-graph');
  return finding?.['waitGraph'] as WaitGraph | undefined;
}

interface DrawnNode {
  id: string;
  label: string;
  note?: string;
}

interface DrawnEdge {
  from: string;
  to: string;
  label: string;
  confidence: Confidence;
}

interface Chart {
  nodes: DrawnNode[];
  edges: DrawnEdge[];
  /** Said under the heading when the chart does not show every node. */
  caption?: string;
}

const CONFIDENCE_ORDER: Confidence[] = ['low', 'medium', 'high'];

/** `CPU 8, 11, 14 … and 197 more` for a group of `CPU n` labels; other labels listed as they are. */
function members(nodes: WaitGraphNode[]): string {
  const labels = nodes.map((n) => n.label);
  const cpus = labels.every((l) => /^CPU \d+$/.test(l));
  const shown = labels.slice(0, NAMED_MEMBERS).map((l) => (cpus ? l.slice(4) : l));
  const rest = labels.length > NAMED_MEMBERS ? ` and ${labels.length - NAMED_MEMBERS} more` : '';
  return `${cpus ? 'CPU ' : ''}${shown.join(', ')}${rest}`;
}

/** Victims grouped by (what they wait on, how); everything else drawn as it is. */
function collapse(graph: WaitGraph): Chart {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const victim = (id: string) => byId.get(id)?.role === 'victim';
  const groups = new Map<string, { to: string; kind: string; from: WaitGraphNode[]; edges: WaitEdge[] }>();
  const kept: WaitEdge[] = [];
  for (const edge of graph.edges) {
    if (!victim(edge.from)) {
      kept.push(edge);
      continue;
    }
    const key = `${edge.to}\u0000${edge.kind}`;
    const group = groups.get(key) ?? { to: edge.to, kind: edge.kind, from: [], edges: [] };
    if (!group.from.some((n) => n.id === edge.from)) group.from.push(byId.get(edge.from)!);
    group.edges.push(edge);
    groups.set(key, group);
  }
  // Most-waited-on first: those explain the incident; the tail is counted, not drawn.
  const waitedOn = new Map<string, number>();
  for (const edge of graph.edges) waitedOn.set(edge.to, (waitedOn.get(edge.to) ?? 0) + 1);
  const rank = (to: string) => -(waitedOn.get(to) ?? 0);
  const ordered = [...groups.values()].sort((a, b) => rank(a.to) - rank(b.to) || a.to.localeCompare(b.to));
  kept.sort((a, b) => rank(a.to) - rank(b.to));

  const edges: DrawnEdge[] = [];
  const nodes = new Map<string, DrawnNode>();
  const addNode = (id: string) => {
    const node = byId.get(id);
    if (node && !nodes.has(id)) nodes.set(id, { id, label: node.label, ...(node.note ? { note: node.note } : {}) });
  };
  let dropped = 0;
  const budget = () => edges.length < MAX_DRAWN_EDGES;
  for (const group of ordered) {
    if (!budget()) {
      dropped += group.edges.length;
      continue;
    }
    const id = `group:${group.to}:${group.kind}`;
    const single = group.from.length === 1;
    if (single) addNode(group.from[0]!.id);
    else nodes.set(id, { id, label: `${group.from.length} waiting: ${members(group.from)}` });
    addNode(group.to);
    const lowest = group.edges.reduce<Confidence>((min, e) => (CONFIDENCE_ORDER.indexOf(e.confidence) < CONFIDENCE_ORDER.indexOf(min) ? e.confidence : min), 'high');
    const label = single ? group.edges[0]!.label : `${group.edges.length} × ${group.kind}`;
    edges.push({ from: single ? group.from[0]!.id : id, to: group.to, label, confidence: lowest });
  }
  for (const edge of kept) {
    if (!budget()) {
      dropped++;
      continue;
    }
    addNode(edge.from);
    addNode(edge.to);
    edges.push({ from: edge.from, to: edge.to, label: edge.label, confidence: edge.confidence });
  }
  const grouped = [...groups.values()].reduce((sum, g) => sum + g.from.length, 0);
  const caption = [
    `${graph.edges.length} waits among ${graph.nodes.length} CPUs and tasks: the ${grouped} that only wait are grouped by what they wait on`,
    dropped ? `${dropped} waits on the least waited-on nodes are not drawn` : '',
  ]
    .filter(Boolean)
    .join('; ');
  return { nodes: [...nodes.values()], edges, caption: `${caption} (every wait is in the JSON report).` };
}

function plain(graph: WaitGraph): Chart {
  return {
    nodes: graph.nodes.map((n) => ({ id: n.id, label: n.label, ...(n.note ? { note: n.note } : {}) })),
    edges: graph.edges.map((e) => ({ from: e.from, to: e.to, label: e.label, confidence: e.confidence })),
  };
}

function mermaidLines(chart: Chart, graph: WaitGraph): MermaidLine[] {
  const ids = new Map(chart.nodes.map((n, i) => [n.id, i]));
  const lines: MermaidLine[] = [line`flowchart LR`];
  for (const node of chart.nodes) {
    const id = ids.get(node.id)!;
    lines.push(node.note ? line`  n${id}["${nodeLabel(node.label)}<br/>${nodeLabel(node.note)}"]` : line`  n${id}["${nodeLabel(node.label)}"]`);
  }
  for (const edge of chart.edges) {
    const from = ids.get(edge.from);
    const to = ids.get(edge.to);
    if (from === undefined || to === undefined) continue;
    lines.push(edge.confidence === 'low' ? line`  n${from} -.->|"${nodeLabel(edge.label)}"| n${to}` : line`  n${from} -->|"${nodeLabel(edge.label)}"| n${to}`);
  }
  const roots = graph.roots.map((r) => ids.get(r)).filter((id): id is number => id !== undefined);
  if (roots.length) {
    lines.push(line`  classDef root fill:#fde2e2,stroke:#c0392b,stroke-width:2px`);
    lines.push(line`  class ${nodeIds(roots, ',')} root`);
  }
  for (const cycle of graph.cycles) {
    const drawn = cycle.map((id) => ids.get(id));
    if (drawn.every((id): id is number => id !== undefined)) lines.push(line`  %% cycle: ${nodeIds(drawn, ' -> ')}`);
  }
  return lines;
}

export function renderWaitGraph(report: Report): Md | undefined {
  const graph = waitGraphOf(report);
  if (!graph || graph.edges.length === 0) return undefined;
  const large = graph.edges.length > MAX_PLAIN_EDGES || graph.nodes.length > MAX_PLAIN_NODES;
  const chart = large ? collapse(graph) : plain(graph);
  const headline = report.findings.find((f) => f.kind === 'wait-graph')?.summary;
  const caption = chart.caption ? md`\n\n${text(chart.caption)}` : md``;
  return md`**Who waits on whom**${headline ? md` — ${text(headline)}` : md``}${caption}\n\n${mermaidFence(mermaidLines(chart, graph))}`;
}
