// Differential test of the raw decoder: records generated across every sensor type, event type
// and offset of the reference tables must decode to the names those tables give, and the same
// record printed as ipmitool text must parse to the same meaning.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeEvent, decodeRecord, hexBytes } from '../../../src/parse/sel/decode.js';
import { parseSel } from './helpers.js';

interface RefOffset {
  offset: string;
  name: string;
  short: string;
  ipmitool: string | null;
  severityHint?: string;
}
const ref = JSON.parse(readFileSync(new URL('../../fixtures/sel/ipmi-tables.json', import.meta.url), 'utf8')) as {
  sensorTypes: { code: string; ipmitoolName: string; hasSensorSpecificOffsets: boolean }[];
  eventReadingTypes: { code: string; offsets: RefOffset[] }[];
  sensorSpecific: Record<string, { offsets: RefOffset[] }>;
};
const hex = (s: string) => Number.parseInt(s, 16);
const expectedText = (o: RefOffset) => (o.ipmitool ?? o.short).trim();

function record(id: number, sensorType: number, sensorNumber: number, dirType: number, data: [number, number, number], timestamp = 0x65a1c0de): Uint8Array {
  return Uint8Array.from([id & 0xff, id >> 8, 0x02, timestamp & 0xff, (timestamp >> 8) & 0xff, (timestamp >> 16) & 0xff, timestamp >>> 24, 0x20, 0x00, 0x04, sensorType, sensorNumber, dirType, ...data]);
}

describe('16-byte SEL record decoder', () => {
  it('decodes the reference record field by field', () => {
    const decoded = decodeRecord(hexBytes('46 01 02 ac 15 04 66 20 00 04 0c eb 07 06 30 00')!);
    expect(decoded).toMatchObject({ recordId: 0x146, recordType: 2, timestamp: 0x660415ac, generatorId: 0x20, evmRevision: 4 });
    expect(new Date(decoded.timestamp! * 1000).toISOString()).toBe('2024-03-27T12:48:44.000Z');
    expect(decoded.event).toMatchObject({
      sensorType: 'Memory',
      sensorNumber: 0xeb,
      eventType: 'Generic Discrete',
      direction: 'asserted',
      offset: 6,
      description: 'Transition to Non-recoverable',
      severity: 'non-recoverable',
      // data1 0x06: bits 7:4 = 0, so data2 (0x30) and data3 are unspecified — kept, not interpreted.
      data2: 'unspecified',
      data3: 'unspecified',
    });
  });

  it('decodes every generic offset of every sensor type to the table name, both directions', () => {
    let checked = 0;
    for (const sensor of ref.sensorTypes) {
      for (const table of ref.eventReadingTypes) {
        for (const o of table.offsets) {
          for (const dir of [0, 0x80]) {
            const event = decodeEvent(hex(sensor.code), 0x42, hex(table.code) | dir, [hex(o.offset), 0xff, 0xff]);
            expect(event.description, `${sensor.code} ${table.code} ${o.offset}`).toBe(expectedText(o));
            expect(event.direction).toBe(dir ? 'deasserted' : 'asserted');
            expect(event.sensorType).toBe(sensor.ipmitoolName);
            checked++;
          }
        }
      }
    }
    const generic = ref.eventReadingTypes.reduce((n, t) => n + t.offsets.length, 0);
    expect(checked).toBe(ref.sensorTypes.length * generic * 2);
  });

  it('decodes every sensor-specific offset to the table name and the rest to nothing', () => {
    for (const [code, table] of Object.entries(ref.sensorSpecific)) {
      for (let offset = 0; offset < 16; offset++) {
        const event = decodeEvent(hex(code), 1, 0x6f, [offset, 0xff, 0xff]);
        const row = table.offsets.find((o) => hex(o.offset) === offset);
        expect(event.eventType).toBe('Sensor-specific Discrete');
        expect(event.description, `${code}/${offset}`).toBe(row ? expectedText(row) : '');
      }
    }
    // Types without sensor-specific offsets (Chassis 0x18) and OEM sensor types stay opaque.
    expect(decodeEvent(0x18, 1, 0x6f, [0, 0xff, 0xff]).description).toBe('');
    expect(decodeEvent(0xc3, 1, 0x6f, [1, 0xff, 0xff])).toMatchObject({ sensorType: 'OEM', description: '' });
    expect(decodeEvent(0x0c, 1, 0x72, [1, 0x12, 0x34])).toMatchObject({ eventType: 'OEM', description: '', data: [1, 0x12, 0x34] });
  });

  it('reads what data 2 and 3 carry from data 1', () => {
    expect(decodeEvent(0x01, 0x30, 0x01, [0x59, 0x5f, 0x5a])).toMatchObject({ data2: 'trigger-reading', data3: 'trigger-threshold', severity: 'critical', description: 'Upper Critical going high' });
    expect(decodeEvent(0x0f, 0x05, 0x6f, [0xc2, 0x13, 0xff])).toMatchObject({ data2: 'extension', data3: 'unspecified' });
    expect(decodeEvent(0x0c, 0x00, 0x6f, [0xa0, 0x02, 0x31])).toMatchObject({ data2: 'oem', data3: 'oem', dimm: { label: 'CPU 1 DIMM 3', method: 'ipmitool-generic-heuristic' } });
    expect(decodeEvent(0x0c, 0x08, 0x6f, [0xf8, 0xff, 0x05])).toMatchObject({ dimm: { label: 'module 5', method: 'ipmi-spec-data3' } });
    expect(decodeEvent(0x0c, 0x88, 0x6f, [0xa0, 0x02, 0x31]).dimm).toBeUndefined();
  });

  it('keeps OEM records and Pre-Init stamps for what they are', () => {
    const oem = decodeRecord(hexBytes('0a 00 c1 10 27 00 66 57 01 00 01 02 03 04 05 06')!);
    expect(oem).toMatchObject({ recordType: 0xc1, manufacturerId: 0x157, oemData: '010203040506' });
    expect(oem.event).toBeUndefined();
    const blob = decodeRecord(hexBytes('0b 00 e0 00 01 02 03 04 05 06 07 08 09 0a 0b 0c')!);
    expect(blob).toMatchObject({ recordType: 0xe0, oemData: '000102030405060708090a0b0c' });
    expect(blob.timestamp).toBeUndefined();
    expect(decodeRecord(record(3, 0x12, 0x83, 0x6f, [0x05, 0xff, 0xff], 0x12))).toMatchObject({ preInit: true, timestamp: 0x12 });
  });

  it('agrees with ipmitool text for every sensor-specific record printed as a sel list row', async () => {
    const rows: string[] = [];
    const expected: { id: number; sensorType: string; description: string; severity?: string }[] = [];
    let id = 1;
    for (const [code, table] of Object.entries(ref.sensorSpecific)) {
      const sensor = ref.sensorTypes.find((s) => hex(s.code) === hex(code))!;
      for (const o of table.offsets) {
        if (o.ipmitool === null) continue;
        const event = decodeEvent(hex(code), 0x42, 0x6f, [hex(o.offset), 0xff, 0xff]);
        rows.push(` ${id.toString(16).padStart(3, ' ')} | 01/15/2025 | 10:00:00 | ${sensor.ipmitoolName} #0x42 | ${o.ipmitool} | Asserted`);
        expected.push({ id, sensorType: event.sensorType, description: event.description, ...(event.severity ? { severity: event.severity } : {}) });
        id++;
      }
    }
    const { records, report } = await parseSel(rows.join('\n'));
    expect(report.unparsedLines).toBe(0);
    expect(records.map((r) => ({ id: r.recordId, sensorType: r.sensorType, description: r.description, ...(r.severity ? { severity: r.severity } : {}) }))).toEqual(expected);
    expect(records.every((r) => r.eventType === 'Sensor-specific Discrete' || r.eventType === 'Generic Discrete')).toBe(true);
  });
});
