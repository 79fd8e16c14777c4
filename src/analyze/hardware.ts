// Hardware events against the kernel and the host log: what lines up, and what keeps coming back.
import type { EvidenceItem, Finding, HardwareCorrelationFinding, RecurrenceFinding, ReportEvent } from '../report/types.js';
import { CONSEQUENCE_RANK, classifyCause, pointsTo, selOffset, UNCLASSIFIED, type CauseRow } from './causes.js';
import type { AnalysisContext } from './context.js';

/** How far apart (seconds) a hardware event and a kernel event or log gap may be to be called aligned. */
export const CORRELATION_WINDOW_SECONDS = 300;
/** Two occurrences of the same sensor event closer than this are one episode, not a recurrence. */
const RECURRENCE_MIN_SECONDS = 3600;

const SERIOUS_DESCRIPTION =
  /non-?recoverable|uncorrectable|critical|fatal|machine check|\bierr\b|\bmce\b|ecc|parity|perr|serr|thermal trip|bus error|correctable memory error logging limit/i;
const HARMLESS_DESCRIPTION = /transition to ok|presence detected|deasserted|s0\/g0|working/i;

const HARDWARE_KINDS = new Set(['sel', 'mce', 'ghes', 'edac', 'memory-failure']);

/**
 * A hardware event that could explain a frozen host: the BMC's record or the kernel's own
 * (MCE, GHES, EDAC, memory_failure, a machine-check panic). What the cause table ranks as a
 * failure (ranks 1–2: an ECC storm too, whose offset FreeIPMI only calls a warning) is
 * serious unless a tool called it OK; other events by their severity or wording.
 */
export function isSeriousHardwareEvent(event: ReportEvent): boolean {
  const row = classifyCause(event);
  if (event.kind === 'panic') return row !== undefined;
  if (!HARDWARE_KINDS.has(event.kind)) return false;
  if (event.direction === 'deasserted') return false;
  if (row && row.rank <= 2 && event.severity !== 'ok') return true;
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

/**
 * Seconds from `partner` to `hw`, on the clock they share: UTC when both were placed, else the
 * kernel's uptime when both come from one log (a console with no wall clock, or an MCE placed
 * by its own TIME field next to a panic that has only uptime). Within one log
 * the uptime must grow with the line number, or a reboot lies between them.
 */
function deltaOf(hw: ReportEvent, partner: ReportEvent): number | undefined {
  if (hw.time && partner.time) return secondsBetween(hw.time, partner.time);
  if (hw.uptime === undefined || partner.uptime === undefined || hw.source.input !== partner.source.input) return undefined;
  const lineOrder = Math.sign(hw.source.line - partner.source.line);
  const uptimeOrder = Math.sign(hw.uptime - partner.uptime);
  if (lineOrder !== 0 && uptimeOrder !== 0 && lineOrder !== uptimeOrder) return undefined;
  return Math.round((hw.uptime - partner.uptime) * 1000) / 1000;
}

/** A supply back within this long did not take the host down with it. */
export const TRANSIENT_SUPPLY_SECONDS = 600;

const sameSensor = (a: ReportEvent, b: ReportEvent) =>
  a.sensorType === b.sensorType && (a.sensorNumber === undefined || b.sensorNumber === undefined || a.sensorNumber === b.sensorNumber) && (a.sensorName ?? '') === (b.sensorName ?? '');

/**
 * A Power Supply (0x08) loss that the BMC deasserted within minutes while another supply was
 * present (a second Power Supply sensor, or a Redundancy-table event) is one supply of a
 * redundant pair dropping out: the other carried the host, so it is no cause of a hang.
 */
function transientOnRedundantSupply(hw: ReportEvent, row: CauseRow | undefined, events: ReportEvent[]): string | undefined {
  if (hw.kind !== 'sel' || row?.part !== 'power' || !hw.time || selOffset(hw).type !== 0x08) return undefined;
  const back = events.find(
    (e) =>
      e.kind === 'sel' &&
      e.direction === 'deasserted' &&
      e.time &&
      sameSensor(e, hw) &&
      (e.description ?? '').toLowerCase() === (hw.description ?? '').toLowerCase() &&
      secondsBetween(e.time, hw.time!) >= 0 &&
      secondsBetween(e.time, hw.time!) <= TRANSIENT_SUPPLY_SECONDS,
  );
  if (!back) return undefined;
  const other = events.find((e) => e.kind === 'sel' && selOffset(e).type === 0x08 && !sameSensor(e, hw));
  const redundancy = events.find((e) => e.kind === 'sel' && selOffset(e).eventType === 0x0b && [0x08, 0x09].includes(selOffset(e).type ?? -1));
  const witness = other ? `${sensorLabel(other)} was present` : redundancy ? `${sensorLabel(redundancy)} reported "${redundancy.description}"` : undefined;
  if (!witness) return undefined;
  return `deasserted ${formatDelta(secondsBetween(back.time!, hw.time)).replace(' after', ' later')} while ${witness}: one supply of a redundant pair, not a cause of a hang`;
}

export function correlateHardware(ctx: AnalysisContext): Finding[] {
  const findings: Finding[] = [];
  const partners = ctx.events.filter((event) => CORRELATABLE.has(event.kind) && (event.time || event.uptime !== undefined));
  const hostConfidence = ctx.alignment.clocks.hostUtcOffset.confidence;
  const bmcConfidence = ctx.alignment.clocks.bmcUtcOffset.confidence;
  for (const hw of ctx.events) {
    if (!isSeriousHardwareEvent(hw) || (!hw.time && hw.uptime === undefined && hw.kind !== 'panic')) continue;
    let aligned = partners
      .filter((event) => event !== hw)
      .map((event) => ({ event, delta: deltaOf(hw, event) }))
      .filter((a): a is { event: ReportEvent; delta: number } => a.delta !== undefined && Math.abs(a.delta) <= CORRELATION_WINDOW_SECONDS)
      .sort((a, b) => Math.abs(a.delta) - Math.abs(b.delta));
    // A machine-check panic is the failure it reports: it lines up with itself.
    if (aligned.length === 0 && hw.kind === 'panic') aligned = [{ event: hw, delta: 0 }];
    if (aligned.length === 0) continue;
    const closest = aligned[0]!;
    const abs = Math.abs(closest.delta);
    const onUptime = !hw.time || !closest.event.time;
    const clocksSure = onUptime || (hostConfidence === 'high' && bmcConfidence !== 'low');
    // An event placed by an estimated boot time is seconds-to-minutes uncertain: never more than low.
    const confidence = closest.event.timeEstimated ? 'low' : abs <= 10 && clocksSure ? 'high' : abs <= 60 ? 'medium' : 'low';
    const what = correlatedLabel(closest.event.kind);
    const row = classifyCause(hw) ?? UNCLASSIFIED;
    const notACause = transientOnRedundantSupply(hw, row, ctx.events);
    const where = hw.time ? `at ${hw.time}` : `at uptime ${hw.uptime}`;
    const points = pointsTo(hw);
    const finding: HardwareCorrelationFinding = {
      kind: 'hardware-correlation',
      confidence,
      method: 'timeline',
      summary: `${sensorLabel(hw)} "${describeHardware(hw)}" ${where} lines up with ${what}${closest.event === hw ? '' : ` at ${closest.event.time ?? `uptime ${closest.event.uptime}`} (${formatDelta(closest.delta)})`}`,
      evidence: [evidenceOf(hw), ...aligned.filter(({ event }) => event !== hw).slice(0, 4).map(({ event }) => evidenceOf(event))],
      hardwareEvent: {
        ...(hw.recordId !== undefined ? { recordId: hw.recordId } : {}),
        ...(hw.time ? { time: hw.time } : {}),
        ...(hw.uptime !== undefined ? { uptime: hw.uptime } : {}),
        description: describeHardware(hw),
        sensor: sensorLabel(hw),
        eventKind: hw.kind,
        ...(Object.keys(points).length > 0 ? { pointsTo: points } : {}),
        source: hw.source,
      },
      cause: { class: row.name, rank: row.rank, ...(row.part ? { part: row.part } : {}), consequence: row.rank === CONSEQUENCE_RANK, says: row.says },
      ...(notACause ? { notACause } : {}),
      correlatedWith: aligned.map(({ event }) => ({
        kind: event.kind,
        ...(event.time ? { time: event.time } : {}),
        ...(event.until ? { until: event.until } : {}),
        ...(event.cpu !== undefined ? { cpu: event.cpu } : {}),
        source: event.source,
      })),
      deltaSeconds: closest.delta,
      clockBasis: onUptime
        ? `kernel uptime of ${hw.source.input}`
        : `host ${ctx.alignment.clocks.hostUtcOffset.value} (${hostConfidence}), BMC ${ctx.alignment.clocks.bmcUtcOffset.value} (${bmcConfidence})`,
    };
    findings.push(finding);
  }
  return findings;
}

/** The event's own words: the SEL description, or the kernel line (a panic's message). */
function describeHardware(hw: ReportEvent): string {
  return String(hw.description ?? hw.message ?? hw.kind);
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
