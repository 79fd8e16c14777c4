// A large wait-for graph still renders a chart Mermaid accepts: at most 500 edges (Mermaid's
// `maxEdges`) and 50,000 characters (`maxTextSize`) per block, collapsed by what is waited on
// with counts (issue #16 item 16).
import { describe, expect, it } from 'vitest';
import { analyze, renderReport, sourceFromText } from '../../src/index.js';
import { MAX_DRAWN_EDGES } from '../../src/render/wait-graph.js';

/**
 * `n` CPUs stuck in csd_lock_wait(), as CONFIG_CSD_LOCK_WAIT_DEBUG prints it (kernel/smp.c,
 * csd_lock_wait_toolong(): "csd: Detected non-responsive CSD lock (#%d) on CPU#%d, waiting
 * %llu ns for CPU#%02d %pS(%ps)."), waiting on `targets` CPUs in turn.
 */
function csdWaits(n: number, targets: number): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const uptime = (4721 + i * 0.001).toFixed(6);
    const target = String(i % targets).padStart(2, '0');
    lines.push(`[ ${uptime}] smp: csd: Detected non-responsive CSD lock (#1) on CPU#${i + 1000}, waiting 5000000046 ns for CPU#${target} flush_tlb_func+0x0/0x140(0xffffb8d1c3a4fd20).`);
  }
  return `${lines.join('\n')}\n`;
}

function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map((m) => m[1]!);
}

const arrows = (block: string) => block.split('\n').filter((l) => /-->|-\.->/.test(l));

async function waitGraphOf(n: number, targets: number) {
  const report = await analyze([sourceFromText('dmesg', csdWaits(n, targets))]);
  const markdown = renderReport(report, 'markdown');
  const waits = report.findings.filter((f) => f.kind === 'csd-lock-wait').length;
  const flowchart = mermaidBlocks(markdown).find((b) => b.startsWith('flowchart'))!;
  const graph = report.findings.find((f) => f.kind === 'wait-graph')!['waitGraph'] as { edges: unknown[] };
  return { markdown, waits, flowchart, edges: graph.edges.length };
}

describe('the wait-for chart of 600 csd waits', () => {
  it('is grouped by target CPU with counts, within Mermaid limits', async () => {
    const { markdown, waits, flowchart } = await waitGraphOf(600, 3);
    expect(waits).toBe(600);
    for (const block of mermaidBlocks(markdown)) {
      expect(arrows(block).length).toBeLessThanOrEqual(500);
      expect(block.length).toBeLessThan(50_000);
    }
    expect(flowchart).toBeDefined();
    const drawn = arrows(flowchart);
    expect(drawn).toHaveLength(3);
    // Every wait is accounted for in the counts on the arrows.
    const counted = drawn.reduce((sum, l) => sum + Number(/"(\d+) × csd-lock-wait"/.exec(l)?.[1] ?? 0), 0);
    expect(counted).toBe(600);
    expect(flowchart).toMatch(/\["200 waiting: CPU 1000, 1003, 1006, 1009, 1012, 1015 and 194 more"\]/);
    expect(markdown).toContain('600 waits among 603 CPUs and tasks: the 600 that only wait are grouped by what they wait on');
  });

  it('draws at most MAX_DRAWN_EDGES arrows when every waiter waits on a CPU of its own, and says how many are left out', async () => {
    const { markdown, flowchart, edges } = await waitGraphOf(300, 300);
    expect(edges).toBeGreaterThan(MAX_DRAWN_EDGES);
    expect(arrows(flowchart)).toHaveLength(MAX_DRAWN_EDGES);
    expect(flowchart.length).toBeLessThan(50_000);
    expect(markdown).toContain(`${edges - MAX_DRAWN_EDGES} waits on the least waited-on nodes are not drawn`);
  });

  it('leaves a small graph as it is: one arrow per wait', async () => {
    const { flowchart } = await waitGraphOf(5, 2);
    expect(arrows(flowchart)).toHaveLength(5);
    expect(flowchart).not.toMatch(/waiting:/);
  });
});
