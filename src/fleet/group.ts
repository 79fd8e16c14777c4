// Fleet grouping (issue #15 item 2, the pure half): incidents with their summaries → groups of
// those that share a host, a hardware part, a lockup signature or a kernel release. The keys are
// the summary's own (docs/report-schema.md, "summary"), so grouping is plain equality.
import type { IncidentSummary } from '../report/types.js';
import { hostKey } from '../report/summary.js';

export interface FleetIncident {
  id: string;
  /** Where it came from: the folder analysed or the saved report read. */
  source: string;
  summary: IncidentSummary;
}

export type GroupBy = 'host' | 'part' | 'signature' | 'kernel';

export interface FleetGroup {
  by: GroupBy;
  key: string;
  count: number;
  /** Earliest and latest `incidentUtc` of the members; null when none of them is placed in time. */
  first: string | null;
  last: string | null;
  incidents: string[];
}

/** The keys an incident is grouped under; an unknown host or kernel groups nothing (it would lump strangers). */
export function keysOf(summary: IncidentSummary): [GroupBy, string][] {
  const keys: [GroupBy, string][] = [];
  if (summary.hostname) keys.push(['host', hostKey(summary.hostname)]);
  for (const part of summary.parts) if (!part.key.startsWith('?|')) keys.push(['part', part.key]);
  if (summary.signature) keys.push(['signature', summary.signature]);
  if (summary.kernelRelease) keys.push(['kernel', summary.kernelRelease]);
  return keys;
}

/** Groups in order of `by` (host, part, signature, kernel), then by count, largest first. */
export function groupIncidents(incidents: Iterable<FleetIncident>): FleetGroup[] {
  const groups = new Map<string, FleetGroup>();
  for (const incident of incidents) {
    const at = incident.summary.incidentUtc;
    for (const [by, key] of new Map(keysOf(incident.summary).map(([b, k]) => [`${b}\u0000${k}`, [b, k] as const])).values()) {
      const id = `${by}\u0000${key}`;
      const group = groups.get(id) ?? { by, key, count: 0, first: null, last: null, incidents: [] };
      group.count += 1;
      group.incidents.push(incident.id);
      if (at && (group.first === null || at < group.first)) group.first = at;
      if (at && (group.last === null || at > group.last)) group.last = at;
      groups.set(id, group);
    }
  }
  const order: GroupBy[] = ['host', 'part', 'signature', 'kernel'];
  return [...groups.values()].sort((a, b) => order.indexOf(a.by) - order.indexOf(b.by) || b.count - a.count || a.key.localeCompare(b.key));
}
