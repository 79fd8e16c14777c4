// One SEL record printed by two tools: its timestamp is stored once by the BMC (IPMI v2.0 §32.1,
// seconds since 1970 on the BMC's clock), so when one view placed it on UTC (a printed zone) and
// another printed the same stored seconds on an unknown clock, the gap between the two views is
// exactly that clock's offset. ipmitool ≥1.8.19 converts to the client's zone and appends its
// abbreviation (`23:09:44 CET`, lib/ipmi_sel.c ipmi_timestamp_* helpers, 1.8.19 ChangeLog, ipmitool
// issue #385); ipmitool ≤1.8.18, `sel get`, FreeIPMI and most web pages print the stored clock as is.
import type { SelRecord } from '../model/records.js';
import type { EvidenceItem } from '../report/types.js';
import { localToEpochMillis } from '../parse/prefix/table.js';
import { formatOffset, localToUtc, toIso } from './time.js';

/** Zone offsets run from -12:00 to +14:00; a larger gap is another record, not another clock. */
const MAX_EAST_MINUTES = 14 * 60;
const MAX_WEST_MINUTES = 12 * 60;
/** Views of one stored second agree to the second; a tool that rounds may be off by one. */
const SAME_SECOND_SLACK_SECONDS = 1;

export interface SameRecordOffset {
  minutes?: number;
  evidence: EvidenceItem[];
  note: string;
}

function sameRecord(a: SelRecord, b: SelRecord): boolean {
  // Ids restart after a clear, so the id alone proves nothing: sensor and event must agree too.
  if (a.recordId === undefined || a.recordId !== b.recordId) return false;
  if (a.sensorType !== b.sensorType || a.direction !== b.direction) return false;
  if (a.sensorNumber !== undefined && b.sensorNumber !== undefined && a.sensorNumber !== b.sensorNumber) return false;
  return a.description.toLowerCase() === b.description.toLowerCase();
}

/**
 * The unknown clock's offset (minutes east of UTC) from records seen both with a placed zone and
 * without one. Undefined when no record was seen both ways; `minutes` is missing when pairs disagree.
 */
export function sameRecordOffset(zoned: SelRecord[], unzoned: SelRecord[], zoneMinutes: Map<string, number | undefined>, year?: number): SameRecordOffset | undefined {
  const pairs: { minutes: number; placed: SelRecord; other: SelRecord; utc: number }[] = [];
  for (const placed of zoned) {
    const minutesOfZone = placed.zone === undefined ? undefined : zoneMinutes.get(placed.zone);
    if (minutesOfZone === undefined || !placed.local) continue;
    const utc = localToUtc(placed.local, minutesOfZone, year);
    if (utc === undefined) continue;
    for (const other of unzoned) {
      if (!other.local || !sameRecord(placed, other)) continue;
      const y = other.local.year ?? year;
      if (y === undefined) continue;
      const gapSeconds = (localToEpochMillis(other.local, y) - utc) / 1000;
      const minutes = Math.round(gapSeconds / 60);
      if (Math.abs(gapSeconds - minutes * 60) > SAME_SECOND_SLACK_SECONDS || minutes > MAX_EAST_MINUTES || minutes < -MAX_WEST_MINUTES) continue;
      pairs.push({ minutes, placed, other, utc });
    }
  }
  if (pairs.length === 0) return undefined;
  const evidence = pairs.slice(0, 4).map(({ placed, other, utc }) => ({
    ...other.source,
    text: other.text.trim(),
    note: `record ${placed.recordId!.toString(16)} is printed at ${toIso(utc)} by ${placed.source.input}:${placed.source.line} (zone ${placed.zone})`,
  }));
  const offsets = [...new Set(pairs.map((p) => p.minutes))];
  if (offsets.length > 1) {
    return { evidence, note: `records seen in two views disagree on the BMC clock (${offsets.map(formatOffset).join(', ')}): the BMC clock was stepped between them or ids were reused after a clear` };
  }
  return {
    minutes: offsets[0]!,
    evidence,
    note: `${pairs.length} record(s) printed both with a zone and on the BMC's own clock: the gap between the views is the BMC clock's offset`,
  };
}
