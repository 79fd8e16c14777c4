// BMC clock ↔ UTC. The SEL clock may be UTC, the BMC's local time or just wrong, and raw SEL
// lines do not say which. Candidate offsets on the 15-minute grid are scored against what the
// host itself recorded: its boots against the BMC's boot/power records, the moment its log went
// silent against critical hardware events, and ipmievd lines that logged a SEL record on the
// host's clock. The best candidate is reported with its score and runner-up — or `unknown`.
import type { SelRecord } from '../model/records.js';
import type { Confidence, EvidenceItem } from '../report/types.js';
import { localToEpochMillis } from '../parse/prefix/table.js';
import { formatOffset, toIso } from './time.js';

export const GRID_MINUTES = 15;
const MIN_OFFSET = -12 * 60;
const MAX_OFFSET = 14 * 60;

/** A host kernel boot may follow the BMC's boot/power record by POST time; syslog stamps it when rsyslog starts. */
const BOOT_BEFORE_SECONDS = 120;
const BOOT_AFTER_SECONDS = 40 * 60;
/** A host that dies from a hardware event stops logging within this many seconds of it. */
const SILENCE_SECONDS = 120;
/** ipmievd logs a record when it polls the SEL; its stamp trails the BMC's by seconds, not minutes. */
const IPMIEVD_SECONDS = 120;

export const WEIGHTS = { utcPrior: 1, hostOffsetPrior: 0.5, boot: 2, silence: 3, ipmievd: 4 } as const;
/** A reported offset needs this much score and this lead over the runner-up; otherwise `unknown`. */
export const MIN_SCORE = 3;
export const MIN_MARGIN = 1.5;

export interface HostMoment {
  utcMillis: number;
  source: { input: string; line: number };
  text: string;
}

export interface BmcEvidence {
  /** SEL records printed on the BMC's own clock (no zone, not Pre-Init). */
  records: SelRecord[];
  hostBoots: HostMoment[];
  /** Last host line before each silence that ended in a reboot. */
  silences: HostMoment[];
  /** SEL records the host's ipmievd logged, with the host-clock moment. */
  ipmievd: { record: SelRecord; utcMillis: number }[];
  hostOffsetMinutes?: number;
  year?: number;
}

export interface Candidate {
  minutes: number;
  score: number;
  reasons: EvidenceItem[];
}

export interface BmcVerdict {
  value: string;
  minutes?: number;
  confidence: Confidence;
  score?: number;
  runnerUp?: { value: string; score: number };
  evidence: EvidenceItem[];
  note: string;
}

const BOOT_RECORD = /boot|S0\/G0|power up|warm reset|hard reset/i;

function isBootRecord(record: SelRecord): boolean {
  if (record.direction !== 'asserted') return false;
  if (record.sensorTypeCode === 0x1d || record.sensorTypeCode === 0x1f) return true;
  if (record.sensorTypeCode === 0x22) return /S0\/G0/i.test(record.description);
  return BOOT_RECORD.test(record.description) && !/error|fail/i.test(record.description);
}

function isSerious(record: SelRecord): boolean {
  return record.direction === 'asserted' && (record.severity === 'critical' || record.severity === 'non-recoverable');
}

const itemOf = (r: { source: { input: string; line: number }; text: string }, note: string): EvidenceItem => ({ ...r.source, text: r.text.trim(), note });

function wall(record: SelRecord, year?: number): number | undefined {
  if (!record.local) return undefined;
  const y = record.local.year ?? year;
  return y === undefined ? undefined : localToEpochMillis(record.local, y);
}

/** Grid offsets (minutes) within [lo, hi] seconds of offset. */
function gridWithin(loSeconds: number, hiSeconds: number, candidates: number[]): number[] {
  return candidates.filter((m) => m * 60 >= loSeconds && m * 60 <= hiSeconds);
}

export function gridCandidates(): number[] {
  const out: number[] = [];
  for (let m = MIN_OFFSET; m <= MAX_OFFSET; m += GRID_MINUTES) out.push(m);
  return out;
}

/** Scores each candidate offset (minutes east of UTC) on the evidence. */
export function scoreOffsets(evidence: BmcEvidence, candidates: number[]): Candidate[] {
  const table = new Map<number, Candidate>(candidates.map((minutes) => [minutes, { minutes, score: 0, reasons: [] }]));
  const add = (minutes: number, weight: number, reason?: EvidenceItem) => {
    const c = table.get(minutes);
    if (!c) return;
    c.score += weight;
    if (reason) c.reasons.push(reason);
  };
  add(0, WEIGHTS.utcPrior);
  if (evidence.hostOffsetMinutes !== undefined && evidence.hostOffsetMinutes !== 0) add(evidence.hostOffsetMinutes, WEIGHTS.hostOffsetPrior);

  // Each host moment votes once for every offset that puts some matching BMC record in its window.
  const vote = (moments: HostMoment[], records: SelRecord[], window: [number, number], weight: number, note: (r: SelRecord, m: HostMoment) => string) => {
    for (const moment of moments) {
      const hits = new Map<number, SelRecord>();
      for (const record of records) {
        const local = wall(record, evidence.year);
        if (local === undefined) continue;
        // moment - (local - offset) within [-before, +after]  ⇔  offset within [local - moment - before, local - moment + after]
        const base = (local - moment.utcMillis) / 1000;
        for (const m of gridWithin(base - window[0], base + window[1], candidates)) if (!hits.has(m)) hits.set(m, record);
      }
      for (const [m, record] of hits) add(m, weight, itemOf(record, note(record, moment)));
    }
  };
  vote(evidence.hostBoots, evidence.records.filter(isBootRecord), [BOOT_BEFORE_SECONDS, BOOT_AFTER_SECONDS], WEIGHTS.boot, (_r, boot) => `BMC boot record; the host booted at ${toIso(boot.utcMillis)} (${boot.source.input}:${boot.source.line})`);
  vote(evidence.silences, evidence.records.filter(isSerious), [SILENCE_SECONDS, SILENCE_SECONDS], WEIGHTS.silence, (r, silence) => `${r.severity} hardware event; the host log went silent after ${toIso(silence.utcMillis)} (${silence.source.input}:${silence.source.line}) until a reboot`);

  let pairs = 0;
  for (const seen of evidence.ipmievd) {
    if (pairs >= 3) break;
    const twin = evidence.records.find(
      (r) => r.sensorType === seen.record.sensorType && r.description.toLowerCase() === seen.record.description.toLowerCase() && (seen.record.sensorNumber === undefined || r.sensorNumber === seen.record.sensorNumber),
    );
    const local = twin ? wall(twin, evidence.year) : undefined;
    if (!twin || local === undefined) continue;
    const base = (local - seen.utcMillis) / 1000;
    const hit = gridWithin(base - IPMIEVD_SECONDS, base + IPMIEVD_SECONDS, candidates);
    if (hit.length === 0) continue;
    pairs++;
    for (const m of hit) add(m, WEIGHTS.ipmievd, itemOf(seen.record, `ipmievd logged this record on the host clock at ${toIso(seen.utcMillis)}`));
  }
  return [...table.values()].sort((a, b) => b.score - a.score || Math.abs(a.minutes) - Math.abs(b.minutes));
}

export function decideOffset(ranked: Candidate[], what: string): BmcVerdict {
  const [best, second] = ranked;
  const runnerUp = second ? { value: formatOffset(second.minutes), score: second.score } : undefined;
  const margin = best ? best.score - (second?.score ?? 0) : 0;
  if (!best || best.score < MIN_SCORE || margin < MIN_MARGIN) {
    return {
      value: 'unknown',
      confidence: 'low',
      ...(best ? { score: best.score } : {}),
      ...(runnerUp ? { runnerUp } : {}),
      evidence: best?.reasons.slice(0, 4) ?? [],
      note: best
        ? `evidence too weak to place the ${what}: best ${formatOffset(best.minutes)} scores ${best.score}${second ? `, ${formatOffset(second.minutes)} ${second.score}` : ''} (needs ${MIN_SCORE} and a lead of ${MIN_MARGIN}); pass --bmc-utc-offset or --bmc-tz`
        : `nothing to score the ${what} against`,
    };
  }
  return {
    value: formatOffset(best.minutes),
    minutes: best.minutes,
    confidence: margin >= 3 && best.reasons.length > 0 ? 'high' : 'medium',
    score: best.score,
    ...(runnerUp ? { runnerUp } : {}),
    evidence: best.reasons.slice(0, 4),
    note: `best of ${ranked.length} candidate offsets: ${formatOffset(best.minutes)} scores ${best.score}${runnerUp ? `, runner-up ${runnerUp.value} scores ${runnerUp.score}` : ''} (boot records ${WEIGHTS.boot}, host silence at a critical event ${WEIGHTS.silence}, ipmievd pair ${WEIGHTS.ipmievd}, UTC prior ${WEIGHTS.utcPrior})`,
  };
}
