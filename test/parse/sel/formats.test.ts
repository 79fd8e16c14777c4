import { describe, expect, it } from 'vitest';
import { SEL_FORMATS } from '../../../src/parse/sel/index.js';
import { analyze, sourceFromText } from '../../../src/index.js';
import { parseSel } from './helpers.js';

describe('every SEL format row', () => {
  it.each(SEL_FORMATS.map((f) => [f.name, f] as const))('%s parses its own example', async (name, format) => {
    const { records, report } = await parseSel(`${format.example}\n`, `${name}.txt`);
    expect(records.length).toBeGreaterThan(0);
    expect(records.every((r) => r.format === name)).toBe(true);
    expect(report.kinds).toContain(format.kind);
    expect(format.origin.length).toBeGreaterThan(20);
  });
});

describe('vendor and daemon layouts', () => {
  it('reads Redfish LogEntry collections, old iDRAC arrays and offsets in Created', async () => {
    const json = JSON.stringify(
      {
        '@odata.id': '/redfish/v1/Managers/iDRAC.Embedded.1/LogServices/Sel/Entries',
        Members: [
          { Id: '7', EntryType: 'SEL', Created: '2022-01-14T06:27:53-06:00', Severity: 'Critical', SensorType: [{ Member: 'Memory' }], SensorNumber: 1, EntryCode: [{ Member: 'Assert' }], Message: 'Multi-bit memory errors detected on a memory device at location(s) DIMM_B3.' },
          { Id: '8', EntryType: 'SEL', Created: '2022-01-14T06:30:01-06:00', Severity: 'OK', SensorType: 'Power Supply / Converter', SensorNumber: 98, EntryCode: 'Fully Redundant', Message: 'The power supplies are redundant.' },
        ],
      },
      null,
      2,
    );
    const { records, report } = await parseSel(`${json}\n`, 'sel.json');
    expect(report.kinds).toEqual(['sel-redfish']);
    // The opening `{` alone is only known to be JSON from the line after it, so it stays unclaimed.
    expect(report.unparsedLines).toBe(1);
    expect(records.map((r) => [r.recordId, r.sensorType, r.sensorNumber, r.description, r.direction, r.severity, r.zone, r.dimm?.label])).toEqual([
      [7, 'Memory', 1, 'Multi-bit memory errors detected on a memory device at location(s) DIMM_B3.', 'asserted', 'critical', '-06:00', 'DIMM_B3'],
      [8, 'Power Supply', 98, 'Fully Redundant', 'asserted', 'ok', '-06:00', undefined],
    ]);
    expect(records[1]!.source.line).toBe(json.split('\n').findIndex((l) => l.includes('"Id": "8"')) + 1);
    const report2 = await analyze([sourceFromText('sel.json', json)]);
    expect(report2.events.find((e) => e.recordId === 7)?.time).toBe('2022-01-14T12:27:53Z');
  });

  it('says so when a JSON paste holds no LogEntry, and leaves C blocks alone', async () => {
    const { records, report } = await parseSel('{\n  "Name": "Manager",\n  "Id": "bmc"\n}\n');
    expect(records).toEqual([]);
    expect(report.warnings.join()).toMatch(/no Redfish LogEntry/);
    const code = await parseSel('static void f(void)\n{\n        int cpu;\n}\n');
    expect(code.report.kinds).toEqual(['unknown']);
    expect(code.report.warnings.join()).not.toMatch(/JSON/);
  });

  it('leaves journal JSON (one object a line, or pretty-printed) and other JSON Lines to their own readers', async () => {
    const record = (i: number, message: string) => ({
      __CURSOR: `s=9f3c;i=${i}`,
      __REALTIME_TIMESTAMP: String(1711543724465120 + i * 1_000_000),
      __MONOTONIC_TIMESTAMP: String(9120331000 + i * 1_000_000),
      _BOOT_ID: '0f3a9c1b2d4e4f50a1b2c3d4e5f60718',
      PRIORITY: '4',
      _TRANSPORT: 'kernel',
      SYSLOG_IDENTIFIER: 'kernel',
      MESSAGE: message,
      _HOSTNAME: 'db-7',
    });
    const lines = [record(1, 'usb 1-1: new high-speed USB device number 2 using xhci_hcd'), record(2, 'watchdog: BUG: soft lockup - CPU#7 stuck for 23s! [java:4242]')];
    for (const text of [lines.map((r) => JSON.stringify(r)).join('\n'), lines.map((r) => JSON.stringify(r, null, '\t')).join('\n')]) {
      const { records, report } = await parseSel(`${text}\n`, 'journal.json');
      expect(records).toEqual([]);
      expect(report.kinds).not.toContain('sel-redfish');
      expect(report.warnings.filter((w) => /JSON|Redfish/.test(w))).toEqual([]);
    }
    // Another tool's JSON Lines are not ours either; a compact Redfish collection on one line is.
    const docker = await parseSel('{"log":"started\\n","stream":"stderr","time":"2024-03-27T12:48:44.1Z"}\n{"log":"ready\\n","stream":"stdout","time":"2024-03-27T12:48:45.1Z"}\n');
    expect(docker.report.kinds).toEqual(['unknown']);
    expect(docker.report.warnings.filter((w) => /JSON|Redfish/.test(w))).toEqual([]);
    const compact = await parseSel(`${JSON.stringify({ Members: [{ Id: '3', Created: '2024-03-27T12:48:44Z', SensorType: 'Memory', EntryCode: 'Assert', Message: 'Correctable ECC' }] })}\n`);
    expect(compact.report.kinds).toEqual(['sel-redfish']);
    expect(compact.records.map((r) => r.recordId)).toEqual([3]);
  });

  it('reads racadm getsel and Lifecycle log blocks', async () => {
    const text = [
      'Record:      1',
      'Date/Time:   11/05/2023 14:02:11',
      'Source:      system',
      'Severity:    Ok',
      'Description: Log cleared.',
      '-------------------------------------------------------------------------------',
      'Record:      2',
      'Date/Time:   11/06/2023 03:44:09',
      'Source:      system',
      'Severity:    Critical',
      'Description: Multi-bit memory errors detected on a memory device at location(s) DIMM_A5.',
      '-------------------------------------------------------------------------------',
      '',
      'SeqNumber       = 90211',
      'Message ID      = CPU0000',
      'Category        = System Health',
      'Severity        = Critical',
      'Timestamp       = 2023-11-06 03:44:10',
      'Message         = Internal error has occurred check for additional logs.',
      'FQDD            = CPU.Socket.2',
    ].join('\n');
    const { records, report } = await parseSel(text);
    expect(report.unparsedLines).toBe(0);
    expect(records.map((r) => [r.format, r.recordId, r.sensorType, r.sensorTypeFrom, r.severity, r.dimm?.label])).toEqual([
      ['dell-racadm-getsel', 1, 'Unknown', undefined, 'ok', undefined],
      ['dell-racadm-getsel', 2, 'Memory', 'description', 'critical', 'DIMM_A5'],
      ['dell-lclog', 90211, 'Processor', 'message-id', 'critical', undefined],
    ]);
    expect(records[1]!.local).toEqual({ year: 2023, month: 11, day: 6, hour: 3, minute: 44, second: 9 });
    expect(records[2]!.sensorName).toBe('CPU.Socket.2');
  });

  it('reads ipmiutil rows and checks their text against their raw data', async () => {
    const text = ['7840 08/09/11 15:10:47 MIN BMC Memory #08 Correctable ECC, P1_DIMMF1 6f [20 ff 50]', '7841 08/09/11 15:10:49 MAJ BMC Memory #08 Correctable ECC, P1_DIMMF1 6f [21 ff 50]'].join('\n');
    const { records } = await parseSel(text);
    expect(records[0]).toMatchObject({ recordId: 0x7840, sensorType: 'Memory', sensorNumber: 8, description: 'Correctable ECC', severity: 'warning', raw: '20ff50', dimm: { label: 'P1_DIMMF1' } });
    expect(records[0]!.local?.year).toBe(2011);
    expect(records[1]!.rawMismatch).toMatch(/offset 0 .* offset 1/);
  });

  it('reads OpenBMC ipmi_sel lines (1 = assertion) and log-util lines', async () => {
    const text = [
      '2025-02-11T19:03:27.524172+00:00 17,2,59607a,20,/xyz/openbmc_project/sensors/temperature/CPU1_Temp,1',
      '2025-02-11T19:05:01.100000+00:00 18,2,59607a,20,/xyz/openbmc_project/sensors/temperature/CPU1_Temp,0',
      '4    slot4    2018-03-13 07:37:12    ipmid            SEL Entry: FRU: 4, Record: Standard (0x02), Time: 2018-03-13 07:37:12, Sensor: PMIC_ERR (0xB4), Event Data: (020C00) DIMM A0 - Assertion',
    ].join('\n');
    const { records } = await parseSel(text);
    expect(records.map((r) => [r.format, r.recordId, r.sensorType, r.sensorName, r.description, r.direction, r.zone])).toEqual([
      ['openbmc-ipmi-sel', 17, 'Temperature', 'CPU1_Temp', 'Upper Critical going high', 'asserted', '+00:00'],
      ['openbmc-ipmi-sel', 18, 'Temperature', 'CPU1_Temp', 'Upper Critical going high', 'deasserted', '+00:00'],
      ['openbmc-log-util', undefined, 'Unknown', 'PMIC_ERR', 'DIMM A0', 'asserted', undefined],
    ]);
    expect(records[2]).toMatchObject({ sensorNumber: 0xb4, raw: '020c00' });
  });

  it('reads ipmievd lines in every SDR shape, on the host clock', async () => {
    const text = [
      'Mar  2 04:11:50 gpu-12 ipmievd: Memory sensor (0x51) - Uncorrectable ECC',
      'Mar  2 04:11:51 gpu-12 ipmievd: Temperature sensor CPU2 Temp Upper Critical going high Asserted (Reading 96 > Threshold 95 degrees C)',
      'Mar  2 04:11:52 gpu-12 ipmievd: Power Supply sensor PS2 Status - Failure detected Asserted',
      'Mar  2 04:11:53 gpu-12 ipmievd: Processor sensor - IERR',
    ].join('\n');
    const { records, report } = await parseSel(text, 'messages');
    expect(report.unparsedLines).toBe(0);
    expect(records.map((r) => [r.sensorType, r.sensorNumber, r.sensorName, r.description, r.direction, r.directionAssumed ?? false, r.clock])).toEqual([
      ['Memory', 0x51, undefined, 'Uncorrectable ECC', 'asserted', true, 'host'],
      ['Temperature', undefined, 'CPU2 Temp', 'Upper Critical going high', 'asserted', false, 'host'],
      ['Power Supply', undefined, 'PS2 Status', 'Failure detected', 'asserted', false, 'host'],
      ['Processor', undefined, undefined, 'IERR', 'asserted', true, 'host'],
    ]);
    expect(records[0]!.local).toEqual({ month: 3, day: 2, hour: 4, minute: 11, second: 50 });
  });

  it('lets ipmievd lines fix the BMC clock and folds them into the BMC record they logged', async () => {
    // Host at +09:00, BMC keeping UTC; ipmievd saw the record 3 s after the BMC stamped it.
    const messages = [
      'Jun 10 18:22:01 gpu-12 containerd[900]: time="2025-06-10T09:22:01.5Z" level=info msg="tick"',
      'Jun 10 18:40:16 gpu-12 ipmievd: Memory sensor (0x51) - Uncorrectable ECC',
    ].join('\n');
    const sel = '  2f | 06/10/2025 | 09:40:13 | Memory #0x51 | Uncorrectable ECC | Asserted\n';
    const report = await analyze([sourceFromText('messages', messages), sourceFromText('sel.txt', sel)]);
    expect(report.clocks.hostUtcOffset.value).toBe('+09:00');
    expect(report.clocks.bmcUtcOffset).toMatchObject({ value: '+00:00', method: 'scored' });
    expect(report.clocks.bmcUtcOffset.evidence.some((e) => /ipmievd/.test(e.note ?? ''))).toBe(true);
    const ue = report.events.filter((e) => e.kind === 'sel');
    expect(ue).toHaveLength(1);
    expect(ue[0]).toMatchObject({ recordId: 0x2f, time: '2025-06-10T09:40:13Z' });
    expect(ue[0]!.alsoSeenAt).toEqual([{ input: 'messages', line: 2 }]);
  });
});
