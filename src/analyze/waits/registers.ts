// Register values from an event's dump (lower-case names, hex digits as printed).
import type { EvidenceItem, ReportEvent } from '../../report/types.js';

/** Largest CPU count Linux supports (CONFIG_NR_CPUS max); a CPU number at or above it is not one. */
export const MAX_CPUS = 8192;

export function registerValue(event: ReportEvent, reg: string): bigint | undefined {
  const raw = event.registers?.[reg] ?? event.registers?.[reg.toUpperCase()];
  if (raw === undefined || !/^(?:0x)?[0-9a-f]{1,16}$/i.test(raw.trim())) return undefined;
  return BigInt(`0x${raw.trim().replace(/^0x/i, '')}`);
}

/** The low 32 bits as a signed number: the view a `w`/`%e..` register of an int gives. */
export function low32Signed(value: bigint): number {
  return Number(BigInt.asIntN(32, value));
}

export function low32(value: bigint): number {
  return Number(value & 0xffffffffn);
}

export function hex(value: bigint | number): string {
  return `0x${value.toString(16)}`;
}

/** Evidence item for a register as the dump printed it. */
export function registerEvidence(event: ReportEvent, reg: string, note: string): EvidenceItem {
  const raw = event.registers?.[reg] ?? '?';
  const line = registerLine(event, reg);
  const details = event['details'] as Record<string, unknown> | undefined;
  // A merged report may have its register dump in another input than its header.
  const input = line !== undefined && typeof details?.['registerInput'] === 'string' ? details['registerInput'] : event.source.input;
  return { input, line: line ?? event.source.line, text: `${reg}: ${raw}`, note };
}

/** Line of the register when the parser recorded per-register lines (`details.registerLines`). */
function registerLine(event: ReportEvent, reg: string): number | undefined {
  const details = event['details'] as Record<string, unknown> | undefined;
  const lines = details?.['registerLines'];
  if (lines && typeof lines === 'object') {
    const v = (lines as Record<string, unknown>)[reg];
    if (typeof v === 'number') return v;
  }
  return undefined;
}
