// One summary per kernel hardware-error record, whatever printed it, so the verdict and the
// timeline read `uncorrected`, `fatal`, the DIMM, bank and address without knowing the formats:
// - x86 MCE (arch/x86/kernel/cpu/mce/core.c, __print_mce): MCi_STATUS bits decoded in mce-status.ts;
// - APEI GHES / CPER (drivers/acpi/apei/ghes.c, drivers/firmware/efi/cper.c): `event severity:`
//   corrected | recoverable | fatal | info (cper_severity_str), memory section location fields;
// - EDAC (drivers/edac/edac_mc.c, edac_mc_handle_error): the CE/UE/Fatal/Deferred type and the DIMM label.
import type { KernelEvent } from '../../model/records.js';
import type { HardwareErrorFields } from '../../report/types.js';
import { decodeMciStatus } from './mce-status.js';

type Severity = HardwareErrorFields['severity'];

/** The SEL-style event severity the timeline and verdict already rank by. */
const EVENT_SEVERITY: Record<Severity, NonNullable<KernelEvent['severity']>> = {
  corrected: 'warning',
  deferred: 'warning',
  uncorrected: 'critical',
  fatal: 'non-recoverable',
};

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const int = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

function mceSummary(event: KernelEvent): HardwareErrorFields | undefined {
  const d = event.details ?? {};
  const statusHex = str(d.status);
  if (!statusHex) return undefined;
  const status = decodeMciStatus(statusHex, str(d.vendor));
  if (!status) return undefined;
  const flags = str(d.statusFlags) ?? '';
  // The AMD decoder prints its own bit names: `UE`/`CE`, `PCC`, `Deferred`.
  const uncorrected = status.uncorrected || /(?:^|\|)UE(?:\||$)/.test(flags);
  const deferred = /Deferred/.test(flags) || /^Deferred/.test(str(d.errorClassText) ?? '');
  const fatal = status.processorContextCorrupt || /System Fatal/.test(str(d.errorClassText) ?? '');
  const details: Record<string, string | number | boolean> = {
    statusBits: status.bits.join('|'),
    uncorrected,
    processorContextCorrupt: status.processorContextCorrupt,
    addressValid: status.addressValid,
    errorCode: status.errorCode,
    ...(status.errorCodeText ? { errorCodeText: status.errorCodeText } : {}),
  };
  event.details = { ...d, ...details };
  const severity: Severity = fatal ? 'fatal' : uncorrected ? 'uncorrected' : deferred ? 'deferred' : 'corrected';
  // ADDR is the failing physical address only when ADDRV says so (and the AMD decoder prints `Error Addr` only then).
  const address = status.addressValid || d.vendor === 'AMD' ? str(d.address) : undefined;
  return {
    source: event.kind === 'edac' ? 'edac' : 'mce',
    uncorrected,
    fatal,
    severity,
    ...(event.cpu !== undefined ? { cpu: event.cpu } : {}),
    ...(int(d.socket) !== undefined ? { socket: int(d.socket) } : {}),
    ...(int(d.bank) !== undefined ? { bank: int(d.bank) } : {}),
    ...(address ? { address } : {}),
    ...(status.errorCodeText || d.machineCheck ? { description: [status.errorCodeText, str(d.machineCheck)].filter(Boolean).join('; ') } : {}),
  };
}

const GHES_SEVERITY: Record<string, Severity> = { corrected: 'corrected', info: 'corrected', recoverable: 'uncorrected', fatal: 'fatal' };

function ghesSummary(event: KernelEvent): HardwareErrorFields | undefined {
  const d = event.details ?? {};
  const printed = str(d.severity)?.toLowerCase() ?? (d.correctedByHardware ? 'corrected' : undefined);
  const severity = printed !== undefined ? GHES_SEVERITY[printed] : undefined;
  if (!severity) return undefined;
  const dimm = event.dimm?.label;
  return {
    source: 'ghes',
    uncorrected: severity !== 'corrected',
    fatal: severity === 'fatal',
    severity,
    ...(int(d.socket) !== undefined ? { socket: int(d.socket) } : {}),
    ...(int(d.bank) !== undefined ? { bank: int(d.bank) } : {}),
    ...(str(d.address) ? { address: str(d.address)!.replace(/^0+(?=.)/, '') } : {}),
    ...(dimm ? { dimm } : {}),
    ...(str(d.location) ? { location: str(d.location) } : {}),
    ...(str(d.errorTypeName) || str(d.section) ? { description: [str(d.section), str(d.errorTypeName)].filter(Boolean).join(': ') } : {}),
  };
}

const EDAC_SEVERITY: Record<string, Severity> = { CE: 'corrected', Info: 'corrected', Deferred: 'deferred', UE: 'uncorrected', Fatal: 'fatal' };

function edacSummary(event: KernelEvent): HardwareErrorFields | undefined {
  const d = event.details ?? {};
  const errorClass = str(d.errorClass);
  // sb_edac's `HANDLING MCE MEMORY ERROR` block carries the MCE record, not an EDAC type.
  if (!errorClass) return mceSummary(event);
  const severity = EDAC_SEVERITY[errorClass];
  if (!severity) return undefined;
  return {
    source: 'edac',
    uncorrected: severity === 'uncorrected' || severity === 'fatal',
    fatal: severity === 'fatal',
    severity,
    ...(int(d.socket) !== undefined ? { socket: int(d.socket) } : {}),
    ...(int(d.bank) !== undefined ? { bank: int(d.bank) } : {}),
    ...(event.dimm ? { dimm: event.dimm.label } : {}),
    ...(str(d.location) ? { location: str(d.location) } : {}),
    ...(str(d.errorText) ? { description: str(d.errorText) } : {}),
    ...(int(d.count) !== undefined ? { count: int(d.count) } : {}),
  };
}

/** Fills `hardwareError` and the event's severity for MCE, GHES and EDAC events. */
export function summariseHardwareError(event: KernelEvent): void {
  const summary = event.kind === 'mce' ? mceSummary(event) : event.kind === 'ghes' ? ghesSummary(event) : event.kind === 'edac' ? edacSummary(event) : undefined;
  if (!summary) return;
  if (event.recordUtcMillis !== undefined) summary.recordedAt = new Date(event.recordUtcMillis).toISOString().replace('.000Z', 'Z');
  event.hardwareError = summary;
  event.severity = EVENT_SEVERITY[summary.severity];
}

/** A panic the machine-check or GHES code raised (mce_panic(), __ghes_panic()) makes its record fatal. */
export function markFatal(record: KernelEvent): void {
  if (!record.hardwareError) return;
  record.hardwareError = { ...record.hardwareError, fatal: true, severity: 'fatal' };
  record.severity = 'non-recoverable';
}
