// The "Seen before" section of a report (issue #15): earlier incidents of the same part, host or
// signature. How an incident is named is the caller's (the bot links `#12`, the Action names a
// history line), so the section is the same wherever it is shown.
import type { FleetIncident } from '../fleet/group.js';
import type { SeenBefore } from '../fleet/seen-before.js';
import { hostKey } from '../report/summary.js';
import { capped, code, join, md, NEWLINE, text, type Md } from './md.js';

const MAX_LISTED = 10;

const TITLE = md`**Seen before**`;

/** When an incident was reported, for one whose logs never placed it in UTC (e.g. the report comment's date). */
export type ReportedAt<T extends FleetIncident> = (incident: T) => string | null | undefined;

/** `2024-03-23 10:02 UTC` when the logs placed the incident in time, else `reported 2024-03-28`, else that the date is unknown. */
function when<T extends FleetIncident>(incident: T, reported: ReportedAt<T>): Md {
  const at = incident.summary.incidentUtc;
  const m = at ? /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(at) : null;
  if (m) return text(`${m[1]} ${m[2]} UTC`);
  const day = /^\d{4}-\d{2}-\d{2}/.exec(reported(incident) ?? '')?.[0];
  return day ? md`reported ${text(day)}` : md`date unknown`;
}

function list<T extends FleetIncident>(incidents: readonly T[], ref: (incident: T) => Md, reported: ReportedAt<T>, withHost: boolean): Md {
  const items = capped(
    incidents,
    MAX_LISTED,
    (incident) => (withHost && incident.summary.hostname ? md`${ref(incident)} on ${text(hostKey(incident.summary.hostname))} (${when(incident, reported)})` : md`${ref(incident)} (${when(incident, reported)})`),
    (more) => md`and ${more} more`,
  );
  return join(items, md`, `);
}

/** The section, or undefined when no earlier incident is related. */
export function renderSeenBefore<T extends FleetIncident>(seen: SeenBefore<T>, current: FleetIncident, ref: (incident: T) => Md, reported: ReportedAt<T> = () => undefined): Md | undefined {
  const lines: Md[] = [];
  for (const part of seen.parts) {
    lines.push(md`- **Same part on this host:** ${text(part.label)} (${code(part.key)}): ${list(part.incidents, ref, reported, false)}`);
  }
  const host = current.summary.hostname;
  if (seen.host.length > 0 && host) lines.push(md`- **Same host** (${text(hostKey(host))}): ${list(seen.host, ref, reported, false)}`);
  const signature = current.summary.signature;
  if (seen.signature.length > 0 && signature) lines.push(md`- **Same signature on other hosts** (${code(signature)}): ${list(seen.signature, ref, reported, true)}`);
  if (lines.length === 0) return undefined;
  return md`${TITLE}\n\n${join(lines, NEWLINE)}`;
}

/** Said in the same place when earlier incidents were looked up and none is related (`where`: what was searched). */
export function renderSeenBeforeNone(where: Md): Md {
  return md`${TITLE}\n\nNo earlier incident in ${where} shares this host, a hardware part or the lockup signature.`;
}

/** Said in the same place when earlier incidents could not be looked up: the report stands, the lookup did not happen. */
export function renderSeenBeforeUnavailable(why: string): Md {
  return md`${TITLE}\n\n> [!NOTE]\n> Earlier incidents were not looked up: ${text(why)}.`;
}
