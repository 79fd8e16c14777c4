// Hardware events against the kernel and the host log: what lines up, and what keeps coming back.
import type { EvidenceItem, Finding, HardwareCorrelationFinding, RecurrenceFinding, ReportEvent } from '../report/types.js';
import type { AnalysisContext } from './context.js';

/** How far apart (seconds) a hardware event and a kernel event or log gap may be to be called aligned. */
export const CORRELATION_WINDOW_SECONDS = 300;
/** Two occurrences of the same sensor event closer than this are one episode, not a recurrence. */
const RECURRENCE_MIN_SECONDS = 3600;

const SERIOUS_DESCRIPTION =
  /non-?recoverable|uncorrectable|critical|fatal|machine check|\bierr\b|\bmce\b|ecc|parity|perr|serr|thermal trip|bus error|correctable memory error logging limit/i;
const HARMLESS_DESCRIPTION = /transition to ok|presence detected|deasserted|s0\/g0|working/i;

/** A SEL event that could explain a frozen host. */
export function isSeriousHardwareEvent(event: ReportEvent): boolean {
  if (event.kind !== 'sel' && event.kind !== 'mce' && event.kind !== 'ghes' && event.kind !== 'edac') return false;
  if (event.direction === 'deasserted') return false;
  if (event.severity) return event.severity === 'critical' || event.severity === 'non-recoverable';
  const text = `${event.description ?? ''} ${event.message ?? ''}`;
  return SERIOUS_DESCRIPTION.test(text) && !HARMLESS_DESCRIPTION.test(event.description ?? '');
}

export function sensorLabel(event: ReportEvent): string {
  const number = event.sensorNumber !== undefined ? ` #0x${event.sensorNumber.toString(16)}` : '';
  return `${event.sensorName ?? event.sensorType ?? event.kind}${number}`;
}

function evidenceOf(event: ReportEvent): EvidenceItem {
  return { ...event.source, text: String(event.message ?? event.description ?? event.kind) };
}

const CORRELATABLE = new Set(['log-gap', 'soft-lockup', 'hard-lockup', 'rcu-stall', 'hung-task', 'csd-lock-timeout', 'panic', 'oops', 'nmi-backtrace']);

function secondsBetween(a: string, b: string): number {
  return (Date.parse(a) - Date.parse(b)) / 1000;
}

export function correlateHardware(ctx: AnalysisContext): Finding[] {
  const findings: Finding[] = [];
  const timedKernel = ctx.events.filter((event) => CORRELATABLE.has(event.kind) && event.time);
  const hostConfidence = ctx.alignment.clocks.hostUtcOffset.confidence;
  const bmcConfidence = ctx.alignment.clocks.bmcUtcOffset.confidence;
  for (const hw of ctx.events) {
    if (!hw.time || !isSeriousHardwareEvent(hw)) continue;
    const aligned = timedKernel
      .map((event) => ({ event, delta: secondsBetween(hw.time!, event.time!) }))
      .filter(({ delta }) => Math.abs(delta) <= CORRELATION_WINDOW_SECONDS)
      .sort((a, b) => Math.abs(a.delta) - Math.abs(b.delta));
    if (aligned.length === 0) continue;
    const closest = aligned[0]!;
    const abs = Math.abs(closest.delta);
    const clocksSure = hostConfidence === 'high' && bmcConfidence !== 'low';
    // An event placed by an estimated boot time is seconds-to-minutes uncertain: never more than low.
    const confidence = closest.event.timeEstimated ? 'low' : abs <= 10 && clocksSure ? 'high' : abs <= 60 ? 'medium' : 'low';
    const what = correlatedLabel(closest.event.kind);
    const finding: HardwareCorrelationFinding = {
      kind: 'hardware-correlation',
      confidence,
      method: 'timeline',
      summary: `${sensorLabel(hw)} "${hw.description ?? hw.message}" at ${hw.time} lines up with ${what} at ${closest.event.time} (${formatDelta(closest.delta)})`,
      evidence: [evidenceOf(hw), ...aligned.slice(0, 4).map(({ event }) => evidenceOf(event))],
      hardwareEvent: {
        ...(hw.recordId !== undefined ? { recordId: hw.recordId } : {}),
        time: hw.time,
        description: String(hw.description ?? hw.message ?? ''),
        sensor: sensorLabel(hw),
        source: hw.source,
      },
      correlatedWith: aligned.map(({ event }) => ({
        kind: event.kind,
        ...(event.time ? { time: event.time } : {}),
        ...(event.until ? { until: event.until } : {}),
        ...(event.cpu !== undefined ? { cpu: event.cpu } : {}),
        source: event.source,
      })),
      deltaSeconds: closest.delta,
      clockBasis: `host ${ctx.alignment.clocks.hostUtcOffset.value} (${hostConfidence}), BMC ${ctx.alignment.clocks.bmcUtcOffset.value} (${bmcConfidence})`,
    };
    findings.push(finding);
  }
  return findings;
}

/** How a correlated event reads in a sentence: `the host log going silent`, `the soft-lockup`. */
export function correlatedLabel(kind: string | undefined): string {
  return kind === 'log-gap' ? 'the host log going silent' : `the ${kind ?? 'kernel event'}`;
}

export function formatDelta(seconds: number): string {
  const rounded = Math.round(seconds * 10) / 10;
  if (rounded === 0) return 'same second';
  return `${Math.abs(rounded)} s ${rounded < 0 ? 'before' : 'after'}`;
}

export function findRecurrences(ctx: AnalysisContext): Finding[] {
  const groups = new Map<string, ReportEvent[]>();
  for (const event of ctx.events) {
    if (event.kind !== 'sel' || !event.time || !isSeriousHardwareEvent(event)) continue;
    const key = `${sensorLabel(event)}|${event.description ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), event]);
  }
  const findings: Finding[] = [];
  for (const events of groups.values()) {
    const episodes: ReportEvent[] = [];
    for (const event of events) {
      const last = episodes[episodes.length - 1];
      if (!last || secondsBetween(event.time!, last.time!) >= RECURRENCE_MIN_SECONDS) episodes.push(event);
    }
    if (episodes.length < 2) continue;
    const first = episodes[0]!;
    const finding: RecurrenceFinding = {
      kind: 'hardware-recurrence',
      confidence: 'high',
      method: 'timeline',
      sensor: sensorLabel(first),
      summary: `${sensorLabel(first)} "${first.description}" occurred ${episodes.length} times: ${episodes.map((e) => e.time).join(', ')}`,
      evidence: episodes.map(evidenceOf),
      occurrences: episodes.map((e) => ({ ...(e.recordId !== undefined ? { recordId: e.recordId } : {}), time: e.time!, source: e.source })),
    };
    findings.push(finding);
  }
  return findings;
}
