// The fleet's recurrences on one time axis (issue #15 item 2): a Mermaid gantt chart with a
// section per group of two or more incidents and a milestone per incident at its UTC time, so
// "the same DIMM again four days later" is seen at a glance. Group keys and incident ids come
// from the inputs (host names, DIMM labels, file names), so every label goes through mermaid.ts.
// The chart is bounded: what it leaves out is counted in text below it, never dropped silently.
import type { FleetResult } from '../cli/fleet.js';
import type { FleetGroup, GroupBy } from '../fleet/group.js';
import { code, join, md, mermaidFence, NEWLINE, text, type Md, type MermaidLine } from './md.js';
import { ganttTime, line, taskName } from './mermaid.js';

/** Sections drawn, most specific grouping first: the same part again says more than the same kernel. */
export const MAX_RECURRENCES = 10;
/** Milestones per section: the latest ones, which are what an operator compares a new incident with. */
export const MAX_MILESTONES = 12;

const SPECIFICITY: GroupBy[] = ['part', 'host', 'signature', 'kernel'];

/** What a milestone is called: the last part of the incident's path (`issue-12.json`, `history.jsonl:3`). */
function shortId(id: string): string {
  return id.replace(/[\\/]+$/, '').split(/[\\/]/).pop() || id;
}

interface Placed {
  id: string;
  at: string;
}

export function recurrenceTimeline(fleet: FleetResult): Md | undefined {
  const recurrences = fleet.groups
    .filter((group) => group.count >= 2)
    .sort((a, b) => SPECIFICITY.indexOf(a.by) - SPECIFICITY.indexOf(b.by));
  if (recurrences.length === 0) return undefined;
  const timeOf = new Map(fleet.incidents.map((incident) => [incident.id, incident.summary.incidentUtc]));
  const notes: Md[] = [];
  const chart: MermaidLine[] = [];
  const unplaced = new Set<string>();
  for (const group of recurrences.slice(0, MAX_RECURRENCES)) {
    const placed: Placed[] = [];
    for (const id of group.incidents) {
      const at = timeOf.get(id);
      if (at && ganttTime(at)) placed.push({ id, at });
      else unplaced.add(id);
    }
    if (placed.length === 0) continue;
    placed.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    const shown = placed.slice(-MAX_MILESTONES);
    chart.push(line`    section ${taskName(`${group.by} ${group.key}`)}`);
    for (const { id, at } of shown) chart.push(line`    ${taskName(shortId(id))} : milestone, ${ganttTime(at)!}, 1s`);
    if (placed.length > shown.length) notes.push(md`- ${code(group.key)}: and ${placed.length - shown.length} earlier incident(s) not drawn`);
  }
  const left = recurrences.slice(MAX_RECURRENCES);
  if (left.length > 0) notes.push(md`- and ${left.length} more recurrence(s) not drawn: ${text(countsBy(left))} (all of them are in the tables below)`);
  if (unplaced.size > 0) notes.push(md`- ${unplaced.size} incident(s) of these recurrences not drawn: no UTC time`);
  if (chart.length === 0) return md`### Recurrences over time\n\nNo recurrence is placed in time (no incident has a UTC time).`;
  const head = [line`gantt`, line`    title Recurrences (UTC)`, line`    dateFormat YYYY-MM-DD HH:mm:ss`, line`    axisFormat %Y-%m-%d`];
  const body = md`### Recurrences over time\n\n${mermaidFence([...head, ...chart])}`;
  return notes.length > 0 ? md`${body}\n\n${join(notes, NEWLINE)}` : body;
}

/** `3 host, 1 kernel`: how the groups left out of the chart are grouped. */
function countsBy(groups: FleetGroup[]): string {
  const counts = new Map<GroupBy, number>();
  for (const group of groups) counts.set(group.by, (counts.get(group.by) ?? 0) + 1);
  return [...counts].map(([by, count]) => `${count} ${by}`).join(', ');
}
