// The wait-for graph of the report as a small Mermaid flowchart for the Markdown report:
// one node per CPU/task, one arrow per wait, roots (likely culprits) highlighted.
import type { Report } from '../report/types.js';
import type { WaitGraph } from '../analyze/waits/graph.js';
import { md, mermaidFence, text, type Md, type MermaidLine } from './md.js';
import { line, nodeIds, nodeLabel } from './mermaid.js';

export function waitGraphOf(report: Report): WaitGraph | undefined {
  const finding = report.findings.find((f) => f.kind === 'wait-graph');
  return finding?.['waitGraph'] as WaitGraph | undefined;
}

export function renderWaitGraph(report: Report): Md | undefined {
  const graph = waitGraphOf(report);
  if (!graph || graph.edges.length === 0) return undefined;
  const ids = new Map(graph.nodes.map((n, i) => [n.id, i]));
  const lines: MermaidLine[] = [line`flowchart LR`];
  for (const node of graph.nodes) {
    const id = ids.get(node.id)!;
    lines.push(node.note ? line`  n${id}["${nodeLabel(node.label)}<br/>${nodeLabel(node.note)}"]` : line`  n${id}["${nodeLabel(node.label)}"]`);
  }
  for (const edge of graph.edges) {
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
    lines.push(line`  %% cycle: ${nodeIds(cycle.map((id) => ids.get(id)!), ' -> ')}`);
  }
  const headline = report.findings.find((f) => f.kind === 'wait-graph')?.summary;
  return md`**Who waits on whom**${headline ? md` — ${text(headline)}` : md``}\n\n${mermaidFence(lines)}`;
}
