// The incident summary: a report reduced to keys that stay equal when the same thing happens
// again, so incidents can be compared across reports (issue #15, fleet memory). How each key is
// formed is part of the contract: docs/report-schema.md, "summary".
import type { EventKind, HardwareCorrelationFinding, IncidentSummary, Report, ReportEvent, SummaryPart } from './types.js';
import { SUMMARY_VERSION } from './types.js';

/** Reports that name what got stuck or crashed, strongest first: the signature is taken from the first kind present. */
const REPORT_KINDS: EventKind[] = ['soft-lockup', 'hard-lockup', 'csd-lock-timeout', 'rcu-stall', 'hung-task', 'workqueue-lockup', 'oops', 'panic', 'warning'];
const INCIDENT_KINDS = new Set<string>(REPORT_KINDS);
/** A register dump whose header was lost (a console cut mid-report) still says where a CPU spun: last resort. */
const SIGNATURE_KINDS: EventKind[] = [...REPORT_KINDS, 'register-dump'];

/** What the engine built before the summary. */
type Built = Omit<Report, 'summary'>;

/**
 * A symbol without what changes between builds and boots: `+0x34c/0x3a0` (offset/length), a
 * `[module]` tag, and the compiler's clone suffixes (`.isra.0`, `.constprop.3`, `.part.1`,
 * `.cold`: gcc names clones after the optimisation that made them, and their numbers vary).
 */
export function bareFunction(symbol: string | undefined): string | undefined {
  if (!symbol) return undefined;
  const name = symbol.trim().split(/[+\s]/)[0]!.replace(/(?:\.(?:isra|constprop|part|cold|llvm)(?:\.\d+)?)+$/, '');
  return /^[A-Za-z_$][\w.$]*$/.test(name) ? name : undefined;
}

/** Short host name, lower case: a syslog host (`node-2`) and a FQDN of the same box (`node-2.dc1.example`) match. */
export function hostKey(hostname: string | undefined): string {
  if (!hostname) return '?';
  const host = hostname.trim().toLowerCase();
  return /^[\d.]+$/.test(host) || host.includes(':') ? host : host.split('.')[0]!;
}

/** A DIMM label in one spelling: `CPU2 DIMM F0`, `cpu2-dimm-f0` and `CPU2_DIMM_F0` are one slot. */
export function dimmKey(label: string): string {
  return label.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_|_$/g, '');
}

function signatureOf(events: ReportEvent[]): string | null {
  for (const kind of SIGNATURE_KINDS) {
    // A machine-check/GHES panic is the hardware speaking: its part is in `parts`, not a code signature.
    const ofKind = events.filter((event) => event.kind === kind && !(event['details'] as { hardwarePanic?: string } | undefined)?.hardwarePanic);
    const event = ofKind.find((e) => e.pc && e.guiltyFrame) ?? ofKind.find((e) => e.guiltyFrame || e.pc) ?? ofKind[0];
    if (!event) continue;
    // The waiting function is where the CPU was caught (pc), else the innermost reliable frame.
    const waiting = bareFunction(event.pc) ?? bareFunction(event.frames?.find((frame) => frame.reliable)?.func);
    return [kind, bareFunction(event.guiltyFrame) ?? '?', waiting ?? '?'].join('|');
  }
  return null;
}

const correlations = (report: Built) => report.findings.filter((f): f is HardwareCorrelationFinding => f.kind === 'hardware-correlation');

function partsOf(report: Built, events: ReportEvent[], host: string): SummaryPart[] {
  const parts = new Map<string, SummaryPart>();
  const add = (type: SummaryPart['type'], fields: (string | number)[], label: string) => {
    const key = [host, type, ...fields].join('|');
    if (!parts.has(key)) parts.set(key, { type, key, label });
  };
  // SEL records count when the hardware correlation offers them as a cause (not a roll-up, not ruled out).
  const causes = correlations(report).filter((f) => !f.notACause && f.cause?.consequence !== true);
  const named = new Set(causes.map((f) => `${f.hardwareEvent.source.input}:${f.hardwareEvent.source.line}`));
  for (const event of events) {
    if (event.kind === 'sel' && named.has(`${event.source.input}:${event.source.line}`)) {
      if (event.dimm) add('dimm', [dimmKey(event.dimm.label)], event.dimm.label);
      if (event.sensorType && event.sensorNumber !== undefined) {
        add('sensor', [event.sensorType.toLowerCase(), event.sensorNumber], `${event.sensorName ?? event.sensorType} #0x${event.sensorNumber.toString(16)}`);
      }
    }
    // A kernel hardware-error record names its part whatever its severity: a DIMM that keeps correcting errors is a pattern too.
    const hw = event.hardwareError;
    if (!hw) continue;
    if (hw.dimm) add('dimm', [dimmKey(hw.dimm)], hw.dimm);
    // Only an MCE's bank is an MCA bank; a GHES/EDAC `bank` is a DRAM bank inside the DIMM.
    if (hw.source === 'mce' && hw.bank !== undefined) add('mce-bank', [hw.socket ?? '?', hw.bank], `socket ${hw.socket ?? '?'} bank ${hw.bank}`);
  }
  return [...parts.values()];
}

function incidentTime(events: ReportEvent[], report: Built): string | null {
  const times = events.filter((event) => INCIDENT_KINDS.has(event.kind) && event.time).map((event) => event.time!);
  if (times.length > 0) return times.sort()[0]!;
  const hardware = correlations(report).flatMap((f) => (!f.notACause && f.hardwareEvent.time ? [f.hardwareEvent.time] : []));
  if (hardware.length > 0) return hardware.sort()[0]!;
  // Nothing got stuck and nothing lines up: a kernel hardware-error record alone is the incident.
  const records = events.filter((event) => event.hardwareError && event.time).map((event) => event.time!);
  return records.sort()[0] ?? null;
}

/** The summary of a report the engine built (everything but `summary` itself). */
export function summarise(report: Built): IncidentSummary {
  const { host, verdict } = report;
  // In an aggregate of several hosts the verdict is about the first incident host: so is the summary.
  const events = report.events.filter((event) => event.host === undefined || host.hostname === undefined || event.host === host.hostname);
  return {
    summaryVersion: SUMMARY_VERSION,
    hostname: host.hostname ?? null,
    kernelRelease: host.kernelRelease ?? null,
    arch: host.arch ?? null,
    incidentUtc: incidentTime(events, report),
    rootCause: verdict.rootCause,
    confidence: verdict.confidence,
    stuckCpu: verdict.stuckCpus[0] ?? null,
    waitedOnCpu: verdict.targetCpu,
    signature: signatureOf(events),
    parts: partsOf(report, events, hostKey(host.hostname)),
  };
}
