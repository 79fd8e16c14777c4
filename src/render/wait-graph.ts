// The wait-for graph of the report as a small Mermaid flowchart for the Markdown report:
// one node per CPU/task, one arrow per wait, roots (likely culprits) highlighted.
import type { Report } from '../report/types.js';
import type { WaitGraph } from '../analyze/waits/graph.js';

function text(value: string): string {
  // Mermaid label text: no quotes, brackets, pipes or markup that would end the label.
  return value.replace(/["`<>{}[\]|#;]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 80);
}

export function waitGraphOf(report: Report): WaitGraph | undefined {
  const finding = report.findings.find((f) => f.kind === 'wait-graph');
  return finding?.['waitGraph'] as WaitGraph | undefined;
}

export function renderWaitGraph(report: Report): string | undefined {
  const graph = waitGraphOf(report);
  if (!graph || graph.edges.length === 0) return undefined;
  const ids = new Map(graph.nodes.map((n, i) => [n.id, `n${i}`]));
  const lines = ['```mermaid', 'flowchart LR'];
  for (const node of graph.nodes) {
    const note = node.note ? `<br/>${text(node.note)}` : '';
    lines.push(`  ${ids.get(node.id)}["${text(node.label)}${note}"]`);
  }
  for (const edge of graph.edges) {
    const arrow = edge.confidence === 'low' ? '-.->' : '-->';
    lines.push(`  ${ids.get(edge.from)} ${arrow}|"${text(edge.label)}"| ${ids.get(edge.to)}`);
  }
  const roots = graph.roots.map((r) => ids.get(r)).filter(Boolean);
  if (roots.length) {
    lines.push('  classDef root fill:#fde2e2,stroke:#c0392b,stroke-width:2px');
    lines.push(`  class ${roots.join(',')} root`);
  }
  for (const cycle of graph.cycles) {
    lines.push(`  %% cycle: ${cycle.map((id) => ids.get(id)).join(' -> ')}`);
  }
  lines.push('```');
  const headline = report.findings.find((f) => f.kind === 'wait-graph')?.summary;
  return `**Who waits on whom**${headline ? ` — ${headline}` : ''}\n\n${lines.join('\n')}`;
}
