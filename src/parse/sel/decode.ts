// Decoder of the IPMI 2.0 system event record (16 bytes) and of its event part (sensor type,
// number, direction/type byte, event data 1-3), with the offset tables of ./tables.
// Unknown OEM content stays opaque: its bytes are kept, never a guessed meaning.
import {
  EVENT_TYPE_SENSOR_SPECIFIC,
  EVENT_TYPE_THRESHOLD,
  eventTypeLabel,
  offsetRow,
  offsetText,
  sensorTypeName,
  severityOf,
  type OffsetRow,
  type Severity,
} from './tables/index.js';

export const SEL_RECORD_BYTES = 16;
/** Timestamps below this count seconds since BMC init, not since 1970 (IPMI 2.0 §37). */
export const INIT_DONE_TIMESTAMP = 0x20000000;
export const UNSPECIFIED_TIMESTAMP = 0xffffffff;

/** What event data 2/3 carry, from data1 bits 7:6 and 5:4. */
export type DataMeaning = 'unspecified' | 'trigger-reading' | 'trigger-threshold' | 'previous-state' | 'oem' | 'extension' | 'reserved';

export interface DecodedEvent {
  sensorTypeCode: number;
  sensorType: string;
  sensorNumber: number;
  eventTypeCode: number;
  /** ipmitool's label: Threshold, Generic Discrete, Sensor-specific Discrete, OEM… */
  eventType: string;
  direction: 'asserted' | 'deasserted';
  offset: number;
  /** ipmitool's description text; empty when no table has the offset (OEM, reserved). */
  description: string;
  /** Spec-style long name of the offset. */
  longName?: string;
  severity?: Severity;
  data: [number, number, number];
  data2: DataMeaning;
  data3: DataMeaning;
  dimm?: { label: string; method: string };
}

export interface DecodedRecord {
  recordId: number;
  recordType: number;
  /** Seconds on the SEL clock; absent for OEM non-timestamped records. */
  timestamp?: number;
  /** Timestamp counts seconds since BMC init (`Pre-Init`). */
  preInit?: boolean;
  generatorId?: number;
  evmRevision?: number;
  event?: DecodedEvent;
  /** OEM records: manufacturer IANA id (timestamped) and the opaque bytes as hex. */
  manufacturerId?: number;
  oemData?: string;
  raw: string;
}

const hex = (bytes: ArrayLike<number>) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

const THRESHOLD_DATA2: DataMeaning[] = ['unspecified', 'trigger-reading', 'oem', 'extension'];
const THRESHOLD_DATA3: DataMeaning[] = ['unspecified', 'trigger-threshold', 'oem', 'extension'];
const DISCRETE_DATA2: DataMeaning[] = ['unspecified', 'previous-state', 'oem', 'extension'];
const DISCRETE_DATA3: DataMeaning[] = ['unspecified', 'reserved', 'oem', 'extension'];

function dataMeanings(eventType: number, data1: number): { data2: DataMeaning; data3: DataMeaning } {
  const threshold = eventType === EVENT_TYPE_THRESHOLD;
  return {
    data2: (threshold ? THRESHOLD_DATA2 : DISCRETE_DATA2)[(data1 >> 6) & 3]!,
    data3: (threshold ? THRESHOLD_DATA3 : DISCRETE_DATA3)[(data1 >> 4) & 3]!,
  };
}

/** The module a memory event names by the spec or ipmitool's generic rule; a label, never a board slot. */
function memoryModule(sensorType: number, sensorNumber: number, eventType: number, offset: number, data: [number, number, number], data3: DataMeaning): DecodedEvent['dimm'] {
  if (sensorType !== 0x0c || eventType !== EVENT_TYPE_SENSOR_SPECIFIC) return undefined;
  // Spec: under the Spare offset, data3 is the memory module/device number (extension code).
  if (offset === 0x08 && data3 === 'extension') return { label: `module ${data[2]}`, method: 'ipmi-spec-data3' };
  // ipmitool's heuristic for sensor number 0 with OEM data3 — not a spec rule, and reported wrong on some boards.
  if (sensorNumber === 0 && data3 === 'oem') return { label: `CPU ${data[2] & 0x0f} DIMM ${data[2] >> 4}`, method: 'ipmitool-generic-heuristic' };
  return undefined;
}

/** Decodes the event part of a record: sensor type and number, dir/type byte and the three data bytes. */
export function decodeEvent(sensorTypeCode: number, sensorNumber: number, dirType: number, data: [number, number, number]): DecodedEvent {
  const eventTypeCode = dirType & 0x7f;
  const direction = dirType & 0x80 ? 'deasserted' : 'asserted';
  const offset = data[0] & 0x0f;
  const meanings = dataMeanings(eventTypeCode, data[0]);
  // OEM event types (0x70-0x7F) and OEM sensor types under 0x6F have no public table: stay opaque.
  const known = eventTypeCode >= 0x01 && eventTypeCode <= 0x0c ? true : eventTypeCode === EVENT_TYPE_SENSOR_SPECIFIC;
  const row: OffsetRow | undefined = known ? offsetRow(sensorTypeCode, eventTypeCode, offset) : undefined;
  const severity = row ? severityOf(eventTypeCode, row) : undefined;
  const dimm = memoryModule(sensorTypeCode, sensorNumber, eventTypeCode, offset, data, meanings.data3);
  return {
    sensorTypeCode,
    sensorType: sensorTypeName(sensorTypeCode),
    sensorNumber,
    eventTypeCode,
    eventType: eventTypeLabel(eventTypeCode),
    direction,
    offset,
    description: row ? offsetText(row) : '',
    ...(row ? { longName: row.name } : {}),
    ...(severity ? { severity } : {}),
    data,
    ...meanings,
    ...(dimm ? { dimm } : {}),
  };
}

/** Decodes one 16-byte SEL record in IPMI wire order (multi-byte fields little-endian). */
export function decodeRecord(bytes: Uint8Array): DecodedRecord {
  if (bytes.length !== SEL_RECORD_BYTES) throw new RangeError(`a SEL record is ${SEL_RECORD_BYTES} bytes, got ${bytes.length}`);
  const u16 = (i: number) => bytes[i]! | (bytes[i + 1]! << 8);
  const u32 = (i: number) => (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24)) >>> 0;
  const recordId = u16(0);
  const recordType = bytes[2]!;
  const raw = hex(bytes);
  if (recordType >= 0xe0) return { recordId, recordType, oemData: hex(bytes.subarray(3)), raw };
  const timestamp = u32(3);
  const stamp = { timestamp, ...(timestamp < INIT_DONE_TIMESTAMP ? { preInit: true } : {}) };
  if (recordType >= 0xc0) {
    return { recordId, recordType, ...stamp, manufacturerId: bytes[7]! | (bytes[8]! << 8) | (bytes[9]! << 16), oemData: hex(bytes.subarray(10)), raw };
  }
  // Type 0x02 is the system event record; reserved types are decoded the same way (some BMCs misreport
  // the type) and keep their type number so callers can tell.
  const event = decodeEvent(bytes[10]!, bytes[11]!, bytes[12]!, [bytes[13]!, bytes[14]!, bytes[15]!]);
  return { recordId, recordType, ...stamp, generatorId: u16(7), evmRevision: bytes[9]!, event, raw };
}

/** Parses hex text (`063000`, `0x04 0x0c`, `[a0 02 31]`, `A0h 02h`) into bytes; undefined when not hex. */
export function hexBytes(text: string): Uint8Array | undefined {
  const cleaned = text.replace(/0x/gi, '').replace(/\b([0-9a-f]{2})h\b/gi, '$1').replace(/[\s[\](),:]+/g, '');
  if (cleaned.length === 0 || cleaned.length % 2 !== 0 || !/^[0-9a-f]+$/i.test(cleaned)) return undefined;
  const out = new Uint8Array(cleaned.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(cleaned.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export { hex as toHex };
