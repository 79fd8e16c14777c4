// "Seen before" (issue #15 items 3 and 4, the pure half): which earlier incidents share this one's
// hardware part, host or lockup signature. The matching is groupIncidents' own (the summary's keys
// compared for equality), so the bot, the Action and `ktriage fleet` can never disagree on what
// counts as the same part.
import { groupIncidents, keysOf, type FleetIncident } from './group.js';
import { hostKey } from '../report/summary.js';
import type { IncidentSummary } from '../report/types.js';

export interface SeenPart<T extends FleetIncident = FleetIncident> {
  /** `host|dimm|LABEL` etc. (docs/report-schema.md, "summary"). */
  key: string;
  /** The part as this incident's input printed it. */
  label: string;
  incidents: T[];
}

export interface SeenBefore<T extends FleetIncident = FleetIncident> {
  /** The same part on the same host (a part key starts with its host). */
  parts: SeenPart<T>[];
  /** The same host, for a reason other than a shared part. */
  host: T[];
  /** The same lockup signature on other hosts. */
  signature: T[];
}

export type Recurrence = 'none' | 'host' | 'part' | 'signature';

/** Earlier incidents related to `current`, oldest first in each list; `current` itself (by id) is never among them. */
export function seenBefore<T extends FleetIncident>(current: FleetIncident, earlier: readonly T[]): SeenBefore<T> {
  const others = earlier.filter((incident) => incident.id !== current.id);
  const byId = new Map(others.map((incident) => [incident.id, incident]));
  const groups = groupIncidents([current, ...others]).filter((group) => group.incidents.includes(current.id));
  const members = (by: string, key?: string) =>
    groups
      .filter((group) => group.by === by && (key === undefined || group.key === key))
      .flatMap((group) => group.incidents.filter((id) => id !== current.id).map((id) => byId.get(id)!))
      .sort(byTime);
  const parts = current.summary.parts
    .map((part) => ({ key: part.key, label: part.label, incidents: members('part', part.key) }))
    .filter((part) => part.incidents.length > 0);
  const inParts = new Set(parts.flatMap((part) => part.incidents.map((incident) => incident.id)));
  const host = current.summary.hostname ? hostKey(current.summary.hostname) : undefined;
  return {
    parts,
    host: members('host').filter((incident) => !inParts.has(incident.id)),
    signature: members('signature').filter((incident) => !incident.summary.hostname || hostKey(incident.summary.hostname) !== host),
  };
}

/** The keys "Seen before" compares: a shared kernel release alone relates nothing. */
const seenKeys = (summary: IncidentSummary) => keysOf(summary).filter(([by]) => by !== 'kernel').map(([by, key]) => `${by}\u0000${key}`);

/**
 * Whether `earlier` could appear in `seenBefore(current, …)`: the test a reader of a long history
 * applies line by line, so it keeps only the related incidents rather than all of them.
 */
export function relatedTo(current: IncidentSummary): (earlier: IncidentSummary) => boolean {
  const keys = new Set(seenKeys(current));
  return (earlier) => seenKeys(earlier).some((key) => keys.has(key));
}

/**
 * Whether two summaries are one incident analysed twice (a re-run, an incident folder that got
 * another file): the same host placed at the same UTC time. Both must be known — two undated
 * incidents of one host are not known to be one.
 */
export function sameIncident(a: IncidentSummary, b: IncidentSummary): boolean {
  return a.hostname !== null && b.hostname !== null && a.incidentUtc !== null && a.incidentUtc === b.incidentUtc && hostKey(a.hostname) === hostKey(b.hostname);
}

/** The strongest kind of recurrence: a repeated part outweighs a repeated host, which outweighs a signature seen elsewhere. */
export function recurrence(seen: SeenBefore<FleetIncident>): Recurrence {
  if (seen.parts.length > 0) return 'part';
  if (seen.host.length > 0) return 'host';
  return seen.signature.length > 0 ? 'signature' : 'none';
}

/** Undated incidents last; then by time, then by id for a stable order. */
function byTime(a: FleetIncident, b: FleetIncident): number {
  const at = a.summary.incidentUtc;
  const bt = b.summary.incidentUtc;
  if (at !== bt) return at === null ? 1 : bt === null ? -1 : at < bt ? -1 : 1;
  return a.id.localeCompare(b.id);
}
