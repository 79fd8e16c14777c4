import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSel } from './helpers.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/sel/${name}`, import.meta.url), 'utf8');

describe('FreeIPMI ipmi-sel', () => {
  it('reads the real CSV rows with state (ipmi_exporter), including PostInit and unnamed sensors', async () => {
    const { records, report } = await parseSel(fixture('freeipmi-ipmi-sel-csv-event-state.txt'), 'ipmi-sel.csv');
    expect(report.kinds).toEqual(['sel-freeipmi']);
    // The three `#` comment lines are the fixture's own notes.
    expect(report.unparsedLines).toBe(3);
    expect(records.map((r) => [r.recordId, r.sensorType, r.sensorName, r.sensorNumber, r.description, r.severity, r.extra])).toEqual([
      [1, 'Event Logging Disabled', 'SEL', undefined, 'Log Area Reset/Cleared', 'ok', undefined],
      [2, 'Physical Security', 'System Board Intrusion', undefined, 'General Chassis Intrusion', 'critical', 'Intrusion while system Off'],
      [3, 'Memory', undefined, 211, 'Correctable memory error', 'warning', 'Event Data3 = 34h'],
    ]);
    expect(records[0]!.local).toEqual({ year: 2024, month: 3, day: 1, hour: 17, minute: 0, second: 11 });
    expect(records[2]!.preInit).toBe(true);
    expect(records.every((r) => r.directionAssumed)).toBe(true);
  });

  it('reads the default table, -v and --output-event-state layouts from their headers', async () => {
    const text = [
      'ID  | Date        | Time     | Name             | Type                     | State    | Event Direction   | Event',
      '52  | Jan-12-2023 | 12:48:44 | DIMM_A1          | Memory                   | Critical | Assertion Event   | Uncorrectable memory error',
      '53  | Jan-12-2023 | 12:48:45 | CPU1 Temp        | Temperature              | Critical | Assertion Event   | Upper Critical - going high ; Sensor Reading = 95.00 C ; Threshold = 90.00 C',
      '54  | Jan-12-2023 | 13:02:00 | DIMM_A1          | Memory                   | Nominal  | Deassertion Event | Uncorrectable memory error',
    ].join('\n');
    const { records, report } = await parseSel(text);
    expect(report.unparsedLines).toBe(0);
    expect(records.map((r) => [r.recordId, r.sensorType, r.sensorName, r.description, r.direction, r.severity, r.dimm?.label])).toEqual([
      [52, 'Memory', 'DIMM_A1', 'Uncorrectable memory error', 'asserted', 'critical', 'DIMM_A1'],
      [53, 'Temperature', 'CPU1 Temp', 'Upper Critical - going high', 'asserted', 'critical', undefined],
      [54, 'Memory', 'DIMM_A1', 'Uncorrectable memory error', 'deasserted', 'critical', 'DIMM_A1'],
    ]);
    expect(records[1]!.extra).toBe('Sensor Reading = 95.00 C ; Threshold = 90.00 C');
    const plain = await parseSel('52  | Jan-12-2023 | 12:48:44 | DIMM_A1 | Memory | Correctable memory error\n');
    expect(plain.records[0]).toMatchObject({ recordId: 52, sensorName: 'DIMM_A1', description: 'Correctable memory error', severity: 'warning', directionAssumed: true });
  });
});

describe('BMC web tables copied from a browser', () => {
  it('reads tab-separated rows newest first, with direction suffixes and continuation lines', async () => {
    const text = [
      'ID\tTime Stamp\tSensor Name\tSensor Type\tDescription',
      '91\t04/13/2025, 03:08:16\tPCIE_ERR\tCritical Interrupt\tPCI SERR - Asserted',
      'PCI Bus number : 0',
      '90\t04/13/2025, 03:08:15\tCPU0_C0D0\tMemory\tUncorrectable ECC - Asserted',
      '89\tApr/12/2025 22:09:44\tPSU1_Status\tPower Supply\tPresence detected - Deasserted',
    ].join('\n');
    const { records, report } = await parseSel(text, 'web.txt');
    expect(report.unparsedLines).toBe(0);
    expect(records.map((r) => [r.recordId, r.sensorType, r.sensorName, r.description, r.direction, r.severity])).toEqual([
      [91, 'Critical Interrupt', 'PCIE_ERR', 'PCI SERR', 'asserted', 'critical'],
      [90, 'Memory', 'CPU0_C0D0', 'Uncorrectable ECC', 'asserted', 'critical'],
      [89, 'Power Supply', 'PSU1_Status', 'Presence detected', 'deasserted', 'ok'],
    ]);
    expect(records[0]!.extra).toBe('PCI Bus number : 0');
    expect(records[1]!.dimm).toEqual({ label: 'CPU0_C0D0', method: 'sensor-name' });
    expect(records[2]!.local).toEqual({ year: 2025, month: 4, day: 12, hour: 22, minute: 9, second: 44 });
  });
});
