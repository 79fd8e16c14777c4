// Raw SEL data: `ipmitool sel save` replay lines, hex dumps of 16-byte records (plain, xxd,
// hexdump -C, FreeIPMI --hex-dump) and `sel writeraw` binary files. The bytes are
// authoritative, so these records are decoded, not read.
import type { LogLine } from '../../../model/records.js';
import { decodeRecord, hexBytes, SEL_RECORD_BYTES, toHex, type DecodedRecord } from '../decode.js';
import { lineFormat, type SelFormat } from '../format.js';
import type { SelDraft } from '../normalise.js';
import { sensorTypeName } from '../tables/index.js';
import { escapeRegExp } from '../../regexp.js';

/**
 * Whether 16 bytes look like a SEL record rather than any other 16 bytes: a record id that is
 * not a marker, a known record type, an IPMI 1.0/1.5+ EvM revision and an event type that exists.
 */
export function plausibleRecord(bytes: Uint8Array): boolean {
  if (bytes.length !== SEL_RECORD_BYTES) return false;
  const id = bytes[0]! | (bytes[1]! << 8);
  if (id === 0 || id === 0xffff) return false;
  const type = bytes[2]!;
  if (type >= 0xc0) return true;
  if (type !== 0x02) return false;
  const evm = bytes[9]!;
  const sensorType = bytes[10]!;
  const eventType = bytes[12]! & 0x7f;
  const knownEventType = eventType <= 0x0c || eventType === 0x6f || (eventType >= 0x70 && eventType <= 0x7f);
  return (evm === 0x03 || evm === 0x04) && (sensorType <= 0x2c || sensorType >= 0xc0) && knownEventType;
}

function localOf(seconds: number): SelDraft['when'] {
  const d = new Date(seconds * 1000);
  return {
    local: { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() },
  };
}

/** A decoded record as a draft: the description is left for the tables to fill from the bytes. */
export function draftOfRecord(record: DecodedRecord): SelDraft {
  const when = record.timestamp !== undefined && !record.preInit && record.timestamp !== 0xffffffff ? localOf(record.timestamp) : undefined;
  const base = { recordId: record.recordId, ...(when ? { when } : {}), ...(record.preInit ? { preInit: true, preInitSeconds: record.timestamp } : {}), raw: record.raw };
  const event = record.event;
  if (!event) {
    // OEM record: manufacturer and bytes kept, meaning left to the vendor.
    return { ...base, sensorTypeText: `OEM record ${record.recordType.toString(16)}`, description: '', extra: record.manufacturerId !== undefined ? `manufacturer ${record.manufacturerId}` : undefined };
  }
  return {
    ...base,
    sensorTypeCode: event.sensorTypeCode,
    sensorNumber: event.sensorNumber,
    eventTypeCode: event.eventTypeCode,
    direction: event.direction,
    description: '',
    eventData: toHex(event.data),
    ...(record.generatorId !== undefined ? { generatorId: record.generatorId } : {}),
    ...(event.dimm ? { dimm: event.dimm } : {}),
  };
}

/** Up to 16 bytes of hex groups at the start of a dump line (after an offset column, before an ASCII column). */
function dumpBytes(line: LogLine): Uint8Array | undefined {
  const body = line.text.replace(/^\s*(?:0x)?[0-9a-f]{4,8}[:]?\s{1,2}(?=[0-9a-f]{2}[\s\da-f])/i, '');
  const bytes: number[] = [];
  for (const token of body.trim().split(/\s+/)) {
    if (bytes.length >= SEL_RECORD_BYTES) break;
    if (!/^(?:[0-9a-f]{2})+$/i.test(token) || token.length > 32) break;
    for (let i = 0; i < token.length; i += 2) bytes.push(Number.parseInt(token.slice(i, i + 2), 16));
  }
  if (bytes.length !== SEL_RECORD_BYTES) return undefined;
  const record = Uint8Array.from(bytes);
  return plausibleRecord(record) ? record : undefined;
}

export const RAW_FORMATS: SelFormat[] = [
  lineFormat({
    name: 'ipmitool-sel-save',
    kind: 'sel-raw',
    example: '0x04 0x0c 0xeb 0x07 0x06 0x30 0x00 # Memory #0xeb Transition to Non-recoverable',
    origin: 'layout of `ipmitool sel save` lines (ipmi-sel.md §2.6: EvM rev, sensor type, number, dir|type, data1-3, then a comment); built from the reference record — no id, no time',
    pattern: /^\s*((?:0x[0-9a-f]{2}\s+){6}0x[0-9a-f]{2})\s*(?:#\s*(.*))?$/i,
    read: (m) => {
      const bytes = hexBytes(m[1]!)!;
      if (bytes[0] !== 0x03 && bytes[0] !== 0x04) return undefined;
      const comment = m[2]?.trim();
      const sensorTypeCode = bytes[1]!;
      const typeName = sensorTypeName(sensorTypeCode);
      // The comment repeats ipmitool's text: `<type> #0x<nn> <description>`; it is cross-checked against the bytes.
      const described = comment ? comment.replace(new RegExp(`^${escapeRegExp(typeName)}\\s*(?:#0x[0-9a-f]+)?\\s*`, 'i'), '') : '';
      return {
        sensorTypeCode,
        sensorNumber: bytes[2]!,
        eventTypeCode: bytes[3]! & 0x7f,
        direction: bytes[3]! & 0x80 ? 'deasserted' : 'asserted',
        description: described,
        eventData: toHex(bytes.subarray(4)),
      };
    },
  }),
  lineFormat({
    name: 'freeipmi-hex-dump',
    kind: 'sel-raw',
    example: 'RID:[46][01] RT:[02] TS:[ac][15][04][66] GID:[20][00] ER:[04] ST:[0c] SN:[eb] EDIR:[07] ED1: [06] ED2: [30] ED3: [00]',
    origin: 'layout of FreeIPMI `ipmi-sel --hex-dump` (ipmi-sel.md §3.2, bytes in wire order); built from the reference record',
    pattern: /^\s*RID:\s*\[([0-9a-f]{2})\]\s*\[([0-9a-f]{2})\]\s+RT:.*ED3:\s*\[[0-9a-f]{2}\]/i,
    read: (m) => {
      const bytes = Uint8Array.from([...m[0].matchAll(/\[([0-9a-f]{2})\]/gi)].map((x) => Number.parseInt(x[1]!, 16)));
      return bytes.length === SEL_RECORD_BYTES ? draftOfRecord(decodeRecord(bytes)) : undefined;
    },
  }),
  lineFormat({
    name: 'sel-record-hex',
    kind: 'sel-raw',
    example: '46 01 02 ac 15 04 66 20 00 04 0c eb 07 06 30 00',
    origin: 'a 16-byte record per line as `hexdump -C`, `xxd` or `od` print a `sel writeraw` file (ipmi-sel.md §2.6/§4.1); built from the reference record',
    pattern: /^\s*(?:(?:0x)?[0-9a-f]{4,8}:?\s+)?[0-9a-f]{2,8}(?:\s+[0-9a-f]{2,8})+/i,
    read: (_m, line) => {
      const bytes = dumpBytes(line);
      return bytes ? draftOfRecord(decodeRecord(bytes)) : undefined;
    },
  }),
];
