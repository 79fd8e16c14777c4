// The fleet's recurrence timeline (issue #15 item 2): labels from the inputs cannot change the
// chart, and the chart stays bounded with what it leaves out said outside it.
import { describe, expect, it } from 'vitest';
import type { FleetResult } from '../../src/cli/fleet.js';
import { groupIncidents, type FleetIncident } from '../../src/fleet/group.js';
import { MAX_MILESTONES, MAX_RECURRENCES } from '../../src/render/fleet-timeline.js';
import { renderFleetMarkdown } from '../../src/render/fleet.js';
import type { IncidentSummary } from '../../src/report/types.js';

function summary(hostname: string, incidentUtc: string | null, dimm?: string): IncidentSummary {
  return {
    summaryVersion: 1, hostname, kernelRelease: null, arch: null, incidentUtc, rootCause: 'hardware-memory', confidence: 'high',
    stuckCpu: null, waitedOnCpu: null, signature: null, parts: dimm ? [{ type: 'dimm', key: `${hostname}|dimm|${dimm}`, label: dimm }] : [],
  };
}

function fleetOf(incidents: FleetIncident[]): FleetResult {
  return { schemaVersion: 1, incidents, groups: groupIncidents(incidents), skipped: [] };
}

const day = (n: number) => new Date(Date.UTC(2024, 2, 1 + n, 10, 0, 0)).toISOString().replace('.000Z', 'Z');
const chartOf = (markdown: string) => /```mermaid\n([\s\S]*?)\n```/.exec(markdown)?.[1] ?? '';

/**
 * Every line a statement this renderer means: the fixed header, `section NAME`, or
 * `NAME : milestone, DATE, 1s` with a name gantt.jison reads as task text (no `:`, `#`, `;`,
 * `%`, newline) that does not start like a statement.
 */
function expectOnlyOwnStatements(chart: string): void {
  const lines = chart.split('\n');
  expect(lines.slice(0, 4)).toEqual(['gantt', '    title Recurrences (UTC)', '    dateFormat YYYY-MM-DD HH:mm:ss', '    axisFormat %Y-%m-%d']);
  for (const line of lines.slice(4)) {
    const m = /^ {4}(?:section ([^#:;%\n]+)|([^#:;%\n]+) : milestone, \d{4}-\d\d-\d\d \d\d:\d\d:\d\d, 1s)$/.exec(line);
    expect(m, line).not.toBeNull();
    const name = (m![1] ?? m![2])!;
    expect(name, line).not.toMatch(/["'`<>{}[\]|\\]|-->/);
    if (m![2]) expect(name, line).not.toMatch(/^(?:click|href|call|gantt|title|section|dateformat|axisformat|excludes|includes|todaymarker|\d{4}-\d\d-\d\d)/i);
  }
}

describe('the fleet recurrence timeline', () => {
  it('keeps hostile host names, DIMM labels and file names inert', () => {
    const host = 'evil:host;#1\n    click x href "javascript:alert(1)"';
    const dimm = 'A1`; B --> C %%{init: {"theme":"dark"}}%%\n```\n@admin';
    const incidents: FleetIncident[] = [
      { id: '/x/click me call alert(1)', source: 's', summary: summary(host, day(0), dimm) },
      { id: '/x/2024-03-23 section two', source: 's', summary: summary(host, day(4), dimm) },
      { id: '/x/title:pwn#3;\nsection inj', source: 's', summary: summary(host, day(5), dimm) },
      { id: '/x/%%{init}%%', source: 's', summary: summary(host, day(6), dimm) },
    ];
    const markdown = renderFleetMarkdown(fleetOf(incidents));
    const chart = chartOf(markdown);
    expectOnlyOwnStatements(chart);
    // One section per recurrence (host, part), a milestone per incident in each: nothing added, nothing lost.
    expect(chart.split('\n').filter((l) => l.startsWith('    section'))).toHaveLength(2);
    expect(chart.split('\n').filter((l) => l.includes(': milestone,'))).toHaveLength(8);
    // The fence is ours: no line but its opening and closing starts one (code spans in the tables are inline).
    expect(markdown.match(/^```/gm)).toEqual(['```', '```']);
    expect(chart).not.toContain('`');
    expect(chart).not.toContain('@admin');
  });

  it('draws at most the cap of recurrences and milestones, and counts the rest outside the chart', () => {
    const incidents: FleetIncident[] = [];
    const hosts = MAX_RECURRENCES + 3;
    for (let h = 0; h < hosts; h++) {
      const n = h === 0 ? MAX_MILESTONES + 5 : 2;
      for (let i = 0; i < n; i++) incidents.push({ id: `h${h}-i${i}`, source: 's', summary: summary(`host-${h}`, day(i)) });
    }
    incidents.push({ id: 'h0-untimed', source: 's', summary: summary('host-0', null) });
    const markdown = renderFleetMarkdown(fleetOf(incidents));
    const chart = chartOf(markdown);
    expectOnlyOwnStatements(chart);
    const sections = chart.split('\n').filter((l) => l.startsWith('    section'));
    expect(sections).toHaveLength(MAX_RECURRENCES);
    // The largest group first, its latest milestones drawn.
    expect(sections[0]).toBe('    section host host-0');
    const first = chart.split('    section')[1]!.split('\n').filter((l) => l.includes(': milestone,'));
    expect(first).toHaveLength(MAX_MILESTONES);
    expect(first.at(-1)).toContain(`h0-i${MAX_MILESTONES + 4} : milestone`);
    expect(first[0]).toContain('h0-i5 : milestone');
    const after = markdown.slice(markdown.indexOf('```', markdown.indexOf('```mermaid') + 3));
    expect(after).toContain('- `host-0`: and 5 earlier incident(s) not drawn');
    expect(after).toContain('- and 3 more recurrence(s) not drawn: 3 host (all of them are in the tables below)');
    expect(after).toContain('- 1 incident(s) of these recurrences not drawn: no UTC time');
  });

  it('draws nothing when no incident recurs', () => {
    const markdown = renderFleetMarkdown(fleetOf([{ id: 'a', source: 's', summary: summary('a', day(0)) }, { id: 'b', source: 's', summary: summary('b', day(1)) }]));
    expect(markdown).not.toContain('```mermaid');
    expect(markdown).not.toContain('Recurrences over time');
  });
});
