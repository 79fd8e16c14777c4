// Vendor message catalogs: what a BMC's own message id or wording stands for when the line
// names no IPMI sensor type. Dell Lifecycle Controller ids (`MEM0702`), Lenovo XCC ids
// (`FQXSPMA0011J`), and the plain-English texts HPE IML, Dell and Lenovo web pages print. Each
// row gives the IPMI sensor type (and, where the wording says it, the offset) so the record is
// ranked like the IPMI event it reports; `sensorTypeFrom` on the record says it was read here.
import type { Severity } from './tables/index.js';

export interface MessageIdRow {
  /** Message ids of one family: `MEM0702`, `FQXSPMA0011J`. */
  pattern: RegExp;
  sensorTypeCode?: number;
  /** The catalog's level for the id, when the catalog fixes one. */
  severity?: Severity;
  example: string;
  origin: string;
}

/**
 * Dell's Event and Error Message Reference groups its ids by a three-letter subsystem prefix
 * (ipmi-sel.md §6.3); Lenovo XCC ids are `FQXSP` + a two-letter subsystem + four digits + a
 * severity letter. Specific ids come before their family so the catalog's level wins.
 */
export const MESSAGE_IDS: MessageIdRow[] = [
  { pattern: /^MEM0701$/, sensorTypeCode: 0x0c, severity: 'warning', example: 'MEM0701 Warning Correctable memory error rate exceeded for DIMM_xx.', origin: 'Dell KB 000141221 (dell.com/support/kbdoc/000141221): MEM0701 Warning' },
  { pattern: /^MEM0702$/, sensorTypeCode: 0x0c, severity: 'critical', example: 'MEM0702 Critical Correctable memory error rate exceeded for DIMM_xx.', origin: 'Dell KB 000141221: MEM0702 Critical' },
  { pattern: /^MEM\d{4}$/, sensorTypeCode: 0x0c, example: 'MEM0001 Multi-bit memory errors detected on a memory device at location(s) DIMM_A1.', origin: 'Dell EEMI MEM subsystem (memory), ipmi-sel.md §6.3' },
  { pattern: /^CPU\d{4}$/, sensorTypeCode: 0x07, example: 'CPU0000 Internal error has occurred check for additional logs.', origin: 'Dell EEMI CPU subsystem (processor IERR / machine check), ipmi-sel.md §6.3' },
  { pattern: /^PSU\d{4}$/, sensorTypeCode: 0x08, example: 'PSU0003 Power supply 2 has lost input power.', origin: 'Dell EEMI PSU subsystem (power supply)' },
  { pattern: /^PWR\d{4}$/, sensorTypeCode: 0x09, example: 'PWR1004 The system performance was degraded because power capacity has changed.', origin: 'Dell EEMI PWR subsystem (power unit)' },
  { pattern: /^PCI\d{4}$/, sensorTypeCode: 0x13, example: 'PCI1320 A bus fatal error was detected on a component at bus 0 device 2 function 0.', origin: 'Dell EEMI PCI subsystem (bus / PCIe errors), ipmi-sel.md §6.3' },
  { pattern: /^TMP\d{4}$/, sensorTypeCode: 0x01, example: 'TMP0120 The system inlet temperature is greater than the upper critical threshold.', origin: 'Dell EEMI TMP subsystem (temperature)' },
  { pattern: /^FAN\d{4}$/, sensorTypeCode: 0x04, example: 'FAN0001 Fan 1 RPM is less than the lower warning threshold.', origin: 'Dell EEMI FAN subsystem' },
  { pattern: /^VLT\d{4}$/, sensorTypeCode: 0x02, example: 'VLT0204 The system board 1.05V PCH voltage is outside of the range.', origin: 'Dell EEMI VLT subsystem (voltage)' },
  { pattern: /^ASR\d{4}$/, sensorTypeCode: 0x23, example: 'ASR0000 The watchdog timer expired.', origin: 'Dell EEMI ASR subsystem (automatic system recovery: the BMC watchdog)' },
  // SYS ids are the chassis' own power/reset actions (SYS1001 "System is turning off", SYS1003 "System CPU Resetting"): the wording decides.
  { pattern: /^SYS\d{4}$/, example: 'SYS1003 System CPU Resetting.', origin: 'Dell KB 000141221 LC log example: SYS1003, SYS1001' },
  { pattern: /^FQXSPMA\d{4}[A-Z]$/, sensorTypeCode: 0x0c, example: 'FQXSPMA0011J', origin: 'Lenovo XCC memory event ids (ipmi-sel.md §6.3)' },
  { pattern: /^FQXSPPU\d{4}[A-Z]$/, sensorTypeCode: 0x07, example: 'FQXSPPU0007N', origin: 'Lenovo XCC processor event ids (ipmi-sel.md §6.3)' },
  { pattern: /^FQXSPPW\d{4}[A-Z]$/, sensorTypeCode: 0x08, example: 'FQXSPPW0002L', origin: 'Lenovo XCC power event ids' },
  { pattern: /^FQXSP[A-Z]{2}\d{4}[A-Z]$/, example: 'FQXSPCA0002M', origin: 'Lenovo XCC event id of another subsystem: the wording decides' },
];

/** A message id as the catalogs print them, to find one in a row. */
export const MESSAGE_ID_TOKEN = /\b(?:[A-Z]{3}\d{4}|FQXSP[A-Z]{2}\d{4}[A-Z])\b/;

export function messageIdRow(id: string): MessageIdRow | undefined {
  return MESSAGE_IDS.find((row) => row.pattern.test(id));
}

export interface WordingRow {
  pattern: RegExp;
  /** Absent when the wording names a level, not a part (Lenovo's `has transitioned to critical`). */
  sensorTypeCode?: number;
  /** Event/reading type and offset of the IPMI event the wording reports, when it names one. */
  event?: { eventType: number; offset: number };
  severity?: Severity;
  example: string;
}

/**
 * Vendor wordings of IPMI events (HPE IML, Dell, Lenovo, Supermicro). Most specific first.
 * Offsets from IPMI 2.0 table 42-3: memory 0x0C (0 correctable ECC, 1 uncorrectable ECC, 5 logging
 * limit), processor 0x07 (0 IERR, 1 thermal trip, 0x0B uncorrectable MCE), power supply 0x08
 * (1 failure, 3 input lost), critical interrupt 0x13 (8 bus uncorrectable, 0x0A bus fatal), system
 * boot/restart 0x1D, power unit 0x09 (0 power off).
 */
export const WORDINGS: WordingRow[] = [
  { pattern: /\b(?:uncorrectable|multi-?bit|non-?correctable)\s+(?:memory|ECC|DRAM)\b(?:\s+error)?|\bmemory\b.*\buncorrectable error\b|\buncorrectable error\b.*\b(?:DIMM|memory)\b/i, sensorTypeCode: 0x0c, event: { eventType: 0x6f, offset: 1 }, severity: 'critical', example: 'Uncorrectable Memory Error (Processor 1, DIMM 3)' },
  { pattern: /\bcorrectable (?:memory|ECC) error (?:rate|threshold|logging limit)|\bcorrectable (?:memory )?error (?:rate|threshold) exceeded/i, sensorTypeCode: 0x0c, event: { eventType: 0x6f, offset: 5 }, example: 'Correctable memory error rate exceeded for DIMM_B2.' },
  { pattern: /\bcorrectable (?:memory|ECC) error\b/i, sensorTypeCode: 0x0c, event: { eventType: 0x6f, offset: 0 }, example: 'Correctable Memory Error (Processor 2, DIMM 5)' },
  { pattern: /\b(?:machine check|MCE)\b.*\b(?:uncorrect|fatal)|\b(?:uncorrectable|fatal) machine check/i, sensorTypeCode: 0x07, event: { eventType: 0x6f, offset: 0x0b }, severity: 'critical', example: 'Uncorrectable Machine Check Exception (Board 1, Processor 1)' },
  { pattern: /\b(?:processor|CPU)\b.*\b(?:internal error|IERR|CATERR)\b|\binternal error has occurred\b/i, sensorTypeCode: 0x07, event: { eventType: 0x6f, offset: 0 }, severity: 'critical', example: 'CPU 1 has an internal error (IERR).' },
  { pattern: /\bthermal trip\b/i, sensorTypeCode: 0x07, event: { eventType: 0x6f, offset: 1 }, severity: 'critical', example: 'CPU 2 has a thermal trip (over-temperature) event.' },
  { pattern: /\b(?:bus|PCIe?)\b.*\bfatal error\b/i, sensorTypeCode: 0x13, event: { eventType: 0x6f, offset: 0x0a }, severity: 'critical', example: 'A bus fatal error was detected on a component at bus 0 device 2 function 0.' },
  { pattern: /\b(?:PCIe?|bus)\b.*\buncorrectable error\b/i, sensorTypeCode: 0x13, event: { eventType: 0x6f, offset: 8 }, severity: 'critical', example: 'PCI Express Uncorrectable Error (Embedded Device, Bus 0, Device 2, Function 0)' },
  { pattern: /\bpower supply\b.*\b(?:lost (?:input|AC)|input (?:power )?lost|AC lost)\b/i, sensorTypeCode: 0x08, event: { eventType: 0x6f, offset: 3 }, example: 'Power supply 2 has lost input power.' },
  { pattern: /\bpower supply\b.*\bfail/i, sensorTypeCode: 0x08, event: { eventType: 0x6f, offset: 1 }, severity: 'critical', example: 'Power Supply Failure (Power Supply 1)' },
  { pattern: /\b(?:system|CPU)\b.*\bresetting\b|\bsystem (?:restart|reset)\b/i, sensorTypeCode: 0x1d, event: { eventType: 0x6f, offset: 7 }, example: 'System CPU Resetting.' },
  { pattern: /\bsystem is turning off\b|\bserver (?:was )?powered off\b/i, sensorTypeCode: 0x09, event: { eventType: 0x6f, offset: 0 }, example: 'System is turning off.' },
  { pattern: /\bhas transitioned to critical from a less severe state\b/i, event: { eventType: 0x07, offset: 2 }, severity: 'critical', example: 'Sensor CPU 1 Status has transitioned to critical from a less severe state.' },
  { pattern: /\bhas transitioned to non-recoverable\b/i, event: { eventType: 0x07, offset: 6 }, severity: 'non-recoverable', example: 'Sensor Mem Status has transitioned to non-recoverable from a less severe state.' },
];

export function wordingRow(text: string): WordingRow | undefined {
  return WORDINGS.find((row) => row.pattern.test(text));
}

/**
 * The sensor type a vendor message stands for: its id's family first, then its wording.
 * Kept for layouts that print a message id or free text in place of a sensor type.
 */
export function typeFromText(...texts: (string | undefined)[]): number | undefined {
  for (const t of texts) {
    if (!t) continue;
    const id = messageIdRow(t.trim());
    if (id?.sensorTypeCode !== undefined) return id.sensorTypeCode;
    const wording = wordingRow(t);
    if (wording?.sensorTypeCode !== undefined) return wording.sensorTypeCode;
    const word = TYPE_WORDS.find(([pattern]) => pattern.test(t));
    if (word) return word[1];
  }
  return undefined;
}

/** Words that name a sensor type in free text, for messages no wording row knows. */
const TYPE_WORDS: [RegExp, number][] = [
  [/memory|DIMM/i, 0x0c],
  [/processor|machine check|\bIERR\b/i, 0x07],
  [/power supply/i, 0x08],
  [/\bPCIe?\b|bus (?:fatal|uncorrectable|correctable)/i, 0x13],
  [/temperature/i, 0x01],
  [/\bfan\b/i, 0x04],
  [/voltage/i, 0x02],
  [/watchdog/i, 0x23],
];

/** What a vendor message (id and text) says, as draft fields: type, the offset its wording names, and the level. */
export interface VendorMessage {
  sensorTypeCode?: number;
  sensorTypeFrom?: 'message-id' | 'description';
  eventTypeCode?: number;
  offset?: number;
  severity?: Severity;
}

export function readVendorMessage(messageId: string | undefined, message: string): VendorMessage {
  const idRow = messageId ? messageIdRow(messageId) : undefined;
  const wording = wordingRow(message);
  const fromId = idRow?.sensorTypeCode;
  const code = fromId ?? typeFromText(message);
  // The wording's offset only counts when it speaks of the same part as the id (MEM… with a memory wording).
  const event = wording && (wording.sensorTypeCode === undefined || code === undefined || wording.sensorTypeCode === code) ? wording.event : undefined;
  const severity = idRow?.severity ?? wording?.severity;
  return {
    ...(code !== undefined ? { sensorTypeCode: code, sensorTypeFrom: fromId !== undefined ? 'message-id' : 'description' } : {}),
    ...(event ? { eventTypeCode: event.eventType, offset: event.offset } : {}),
    ...(severity ? { severity } : {}),
  };
}
