// Builds the report's events, each on UTC where its clock could be aligned, and orders them.
import type { Alignment } from '../align/index.js';
import { formatLocal, toIso } from '../align/time.js';
import type { KernelEvent, ParsedBundle, SelRecord } from '../model/records.js';
import type { ReportEvent } from '../report/types.js';

function kernelToEvent(event: KernelEvent, alignment: Alignment): ReportEvent {
  const { local, utcMillis, boot, host, details, entry, ...rest } = event;
  void boot;
  void host;
  const utc = alignment.hostLocalToUtc(local, utcMillis) ?? alignment.uptimeToUtc(event.source.input, event.uptime);
  const out: ReportEvent = { ...rest };
  if (utc !== undefined) out.time = toIso(utc);
  if (!out.originalTime) {
    if (local) out.originalTime = { clock: 'host-local', value: formatLocal(local) };
    else if (event.uptime !== undefined) out.originalTime = { clock: 'kernel-uptime', value: event.uptime.toFixed(6) };
  }
  if (entry) out.entry = entry;
  if (details && Object.keys(details).length > 0) out.details = details;
  return out;
}

export function selToEvent(record: SelRecord, alignment: Alignment): ReportEvent {
  const utc = record.preInit ? undefined : alignment.bmcToUtc(record.local, record.zone);
  const event: ReportEvent = {
    kind: 'sel',
    source: record.source,
    sensorType: record.sensorType,
    description: record.description,
    direction: record.direction,
    message: record.text.trim(),
  };
  if (utc !== undefined) event.time = toIso(utc);
  if (record.local) event.originalTime = { clock: 'bmc', value: formatLocal(record.local) + (record.zone ? ` ${record.zone}` : '') };
  if (record.recordId !== undefined) event.recordId = record.recordId;
  if (record.sensorNumber !== undefined) event.sensorNumber = record.sensorNumber;
  if (record.sensorName) event.sensorName = record.sensorName;
  if (record.eventType) event.eventType = record.eventType;
  if (record.severity) event.severity = record.severity;
  if (record.dimm) event.dimm = record.dimm;
  if (record.raw) event.raw = record.raw;
  return event;
}

export function buildTimeline(bundle: ParsedBundle, alignment: Alignment): ReportEvent[] {
  const events: ReportEvent[] = bundle.kernelEvents.map((event) => kernelToEvent(event, alignment));
  for (const record of bundle.sel) events.push(selToEvent(record, alignment));
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
