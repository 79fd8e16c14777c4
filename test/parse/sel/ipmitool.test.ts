import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSel } from './helpers.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/sel/${name}`, import.meta.url), 'utf8');

describe('ipmitool sel list (1.8.18, raw BMC clock)', () => {
  it('reads every row of the incident paste and skips the operator marks', async () => {
    const { records, report } = await parseSel(fixture('incident-sel-list.txt'), 'sel-list.txt');
    const rows = fixture('incident-sel-list.txt').split('\n').filter((l) => /^\s*[0-9a-f]{1,4} \|/.test(l));
    expect(records).toHaveLength(rows.length);
    expect(report.kinds).toEqual(['sel-list']);
    expect(report.warnings).toEqual([]);
    // Only the leading ` ...` (before any SEL row) is left unexplained.
    expect(report.unparsedLines).toBe(1);
    const ue = records.find((r) => r.recordId === 0x146)!;
    expect(ue).toMatchObject({
      local: { year: 2024, month: 3, day: 27, hour: 12, minute: 48, second: 44 },
      sensorType: 'Memory',
      sensorTypeCode: 0x0c,
      sensorNumber: 0xeb,
      description: 'Transition to Non-recoverable',
      direction: 'asserted',
      eventType: 'Generic Discrete',
      severity: 'non-recoverable',
      format: 'ipmitool-sel-list',
      source: { input: 'sel-list.txt', line: 24 },
    });
    expect(records.find((r) => r.recordId === 0x12a)).toMatchObject({ direction: 'deasserted', sensorNumber: 0xeb });
    expect(records.find((r) => r.recordId === 0x124)).toMatchObject({ sensorType: 'Critical Interrupt', severity: 'ok' });
    expect(records.find((r) => r.recordId === 0x12f)).toMatchObject({ sensorType: 'System Firmwares', sensorTypeCode: 0x0f, description: 'Pointing device test' });
  });

  it('reads 1.8.17 names, elist SDR names, vendor DIMM suffixes, thresholds, Pre-Init and empty descriptions', async () => {
    const paste = [
      '  1a | 11/02/2015 | 07:15:03 | System Firmware Progress #0x05 | Motherboard initialization | Asserted',
      '  1b | 11/02/2015 | 07:15:09 | Watchdog 2 #0x81 | Hard reset | Asserted',
      '  3a | 05/14/2021 | 20:40:26 | Memory #0x88 | Correctable ECC (@DIMMA1(CPU1)) | Asserted',
      '  3b | 05/14/2021 | 20:41:00 | Memory DIMM_B2 | Uncorrectable ECC | Asserted',
      '  3c | 05/14/2021 | 20:42:00 | Temperature CPU1 Temp | Upper Critical going high | Asserted | Reading 95 > Threshold 90 degrees C',
      '   1 |  Pre-Init  |0000000012| System Event #0x83 | Timestamp Clock Sync | Asserted',
      '  3d | 05/14/2021 | 20:43:00 | Unknown #0xd1 |  | Asserted',
      '  3e | 05/14/2021 | 20:44:00 | Memory #0x00 | Correctable ECC | Asserted | CPU 1 DIMM 2',
    ].join('\n');
    const { records, report } = await parseSel(paste);
    expect(report.unparsedLines).toBe(0);
    expect(records).toHaveLength(8);
    expect(records[0]).toMatchObject({ recordId: 0x1a, sensorType: 'System Firmwares', sensorTypeCode: 0x0f, sensorNumber: 5 });
    expect(records[1]).toMatchObject({ sensorType: 'Watchdog2', sensorTypeCode: 0x23, description: 'Hard reset' });
    expect(records[2]).toMatchObject({ description: 'Correctable ECC', vendorDetail: '@DIMMA1(CPU1)', dimm: { label: 'DIMMA1(CPU1)', method: 'vendor-text' }, severity: 'warning' });
    expect(records[3]).toMatchObject({ sensorType: 'Memory', sensorName: 'DIMM_B2', dimm: { label: 'DIMM_B2', method: 'sensor-name' }, severity: 'critical' });
    expect(records[4]).toMatchObject({ sensorType: 'Temperature', sensorName: 'CPU1 Temp', eventType: 'Threshold', severity: 'critical', extra: 'Reading 95 > Threshold 90 degrees C' });
    expect(records[5]).toMatchObject({ recordId: 1, preInit: true, sensorType: 'System Event', description: 'Timestamp Clock Sync' });
    expect(records[5]!.local).toBeUndefined();
    expect(records[6]).toMatchObject({ sensorType: 'Unknown', sensorNumber: 0xd1, description: '' });
    expect(records[7]).toMatchObject({ dimm: { label: 'CPU 1 DIMM 2', method: 'tool-text' } });
  });

  it('reads 1.8.19 locale dates, 12-hour clocks and trailing zone names', async () => {
    const paste = [
      '  3a | 12/14/22 | 23:09:44 CET | Memory #0x88 | Correctable ECC (CPU0_G1) | Asserted',
      ' 146 | 03/27/2024 | 08:48:44 PM CST | Memory #0xeb | Transition to Non-recoverable | Asserted',
      ' 147 | 2024年03月27日 | 20时48分46秒 CST | Chassis #0xc4 | Transition to Critical from less severe | Asserted',
      ' 148 | 28.03.2024 | 16:41:27 CST | System Boot Initiated #0xc6 | Initiated by warm reset | Asserted',
    ].join('\n');
    const { records } = await parseSel(paste);
    expect(records.map((r) => [r.local, r.zone])).toEqual([
      [{ year: 2022, month: 12, day: 14, hour: 23, minute: 9, second: 44 }, 'CET'],
      [{ year: 2024, month: 3, day: 27, hour: 20, minute: 48, second: 44 }, 'CST'],
      [{ year: 2024, month: 3, day: 27, hour: 20, minute: 48, second: 46 }, 'CST'],
      [{ year: 2024, month: 3, day: 28, hour: 16, minute: 41, second: 27 }, 'CST'],
    ]);
    expect(records[0]!.dimm).toEqual({ label: 'CPU0_G1', method: 'vendor-text' });
  });

  it('reads day-first dates for the whole paste once one day is above 12', async () => {
    const paste = ['  10 | 05/04/24 | 10:00:00 CEST | Memory #0x88 | Correctable ECC | Asserted', '  11 | 27/04/24 | 11:00:00 CEST | Memory #0x88 | Correctable ECC | Deasserted'].join('\n');
    const { records } = await parseSel(paste);
    expect(records.map((r) => [r.local?.month, r.local?.day])).toEqual([
      [4, 5],
      [4, 27],
    ]);
  });

  it('splits unquoted CSV from both ends, keeping commas inside the description', async () => {
    const paste = ['146,03/27/2024,12:48:44,Memory #0xeb,Transition to Non-recoverable,Asserted', '3a,12/14/2022,22:09:44,Memory #0x88,Correctable ECC (Card A, Bank 1, DIMM 2),Asserted'].join('\n');
    const { records, report } = await parseSel(paste, 'sel.csv');
    expect(report.kinds).toEqual(['sel-csv']);
    expect(records[0]).toMatchObject({ recordId: 0x146, sensorNumber: 0xeb, severity: 'non-recoverable', format: 'ipmitool-sel-csv' });
    expect(records[1]).toMatchObject({ description: 'Correctable ECC', vendorDetail: 'Card A, Bank 1, DIMM 2' });
  });
});

describe('ipmitool sel get / list -v blocks', () => {
  it('reads the record, its raw event data and the SDR name that follows', async () => {
    const { records, report } = await parseSel(fixture('incident-sel-get-0146.txt'), 'sel-get-0146.txt');
    expect(report.unparsedLines).toBe(0);
    expect(report.kinds).toEqual(['sel-get']);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      recordId: 0x146,
      local: { year: 2024, month: 3, day: 27, hour: 12, minute: 48, second: 44 },
      sensorType: 'Memory',
      sensorNumber: 0xeb,
      sensorName: 'RAS_MEMORY',
      eventType: 'Generic Discrete',
      eventTypeCode: 0x07,
      description: 'Transition to Non-recoverable',
      direction: 'asserted',
      raw: '063000',
      severity: 'non-recoverable',
      generatorId: 0x20,
      source: { input: 'sel-get-0146.txt', line: 1 },
    });
    expect(records[0]!.rawMismatch).toBeUndefined();
  });

  it('decodes blank descriptions of elist -v blocks from the raw data and the tables', async () => {
    const { records, report } = await parseSel(fixture('ipmitool-sel-elist-v-ocp.txt'));
    expect(report.unparsedLines).toBe(0);
    expect(records.map((r) => [r.recordId, r.sensorType, r.sensorTypeCode, r.sensorNumber, r.raw])).toEqual([
      [1, 'Other', 0x0b, 0x10, '00ffff'],
      [2, 'Other', 0x0b, 0x10, '01ffff'],
    ]);
    // Other Units (0x0B) has no sensor-specific offsets, so nothing is invented.
    expect(records.map((r) => r.description)).toEqual(['', '']);
  });

  it('flags text that disagrees with its raw bytes', async () => {
    const block = fixture('incident-sel-get-0146.txt').replace('063000', '023000');
    const { records, report } = await parseSel(block);
    expect(records[0]!.rawMismatch).toMatch(/offset 6 .* offset 2/);
    expect(report.warnings.join('\n')).toMatch(/disagree/);
  });
});
