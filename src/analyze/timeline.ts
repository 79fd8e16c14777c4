// Builds the report's events, each on UTC where its clock could be aligned, and orders them.
import type { Alignment } from '../align/index.js';
import { formatLocal, toIso } from '../align/time.js';
import type { KernelEvent, ParsedBundle, SelRecord } from '../model/records.js';
import { hostsSeen } from './host.js';
import type { EventPlacement, ReportEvent } from '../report/types.js';

function kernelToEvent(event: KernelEvent, alignment: Alignment, multiHost: boolean): ReportEvent {
  const { local, utcMillis, recordUtcMillis, boot, host, details, entry, ...rest } = event;
  const out: ReportEvent = { ...rest };
  // One host's log names its host once (report.host); an aggregate names it on every event.
  if (multiHost && host) out.host = host;
  const wall = alignment.hostLocalToUtc(local, utcMillis);
  // A record the kernel stamped with UTC (MCE TIME) is placed by its own stamp: when the error was logged.
  const placed: [number, EventPlacement] | undefined =
    recordUtcMillis !== undefined
      ? [recordUtcMillis, 'record-time']
      : wall !== undefined
        ? [wall, utcMillis !== undefined ? 'utc-stamp' : 'host-clock']
        : uptimePlaced(alignment, event.source.input, event.uptime, boot);
  if (placed) {
    out.time = toIso(placed[0]);
    out.placedBy = placed[1];
    // Placed through the BMC's boot record, not a line that carries both clocks: say so on the event.
    if (placed[1] === 'bmc-boot-record-estimate') out.timeEstimated = true;
  }
  if (!out.originalTime) {
    if (local) out.originalTime = { clock: 'host-local', value: formatLocal(local) };
    else if (event.uptime !== undefined) out.originalTime = { clock: 'kernel-uptime', value: event.uptime.toFixed(6) };
  }
  if (entry) out.entry = entry;
  if (details && Object.keys(details).length > 0) out.details = details;
  return out;
}

function uptimePlaced(alignment: Alignment, input: string, uptime: number | undefined, boot: number | undefined): [number, EventPlacement] | undefined {
  const utc = alignment.uptimeToUtc(input, uptime, boot);
  return utc === undefined ? undefined : [utc, alignment.uptimePlacement(input, boot)];
}

export function selToEvent(record: SelRecord, alignment: Alignment): ReportEvent {
  // ipmievd/ipmiseld lines carry the host's clock, every other SEL format the BMC's (or a printed zone).
  const hostClock = record.clock === 'host';
  const utc = record.preInit ? undefined : hostClock ? alignment.hostLocalToUtc(record.local) : alignment.bmcToUtc(record.local, record.zone);
  const event: ReportEvent = {
    kind: 'sel',
    source: record.source,
    sensorType: record.sensorType,
    description: record.description,
    direction: record.direction,
    message: record.text.trim(),
  };
  if (utc !== undefined) {
    event.time = toIso(utc);
    event.placedBy = hostClock ? 'host-clock' : record.zone ? 'sel-printed-zone' : 'bmc-clock';
  }
  if (record.preInit) event.originalTime = { clock: 'bmc', value: `Pre-Init${record.preInitSeconds !== undefined ? ` +${record.preInitSeconds} s after BMC start` : ''}` };
  if (record.local) event.originalTime = { clock: hostClock ? 'host-local' : 'bmc', value: formatLocal(record.local) + (record.zone ? ` ${record.zone}` : '') };
  if (record.recordId !== undefined) event.recordId = record.recordId;
  if (record.sensorNumber !== undefined) event.sensorNumber = record.sensorNumber;
  if (record.sensorName) event.sensorName = record.sensorName;
  if (record.eventType) event.eventType = record.eventType;
  if (record.severity) event.severity = record.severity;
  if (record.dimm) event.dimm = record.dimm;
  if (record.raw) event.raw = record.raw;
  event.format = record.format;
  if (record.extra) event.extra = record.extra;
  if (record.vendorDetail) event.vendorDetail = record.vendorDetail;
  if (record.directionAssumed) event.directionAssumed = true;
  if (record.sensorTypeFrom) event.sensorTypeFrom = record.sensorTypeFrom;
  if (record.rawMismatch) event.rawMismatch = record.rawMismatch;
  return event;
}

/** Two records printed by different tools or pasted twice agree within this many seconds. */
const SAME_RECORD_SECONDS = 1;
/** ipmievd logs a record on the host's clock when it polls the SEL: seconds after the BMC's stamp. */
const SAME_RECORD_ACROSS_CLOCKS_SECONDS = 120;

/** The same BMC record seen twice: same moment, same sensor, same event, and no bytes or ids that differ. */
function sameSelRecord(a: ReportEvent, b: ReportEvent): boolean {
  if (a.time && b.time) {
    const window = a.originalTime?.clock === b.originalTime?.clock ? SAME_RECORD_SECONDS : SAME_RECORD_ACROSS_CLOCKS_SECONDS;
    if (Math.abs(Date.parse(a.time) - Date.parse(b.time)) > window * 1000) return false;
  } else if (a.time || b.time || a.originalTime?.value !== b.originalTime?.value || !a.originalTime) return false;
  // Ids restart after a clear, so equal ids prove nothing; different ids in one paste are different records.
  if (a.recordId !== undefined && b.recordId !== undefined && a.recordId !== b.recordId) return false;
  if (a.sensorType !== b.sensorType || a.direction !== b.direction) return false;
  if (a.sensorNumber !== undefined && b.sensorNumber !== undefined && a.sensorNumber !== b.sensorNumber) return false;
  if (a.raw && b.raw && a.raw !== b.raw && !a.raw.endsWith(b.raw) && !b.raw.endsWith(a.raw)) return false;
  return (a.description ?? '').toLowerCase() === (b.description ?? '').toLowerCase();
}

/** Folds `b` into `a`: fields only `b` knows are added, and `b`'s place is listed in `alsoSeenAt`. */
function mergeSel(first: ReportEvent, second: ReportEvent): ReportEvent {
  // The BMC's own record leads; a host-clock sighting (ipmievd) is listed as seen elsewhere.
  const [a, b] = first.originalTime?.clock === 'host-local' && second.originalTime?.clock === 'bmc' ? [second, first] : [first, second];
  const merged: ReportEvent = { ...b, ...a };
  for (const [key, value] of Object.entries(b)) if (merged[key] === undefined) merged[key] = value;
  const seen = [...((a.alsoSeenAt as ReportEvent['source'][] | undefined) ?? []), b.source, ...((b.alsoSeenAt as ReportEvent['source'][] | undefined) ?? [])];
  merged.alsoSeenAt = seen;
  return merged;
}

/**
 * An SDR name printed once (`sel get`'s `Sensor ID : RAS_MEMORY (0xeb)`) names that sensor in every
 * record, so events of one sensor group together. A number that two names claim is left alone.
 */
export function shareSensorNames(events: ReportEvent[]): void {
  const names = new Map<string, Set<string>>();
  const key = (e: ReportEvent) => `${e.sensorType}|${e.sensorNumber}`;
  for (const e of events) if (e.sensorName && e.sensorNumber !== undefined) names.set(key(e), (names.get(key(e)) ?? new Set()).add(e.sensorName));
  for (const e of events) {
    const known = e.sensorNumber !== undefined && !e.sensorName ? names.get(key(e)) : undefined;
    if (known?.size === 1) {
      e.sensorName = [...known][0]!;
      e.sensorNameFrom = 'sdr-of-same-sensor';
    }
  }
}

/** One event per BMC record, however many pastes and tools showed it. */
export function dedupeSelEvents(events: ReportEvent[]): ReportEvent[] {
  const out: ReportEvent[] = [];
  for (const event of events) {
    const index = out.findIndex((kept) => sameSelRecord(kept, event));
    if (index < 0) out.push(event);
    else out[index] = mergeSel(out[index]!, event);
  }
  return out;
}

export function buildTimeline(bundle: ParsedBundle, alignment: Alignment): ReportEvent[] {
  const multiHost = hostsSeen(bundle.hostFacts).size > 1;
  const events: ReportEvent[] = bundle.kernelEvents.map((event) => kernelToEvent(event, alignment, multiHost));
  const sel = bundle.sel.map((record) => selToEvent(record, alignment));
  shareSensorNames(sel);
  events.push(...dedupeSelEvents(sel));
  for (const gap of bundle.hostLogGaps) {
    const start = alignment.hostLocalToUtc(gap.before.local, gap.before.utcMillis);
    const end = alignment.hostLocalToUtc(gap.after.local, gap.after.utcMillis);
    const event: ReportEvent = {
      kind: 'log-gap',
      source: gap.before.source,
      endLine: gap.after.source.line,
      message: `host log silent${gap.afterIsBoot ? ' until the next boot' : ''}`,
      ...(gap.before.host ? { host: gap.before.host } : {}),
    };
    if (start !== undefined) event.time = toIso(start);
    if (end !== undefined) event.until = toIso(end);
    if (gap.before.local) event.originalTime = { clock: 'host-local', value: formatLocal(gap.before.local) };
    if (start !== undefined && end !== undefined) event.silentSeconds = Math.round((end - start) / 1000);
    event.resumedBy = { ...gap.after.source, text: gap.after.text };
    events.push(event);
  }
  for (const boot of bundle.boots) {
    const utc = alignment.hostLocalToUtc(boot.local, boot.utcMillis);
    const event: ReportEvent = { kind: 'boot', source: boot.source, message: boot.text.trim() };
    if (utc !== undefined) event.time = toIso(utc);
    if (boot.local) event.originalTime = { clock: 'host-local', value: formatLocal(boot.local) };
    events.push(event);
  }
  return orderEvents(events);
}

/** Timed events in time order; untimed ones keep their input order after the timed ones of their input. */
export function orderEvents(events: ReportEvent[]): ReportEvent[] {
  const indexed = events.map((event, index) => ({ event, index }));
  indexed.sort((a, b) => {
    const ta = a.event.time;
    const tb = b.event.time;
    if (ta && tb && ta !== tb) return ta < tb ? -1 : 1;
    if (ta && !tb) return -1;
    if (!ta && tb) return 1;
    return a.index - b.index;
  });
  return indexed.map((entry) => entry.event);
}
