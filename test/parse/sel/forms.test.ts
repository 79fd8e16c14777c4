// SEL forms operators paste that are not a tool's plain list: Dell Lifecycle Controller lines
// beside their message catalog, ipmiutil rows of every variant, and pastes that lost their
// newlines. Real samples from test/fixtures/sel (see SOURCES.md); what is built here says how.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FLAT_ROWS, unflatten } from '../../../src/parse/sel/unflatten.js';
import { parseSel } from './helpers.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/sel/${name}`, import.meta.url), 'utf8');
/** What a web page or chat does to a paste: every line break becomes a space. */
const flatten = (text: string) => text.split('\n').filter((l) => l.trim() !== '').join(' ');

describe('Dell Lifecycle Controller log lines', () => {
  it('reads each dated line as an event and never a catalog definition', async () => {
    const { records, report } = await parseSel(fixture('dell-lclog-kb000141221.txt'));
    // The two catalog lines and the two captions are not events; nothing else is left over. SYS ids name
    // no part: their wording does (a reset is a restart, turning off a power-down).
    expect(report.unparsedLines).toBe(4);
    expect(records.map((r) => [r.format, r.local?.year, r.local?.hour, r.sensorType, r.sensorTypeFrom, r.severity, r.extra])).toEqual([
      ['dell-lclog-line', 2017, 23, 'System Boot Initiated', 'description', 'ok', 'MessageId SYS1003'],
      ['dell-lclog-line', 2017, 23, 'Power Unit', 'description', 'ok', 'MessageId SYS1001'],
      // MEM0702 is Critical in Dell's catalog; the wording names the correctable-error limit (memory offset 5).
      ['dell-lclog-line', 2017, 23, 'Memory', 'message-id', 'critical', 'MessageId MEM0702'],
    ]);
    expect(records[2]).toMatchObject({ description: 'Correctable memory error rate exceeded for DIMM_xx.', sensorTypeCode: 0x0c, eventTypeCode: 0x6f, offset: 5 });
    // `DIMM_xx` is the KB's placeholder, not a slot: no DIMM is made up from it.
    expect(records[2]!.dimm).toBeUndefined();
    // A syslog line whose host looks like a message id stays the syslog reader's.
    const syslog = await parseSel('2024-03-27T12:48:44+08:00 MEM0001 kernel: EDAC MC0: 1 CE memory read error\n');
    expect(syslog.records).toEqual([]);
  });
});

describe('ipmiutil rows', () => {
  it('reads the header and every row of the samples, checking text against data', async () => {
    const { records, report } = await parseSel(fixture('ipmiutil-ievents-samples.txt'));
    expect(report.unparsedLines).toBe(0);
    expect(records.map((r) => [r.recordId, r.local?.year, r.sensorType, r.sensorNumber, r.description, r.severity, r.offset])).toEqual([
      [0x07fb, 2006, 'System Boot Initiated', 0x9a, 'Power Up', 'ok', 0],
      [0x0414, 2006, 'Memory', 0x08, 'Correctable ECC', 'warning', 0],
      [0x0014, 2007, 'System Event', 0x83, 'OEM System Booted', 'ok', 1],
    ]);
    expect(records[1]!.extra).toBe('DIMM[4]; source 4033');
  });

  it('reads threshold rows, -e rows with the SDR tag and -c rows', async () => {
    // Written from format_event() and decode_sel_entry() in ievents.c: `act=%02x thr=%02x` for a
    // threshold event, the SDR tag before the text with -e, `|`-separated without number and bytes with -c.
    const text = [
      '0015 04/11/07 12:03:20 MAJ BMC  Temperature #30 Hi Crit thresh act=5f thr=5a',
      '0016 04/11/07 12:03:21 MIN Bios Memory #08 DIMM_A1 Correctable ECC, DIMM[4] 6f [20 00 04]',
      '0016 | 04/11/07 12:03:21 | MIN | Bios | Memory | DIMM_A1 | Correctable ECC, DIMM[4] ',
    ].join('\n');
    const { records, report } = await parseSel(text);
    expect(report.unparsedLines).toBe(0);
    expect(records.map((r) => [r.recordId, r.sensorType, r.sensorNumber, r.sensorName, r.description, r.eventType, r.offset, r.severity, r.dimm?.label])).toEqual([
      [0x15, 'Temperature', 0x30, undefined, 'Hi Crit thresh', 'Threshold', 9, 'critical', undefined],
      [0x16, 'Memory', 0x08, 'DIMM_A1', 'Correctable ECC', 'Sensor-specific Discrete', 0, 'warning', 'DIMM_A1'],
      [0x16, 'Memory', undefined, 'DIMM_A1', 'Correctable ECC', 'Sensor-specific Discrete', 0, 'warning', 'DIMM_A1'],
    ]);
  });

  it('reads a header and its rows that a web page put on one line', async () => {
    const samples = fixture('ipmiutil-ievents-samples.txt');
    const { records: flat, report } = await parseSel(`${flatten(samples)}\n`);
    const { records: lines } = await parseSel(samples);
    expect(report.lines).toBe(1);
    expect(report.unparsedLines).toBe(0);
    expect(flat.map((r) => [r.recordId, r.description, r.severity])).toEqual(lines.map((r) => [r.recordId, r.description, r.severity]));
    expect(flat.map((r) => r.text)).toEqual(lines.map((r) => r.text));
  });
});

describe('ipmitool output flattened onto single lines', () => {
  it.each(FLAT_ROWS.map((row) => [row.name, row] as const))('%s: its example is cut where records start', (_name, row) => {
    const pieces = unflatten(row.example);
    expect(pieces?.length).toBeGreaterThanOrEqual(2);
    expect(pieces!.join(' ').replace(/\s+/g, ' ')).toBe(row.example.replace(/\s+/g, ' ').trim());
  });

  it('reads every sel list row of a reflowed paste', async () => {
    const list = fixture('incident-sel-list.txt');
    const rows = list.split('\n').filter((l) => /^\s*[0-9a-f]{1,4} \|/.test(l));
    const { records } = await parseSel(`${flatten(rows.join('\n'))}\n`);
    const { records: expected } = await parseSel(`${rows.join('\n')}\n`);
    expect(records).toHaveLength(rows.length);
    expect(records.map((r) => [r.recordId, r.local, r.sensorNumber, r.description, r.direction])).toEqual(expected.map((r) => [r.recordId, r.local, r.sensorNumber, r.description, r.direction]));
  });

  it('reads sel get and sel list -v blocks whose keys ran together', async () => {
    for (const name of ['incident-sel-get-0146.txt', 'ipmitool-sel-elist-v-ocp.txt']) {
      const text = fixture(name);
      const { records: expected } = await parseSel(text);
      // Each block on its own line, every key of the block run together: how a ticket shows it.
      const flat = text.split(/\n\s*\n/).map(flatten).join('\n');
      const { records, report } = await parseSel(`${flat}\n`);
      expect(expected.length, name).toBeGreaterThan(0);
      expect(report.unparsedLines, name).toBe(0);
      expect(records.map((r) => [r.recordId, r.local, r.sensorType, r.sensorNumber, r.sensorName, r.description, r.raw, r.direction]), name).toEqual(
        expected.map((r) => [r.recordId, r.local, r.sensorType, r.sensorNumber, r.sensorName, r.description, r.raw, r.direction]),
      );
    }
  });
});

describe('the tolerant generic-row reader', () => {
  it('reads a row of any layout that carries a time, a sensor and known event text', async () => {
    const { records, report } = await parseSel(fixture('generic-rows.md'), 'issue.md');
    expect(records.every((r) => r.format === 'generic-row')).toBe(true);
    expect(report.kinds).toContain('sel-list');
    expect(records.map((r) => [r.recordId, r.local?.hour, r.local?.minute, r.local?.second, r.zone, r.sensorType, r.sensorName, r.sensorNumber, r.description, r.offset, r.severity, r.dimm?.label])).toEqual([
      [undefined, 12, 48, 44, undefined, 'Memory', 'RAS_MEMORY', undefined, 'Transition to Non-recoverable', 6, 'non-recoverable', undefined],
      [undefined, 12, 48, 45, undefined, 'Processor', 'CPU1 Status', undefined, 'IERR', 0, 'critical', undefined],
      // HPE IML: minute stamps, the class names the part, the catalog's wording the offset.
      [undefined, 12, 48, 0, undefined, 'Memory', undefined, undefined, 'Uncorrectable Memory Error', 1, 'critical', 'Processor 1, DIMM 3'],
      [12, 12, 48, 44, undefined, 'Memory', undefined, undefined, 'Correctable ECC', 0, 'warning', 'DIMMA1(CPU1)'],
      // Lenovo XCC: `E` is the severity, the FQXSPMA id says memory; 12:48:44 PM is noon.
      [undefined, 12, 48, 44, undefined, 'Memory', undefined, undefined, 'Uncorrectable error detected for DIMM 5 on Subsystem System Memory.', 1, 'critical', 'DIMM 5'],
      // ipmitool's `#0x` column means ipmitool's hex ids.
      [0x1a, 12, 48, 44, undefined, 'Memory', undefined, 0xeb, 'Correctable ECC', 0, 'warning', undefined],
      [326, 12, 48, 44, '+00:00', 'Memory', 'RAS_MEMORY', undefined, 'Transition to Non-recoverable', 6, 'non-recoverable', undefined],
    ]);
    expect(records[5]!.directionAssumed).toBe(true);

    // No syslog, kernel, application or catalog line, no prose, and no event without a sensor.
    const text = [
      'Mar 27 12:48:44 node-2 kernel: EDAC MC0: 1 CE Correctable ECC on DIMM_A1',
      '2024-03-27T12:48:44.123+08:00 node-2 app[12]: Memory Correctable ECC',
      '[ 9120.331000] mce: [Hardware Error]: Machine check events logged',
      '2024-03-27 12:48:44 WARN Memory Limit Exceeded for container foo',
      '2024-03-27 12:48:44,123 INFO Correctable ECC found by scrubber thread 7',
      'MEM0702 Critical Correctable memory error rate exceeded for DIMM_xx.',
      'On 03/27/2024 12:48:44 we saw a Correctable ECC and then the memory went bad in the afternoon',
      '03/27/2024 12:48:44 Transition to OK',
    ].join('\n');
    expect((await parseSel(`${text}\n`)).records).toEqual([]);
  });
});
