// Align stage: puts the three clocks (kernel uptime, host local time, BMC time) on UTC.
// Every offset carries the evidence that fixed it; options override evidence; where the
// evidence is too weak the offset is `unknown`, never a silent guess.
import type { ClockEvidence, LocalDateTime, ParsedBundle } from '../model/records.js';
import type { ClocksReport, EvidenceItem, OffsetEvidence } from '../report/types.js';
import { localToEpochMillis, parseOffsetMinutes } from '../parse/prefix/table.js';
import { formatOffset, localToUtc, toIso } from './time.js';

export interface AlignOptions {
  hostUtcOffset?: string;
  bmcUtcOffset?: string;
}

export interface Alignment {
  clocks: ClocksReport;
  hostOffsetMinutes?: number;
  bmcOffsetMinutes?: number;
  /** Year given to year-less host stamps, with where it came from. */
  year?: { value: number; evidence: string };
  hostLocalToUtc(local: LocalDateTime | undefined, utcMillis?: number): number | undefined;
  bmcToUtc(local: LocalDateTime | undefined, zone?: string): number | undefined;
  /** Kernel uptime of a line in `input` → UTC, when that input's boot could be placed. */
  uptimeToUtc(input: string, uptime: number | undefined): number | undefined;
}

const GRID_MINUTES = 15;

function evidenceItem(e: { source: { input: string; line: number }; text: string }, note?: string): EvidenceItem {
  return { ...e.source, text: e.text, ...(note ? { note } : {}) };
}

export class OptionError extends Error {}

function optionOffset(name: string, value: string): number {
  const minutes = parseOffsetMinutes(value);
  if (minutes === undefined || Math.abs(minutes) > 14 * 60) throw new OptionError(`${name} must look like +08:00 or -05:30, got "${value}"`);
  return minutes;
}

/** The year of an embedded UTC stamp, adjusted when local time sits across New Year from it. */
function localMillisNear(local: LocalDateTime, utcMillis: number): number {
  if (local.year !== undefined) return localToEpochMillis(local);
  const utcYear = new Date(utcMillis).getUTCFullYear();
  const candidates = [utcYear - 1, utcYear, utcYear + 1].map((year) => localToEpochMillis(local, year));
  return candidates.reduce((best, c) => (Math.abs(c - utcMillis) < Math.abs(best - utcMillis) ? c : best));
}

function inferHostOffset(evidence: ClockEvidence[]): OffsetEvidence {
  const votes = new Map<number, ClockEvidence[]>();
  for (const e of evidence) {
    if (e.kind !== 'local-vs-utc' || !e.local || e.utcMillis === undefined) continue;
    const rawMinutes = (localMillisNear(e.local, e.utcMillis) - e.utcMillis) / 60_000;
    const rounded = Math.round(rawMinutes / GRID_MINUTES) * GRID_MINUTES;
    // A logger that stamps when it queued the message may lag its syslog line by seconds, not minutes.
    if (Math.abs(rawMinutes - rounded) > 2) continue;
    votes.set(rounded, [...(votes.get(rounded) ?? []), e]);
  }
  if (votes.size === 0) {
    return {
      value: 'unknown',
      method: 'none',
      confidence: 'low',
      evidence: [],
      note: 'no line ties the host clock to UTC; pass --host-utc-offset to place host times',
    };
  }
  const ranked = [...votes.entries()].sort((a, b) => b[1].length - a[1].length);
  const [best, samples] = ranked[0]!;
  const total = ranked.reduce((sum, [, s]) => sum + s.length, 0);
  const disagreeing = total - samples.length;
  return {
    value: formatOffset(best),
    method: 'embedded-timestamp',
    confidence: disagreeing === 0 ? 'high' : samples.length >= disagreeing * 3 ? 'medium' : 'low',
    evidence: samples.slice(0, 3).map((s) => evidenceItem(s, `host stamp vs embedded ${toIso(s.utcMillis!)}`)),
    note:
      disagreeing === 0
        ? `${samples.length} line(s) carry both the host's local time and a UTC timestamp of the same moment`
        : `${samples.length} of ${total} lines agree; others suggest ${ranked
            .slice(1)
            .map(([m]) => formatOffset(m))
            .join(', ')}`,
  };
}

function inferYear(bundle: ParsedBundle): { value: number; evidence: string } | undefined {
  for (const e of bundle.clockEvidence) {
    if (e.utcMillis !== undefined) return { value: new Date(e.utcMillis).getUTCFullYear(), evidence: `${e.source.input}:${e.source.line}` };
    if (e.kind === 'year' && e.year !== undefined) return { value: e.year, evidence: `${e.source.input}:${e.source.line}` };
  }
  const selYears = new Map<number, number>();
  for (const record of bundle.sel) if (record.local?.year) selYears.set(record.local.year, (selYears.get(record.local.year) ?? 0) + 1);
  const best = [...selYears.entries()].sort((a, b) => b[1] - a[1])[0];
  if (best) return { value: best[0], evidence: 'dates of the SEL records' };
  return undefined;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export function alignClocks(bundle: ParsedBundle, options: AlignOptions = {}): Alignment {
  const host: OffsetEvidence =
    options.hostUtcOffset !== undefined
      ? { value: formatOffset(optionOffset('--host-utc-offset', options.hostUtcOffset)), method: 'option', confidence: 'high', evidence: [] }
      : inferHostOffset(bundle.clockEvidence);
  const bmc: OffsetEvidence =
    options.bmcUtcOffset !== undefined
      ? { value: formatOffset(optionOffset('--bmc-utc-offset', options.bmcUtcOffset)), method: 'option', confidence: 'high', evidence: [] }
      : {
          value: '+00:00',
          method: 'assumed',
          confidence: 'medium',
          evidence: [],
          note: 'ipmitool prints the BMC clock as stored; BMCs keep UTC unless configured otherwise (override with --bmc-utc-offset)',
        };
  const hostOffsetMinutes = host.value === 'unknown' ? undefined : parseOffsetMinutes(host.value);
  const bmcOffsetMinutes = parseOffsetMinutes(bmc.value);
  const year = inferYear(bundle);

  const hostLocalToUtc = (local: LocalDateTime | undefined, utcMillis?: number): number | undefined => {
    if (utcMillis !== undefined) return utcMillis;
    if (!local || hostOffsetMinutes === undefined) return undefined;
    return localToUtc(local, hostOffsetMinutes, year?.value);
  };

  // Kernel uptime → UTC per input, from lines that carry both (syslog `kernel: [uptime]`).
  const bootByInput = new Map<string, { zero: number; evidence: ClockEvidence[] }>();
  const byInput = new Map<string, { zeros: number[]; evidence: ClockEvidence[] }>();
  for (const e of bundle.clockEvidence) {
    if ((e.kind !== 'uptime-vs-local' && e.kind !== 'uptime-vs-utc') || e.uptime === undefined) continue;
    const utc = hostLocalToUtc(e.local, e.utcMillis);
    if (utc === undefined) continue;
    const entry = byInput.get(e.source.input) ?? { zeros: [], evidence: [] };
    entry.zeros.push(utc - e.uptime * 1000);
    entry.evidence.push(e);
    byInput.set(e.source.input, entry);
  }
  for (const [input, entry] of byInput) bootByInput.set(input, { zero: median(entry.zeros), evidence: entry.evidence });

  const boots: ClocksReport['boots'] = [];
  for (const boot of bundle.boots) {
    const utc = hostLocalToUtc(boot.local, boot.utcMillis);
    boots.push({ ...(utc !== undefined ? { time: toIso(utc) } : {}), evidence: [evidenceItem(boot)] });
  }
  for (const [, entry] of bootByInput) {
    boots.push({
      uptimeZeroAt: toIso(entry.zero),
      evidence: entry.evidence.slice(0, 2).map((e) => evidenceItem(e, 'line carries both kernel uptime and wall-clock time')),
    });
  }

  return {
    clocks: { hostUtcOffset: host, bmcUtcOffset: bmc, boots },
    hostOffsetMinutes,
    bmcOffsetMinutes,
    year,
    hostLocalToUtc,
    bmcToUtc: (local, zone) => {
      if (!local) return undefined;
      const zoneOffset = zone !== undefined ? parseOffsetMinutes(zone) : undefined;
      const offset = zoneOffset ?? bmcOffsetMinutes;
      if (offset === undefined) return undefined;
      return localToUtc(local, offset, year?.value);
    },
    uptimeToUtc: (input, uptime) => {
      const boot = bootByInput.get(input);
      if (!boot || uptime === undefined) return undefined;
      return boot.zero + uptime * 1000;
    },
  };
}
