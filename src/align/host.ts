// Host local clock ↔ UTC from lines that carry both (a syslog stamp and an embedded ISO `…Z`
// timestamp of the same moment). Sources vote on the 15-minute grid; disagreements are
// reported; an offset that changes over time (a DST change, a re-zoned host) is kept as a
// sequence of offsets, each applied to the times it was seen around.
import type { ClockEvidence, LocalDateTime } from '../model/records.js';
import type { EvidenceItem, OffsetEvidence } from '../report/types.js';
import { localToEpochMillis } from '../parse/prefix/table.js';
import { GRID_MINUTES } from './bmc.js';
import { formatOffset, toIso } from './time.js';

/** A logger that stamps when it queued the message may lag its syslog line by seconds, not minutes. */
const MAX_DRIFT_MINUTES = 2;

export interface HostOffsetInference {
  report: OffsetEvidence;
  /** Offsets in effect from a local time on (ascending); one entry when the offset never changed. */
  pieces: { fromLocalMillis: number; minutes: number }[];
}

function evidenceItem(e: { source: { input: string; line: number }; text: string }, note?: string): EvidenceItem {
  return { ...e.source, text: e.text, ...(note ? { note } : {}) };
}

/** The local time of an evidence line as millis, its year taken from the UTC stamp when the line has none. */
export function localMillisNear(local: LocalDateTime, utcMillis: number): number {
  if (local.year !== undefined) return localToEpochMillis(local);
  const utcYear = new Date(utcMillis).getUTCFullYear();
  const candidates = [utcYear - 1, utcYear, utcYear + 1].map((year) => localToEpochMillis(local, year));
  return candidates.reduce((best, c) => (Math.abs(c - utcMillis) < Math.abs(best - utcMillis) ? c : best));
}

export function inferHostOffset(evidence: ClockEvidence[]): HostOffsetInference | undefined {
  const samples: { minutes: number; localMillis: number; e: ClockEvidence }[] = [];
  for (const e of evidence) {
    if (e.kind !== 'local-vs-utc' || !e.local || e.utcMillis === undefined) continue;
    const localMillis = localMillisNear(e.local, e.utcMillis);
    const rawMinutes = (localMillis - e.utcMillis) / 60_000;
    const rounded = Math.round(rawMinutes / GRID_MINUTES) * GRID_MINUTES;
    if (Math.abs(rawMinutes - rounded) > MAX_DRIFT_MINUTES) continue;
    samples.push({ minutes: rounded, localMillis, e });
  }
  if (samples.length === 0) return undefined;
  const votes = new Map<number, typeof samples>();
  for (const s of samples) votes.set(s.minutes, [...(votes.get(s.minutes) ?? []), s]);
  const ranked = [...votes.entries()].sort((a, b) => b[1].length - a[1].length);
  const [best, bestSamples] = ranked[0]!;
  const total = samples.length;

  // Two offsets whose samples do not interleave in time: the clock's offset changed (DST, re-zoning).
  if (ranked.length === 2) {
    const [, otherSamples] = ranked[1]!;
    const span = (s: typeof samples) => [Math.min(...s.map((x) => x.localMillis)), Math.max(...s.map((x) => x.localMillis))] as const;
    const [a0, a1] = span(bestSamples);
    const [b0, b1] = span(otherSamples);
    if (a1 < b0 || b1 < a0) {
      const [first, second] = a1 < b0 ? [bestSamples, otherSamples] : [otherSamples, bestSamples];
      const before = first[0]!.minutes;
      const after = second[0]!.minutes;
      const lastBefore = first.reduce((x, y) => (y.localMillis > x.localMillis ? y : x));
      const firstAfter = second.reduce((x, y) => (y.localMillis < x.localMillis ? y : x));
      return {
        pieces: [
          { fromLocalMillis: -Infinity, minutes: before },
          { fromLocalMillis: (lastBefore.localMillis + firstAfter.localMillis) / 2, minutes: after },
        ],
        report: {
          value: formatOffset(best),
          method: 'embedded-timestamp',
          confidence: 'medium',
          evidence: [evidenceItem(lastBefore.e, `still ${formatOffset(before)}`), evidenceItem(firstAfter.e, `now ${formatOffset(after)}`)],
          note: `the host clock's offset changed from ${formatOffset(before)} to ${formatOffset(after)} between ${toIso(lastBefore.e.utcMillis!)} and ${toIso(firstAfter.e.utcMillis!)} (a DST change or a re-zoned host); each time is placed with the offset in effect around it — pass --host-tz to use the zone's own rules`,
          changes: [{ from: formatOffset(before), to: formatOffset(after), between: [toIso(lastBefore.e.utcMillis!), toIso(firstAfter.e.utcMillis!)] }],
        },
      };
    }
  }
  const disagreeing = total - bestSamples.length;
  return {
    pieces: [{ fromLocalMillis: -Infinity, minutes: best }],
    report: {
      value: formatOffset(best),
      method: 'embedded-timestamp',
      confidence: disagreeing === 0 ? 'high' : bestSamples.length >= disagreeing * 3 ? 'medium' : 'low',
      evidence: bestSamples.slice(0, 3).map((s) => evidenceItem(s.e, `host stamp vs embedded ${toIso(s.e.utcMillis!)}`)),
      note:
        disagreeing === 0
          ? `${bestSamples.length} line(s) carry both the host's local time and a UTC timestamp of the same moment`
          : `${bestSamples.length} of ${total} lines agree; others suggest ${ranked
              .slice(1)
              .map(([m, s]) => `${formatOffset(m)} (${s.length})`)
              .join(', ')}`,
    },
  };
}
