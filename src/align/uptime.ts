// Kernel uptime ↔ wall clock. Lines that carry both (syslog `kernel: [uptime]`, `dmesg -T`
// with uptime) give `wall - uptime` = the wall time of boot. Within one boot that value is
// constant until the wall clock is stepped (NTP, an operator, the RTC read at boot); a step is
// kept as a step — the fit is piecewise — instead of being averaged into a wrong constant.
import type { EvidenceItem } from '../report/types.js';

export interface UptimeSample {
  uptime: number;
  utcMillis: number;
  source: { input: string; line: number };
  text: string;
}

export interface UptimeSegment {
  /** Uptime from which this segment's zero applies. */
  fromUptime: number;
  /** UTC millis at uptime 0, as this segment's samples say. */
  zero: number;
  samples: number;
  /** Largest minus smallest `wall - uptime` among the samples: how far the pairs disagree. */
  spreadMs: number;
  /** Wall clock gained per second of uptime (parts per million), from the first and last pair: the kernel clock's drift. */
  driftPpm?: number;
}

export interface ClockStep {
  atUptime: number;
  /** Wall clock jump in seconds (positive: set forward). */
  seconds: number;
  evidence: EvidenceItem[];
}

export interface UptimeFit {
  segments: UptimeSegment[];
  steps: ClockStep[];
  evidence: UptimeSample[];
}

/** Syslog stamps have whole seconds, the uptime microseconds: agreement within this is the same clock. */
const TOLERANCE_MS = 1500;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Drift needs pairs far enough apart that whole-second stamps do not swamp it (an hour: ±1 s is ±280 ppm). */
const MIN_DRIFT_SPAN_SECONDS = 3600;

function driftPpm(first: UptimeSample, last: UptimeSample): number | undefined {
  const span = last.uptime - first.uptime;
  if (span < MIN_DRIFT_SPAN_SECONDS) return undefined;
  const gained = last.utcMillis - last.uptime * 1000 - (first.utcMillis - first.uptime * 1000);
  return Math.round((gained / (span * 1000)) * 1e6);
}

/**
 * Fits one boot's samples (in log order). A new segment starts when a sample disagrees with the
 * current one by more than the tolerance and the next sample (if any) agrees with the newcomer,
 * so one odd line does not fake a step.
 */
export function fitBoot(samples: UptimeSample[]): UptimeFit {
  const ordered = [...samples].sort((a, b) => a.uptime - b.uptime);
  const segments: { fromUptime: number; zeros: number[]; first: UptimeSample; last: UptimeSample }[] = [];
  const steps: ClockStep[] = [];
  for (let i = 0; i < ordered.length; i++) {
    const sample = ordered[i]!;
    const zero = sample.utcMillis - sample.uptime * 1000;
    const current = segments[segments.length - 1];
    if (!current) {
      segments.push({ fromUptime: 0, zeros: [zero], first: sample, last: sample });
      continue;
    }
    const currentZero = median(current.zeros);
    if (Math.abs(zero - currentZero) <= TOLERANCE_MS) {
      current.zeros.push(zero);
      current.last = sample;
      continue;
    }
    const next = ordered[i + 1];
    const nextZero = next ? next.utcMillis - next.uptime * 1000 : zero;
    if (Math.abs(nextZero - zero) > TOLERANCE_MS) continue; // an outlier, not a step
    const previous = ordered[i - 1]!;
    steps.push({
      atUptime: sample.uptime,
      seconds: Math.round((zero - currentZero) / 1000),
      evidence: [
        { ...previous.source, text: previous.text, note: 'last line on the old wall clock' },
        { ...sample.source, text: sample.text, note: 'first line on the stepped wall clock' },
      ],
    });
    segments.push({ fromUptime: sample.uptime, zeros: [zero], first: sample, last: sample });
  }
  return {
    segments: segments.map((s) => ({
      fromUptime: s.fromUptime,
      zero: median(s.zeros),
      samples: s.zeros.length,
      spreadMs: Math.max(...s.zeros) - Math.min(...s.zeros),
      ...(driftPpm(s.first, s.last) !== undefined ? { driftPpm: driftPpm(s.first, s.last) } : {}),
    })),
    steps,
    evidence: ordered,
  };
}

/** Splits a log's samples into boots (uptime going backwards starts a new boot) and fits each. */
export function fitUptime(samples: UptimeSample[]): UptimeFit[] {
  const boots: UptimeSample[][] = [];
  let last: UptimeSample | undefined;
  for (const sample of samples) {
    if (!last || sample.uptime < last.uptime) boots.push([]);
    boots[boots.length - 1]!.push(sample);
    last = sample;
  }
  return boots.map(fitBoot);
}

/**
 * Wall time of an uptime. Without knowing which boot an uptime belongs to, it maps only when
 * exactly one boot of the log covers it (was running that long).
 */
export function uptimeToUtcWith(fits: UptimeFit[], uptime: number, boot?: number): number | undefined {
  const chosen = boot !== undefined ? fits[boot] : fits.length === 1 ? fits[0] : undefined;
  if (!chosen) return undefined;
  let segment = chosen.segments[0];
  for (const s of chosen.segments) if (s.fromUptime <= uptime) segment = s;
  return segment ? segment.zero + uptime * 1000 : undefined;
}
