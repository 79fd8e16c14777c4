// The fleet view as text, Markdown (one table per grouping) and JSON. Keys and sources come from
// the inputs, so Markdown cells go through the escaping `Md` helpers like every report.
import type { FleetResult } from '../cli/fleet.js';
import type { GroupBy } from '../fleet/group.js';
import { recurrenceTimeline } from './fleet-timeline.js';
import { BLANK_LINE, code, join, md, NEWLINE, table, text, type Md } from './md.js';

const TITLES: Record<GroupBy, string> = {
  host: 'By host',
  part: 'By hardware part (host | type | id)',
  signature: 'By lockup signature',
  kernel: 'By kernel release',
};

export function renderFleetText(fleet: FleetResult): string {
  const out = [`ktriage fleet — ${fleet.incidents.length} incident(s), ${fleet.groups.filter((g) => g.count > 1).length} recurrence(s)`];
  for (const by of Object.keys(TITLES) as GroupBy[]) {
    const groups = fleet.groups.filter((g) => g.by === by);
    if (groups.length === 0) continue;
    out.push('', `${TITLES[by]}:`);
    for (const g of groups) out.push(`  ${g.count}× ${g.key}  first ${g.first ?? 'unknown'}  last ${g.last ?? 'unknown'}  ${g.incidents.join(', ')}`);
  }
  for (const s of fleet.skipped) out.push(`skipped ${s.source}: ${s.reason}`);
  return `${out.join('\n')}\n`;
}

export function renderFleetMarkdown(fleet: FleetResult): string {
  return `${fleetMarkdown(fleet)}\n`;
}

/** The fleet view as Markdown a comment can embed (the bot's `/analyze history`). */
export function fleetMarkdown(fleet: FleetResult): Md {
  const parts: Md[] = [md`## ktriage fleet: ${fleet.incidents.length} incident(s)`];
  const timeline = recurrenceTimeline(fleet);
  if (timeline) parts.push(timeline);
  for (const by of Object.keys(TITLES) as GroupBy[]) {
    const groups = fleet.groups.filter((g) => g.by === by);
    if (groups.length === 0) continue;
    parts.push(md`### ${text(TITLES[by])}`);
    parts.push(table([md`Key`, md`Count`, md`First`, md`Last`, md`Incidents`], groups.map((g) => [
      code(g.key), text(g.count), text(g.first ?? 'unknown'), text(g.last ?? 'unknown'), join(g.incidents.map((id) => code(id)), md`, `),
    ])));
  }
  if (fleet.skipped.length > 0) parts.push(join(fleet.skipped.map((s) => md`- skipped ${code(s.source)}: ${text(s.reason)}`), NEWLINE));
  return join(parts, BLANK_LINE);
}

export function renderFleetJson(fleet: FleetResult): string {
  return `${JSON.stringify(fleet, null, 2)}\n`;
}
