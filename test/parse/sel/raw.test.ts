// Raw SEL layouts. No real `sel writeraw` file, hex dump or `sel save` file is in the corpus, so
// these inputs are built here from the documented 16-byte layout (IPMI 2.0 §32.1; ipmi-sel.md
// §2.6, §3.2, §4.1) — an unseen host, date and set of sensors.
import { describe, expect, it } from 'vitest';
import { toHex } from '../../../src/parse/sel/decode.js';
import { analyze, sourceFromBytes } from '../../../src/index.js';
import { parseSel } from './helpers.js';

function record(id: number, when: Date, sensorType: number, sensorNumber: number, dirType: number, data: number[], generator = 0x0020): Uint8Array {
  const t = Math.floor(when.getTime() / 1000);
  return Uint8Array.from([id & 0xff, id >> 8, 0x02, t & 0xff, (t >> 8) & 0xff, (t >> 16) & 0xff, t >>> 24, generator & 0xff, generator >> 8, 0x04, sensorType, sensorNumber, dirType, ...data]);
}

const at = (iso: string) => new Date(iso);
const records = [
  record(0x31, at('2025-06-02T04:11:50Z'), 0x07, 0x51, 0x6f, [0x0b, 0xff, 0xff], 0x0033), // Processor: uncorrectable machine check
  record(0x32, at('2025-06-02T04:11:51Z'), 0x0c, 0x00, 0x6f, [0xa1, 0x02, 0x31], 0x0001), // Memory UE, OEM data → ipmitool CPU/DIMM heuristic
  record(0x33, at('2025-06-02T04:11:53Z'), 0x23, 0x81, 0x6f, [0xc1, 0x04, 0xff]), // Watchdog2 hard reset
  record(0x34, at('2025-06-02T04:13:10Z'), 0x01, 0x30, 0x81, [0x59, 0x4a, 0x5a]), // Temperature upper critical going high, deasserted
];
const file = new Uint8Array(records.length * 16);
records.forEach((r, i) => file.set(r, i * 16));

const expectDecoded = (list: Awaited<ReturnType<typeof parseSel>>['records']) => {
  expect(list.map((r) => [r.recordId, r.sensorType, r.sensorNumber, r.description, r.direction, r.severity])).toEqual([
    [0x31, 'Processor', 0x51, 'Uncorrectable machine check exception', 'asserted', 'critical'],
    [0x32, 'Memory', 0x00, 'Uncorrectable ECC', 'asserted', 'critical'],
    [0x33, 'Watchdog2', 0x81, 'Hard reset', 'asserted', undefined],
    [0x34, 'Temperature', 0x30, 'Upper Critical going high', 'deasserted', 'critical'],
  ]);
  expect(list[0]!.local).toEqual({ year: 2025, month: 6, day: 2, hour: 4, minute: 11, second: 50 });
  expect(list[0]!.generatorId).toBe(0x33);
  expect(list[1]!.dimm).toEqual({ label: 'CPU 1 DIMM 3', method: 'ipmitool-generic-heuristic' });
};

describe('raw SEL records', () => {
  it('reads a sel writeraw binary file that ingest would otherwise reject', async () => {
    const { records: list, report } = await parseSel(file, 'sel.bin');
    expect(report.kinds).toEqual(['sel-raw']);
    expect(report.skipped).toBeUndefined();
    expect(report.lines).toBe(4);
    expectDecoded(list);
    expect(list[2]!.source).toEqual({ input: 'sel.bin', line: 3 });
    expect(list[0]!.raw).toBe(toHex(records[0]!));
  });

  it('still skips binary files that are not SEL records', async () => {
    const noise = new Uint8Array(64).map((_, i) => (i * 37) % 7);
    const { report } = await parseSel(noise, 'blob.bin');
    expect(report.kinds).toEqual(['binary']);
    expect(report.skipped).toMatch(/binary/);
  });

  it('reads hex dumps of records: plain, hexdump -C, xxd and FreeIPMI --hex-dump', async () => {
    const plain = records.map((r) => Array.from(r, (b) => b.toString(16).padStart(2, '0')).join(' ')).join('\n');
    const { records: a } = await parseSel(plain);
    expectDecoded(a);
    const hexdumpC = records
      .map((r, i) => {
        const h = Array.from(r, (b) => b.toString(16).padStart(2, '0'));
        return `${(i * 16).toString(16).padStart(8, '0')}  ${h.slice(0, 8).join(' ')}  ${h.slice(8).join(' ')}  |................|`;
      })
      .join('\n');
    const { records: b, report: rb } = await parseSel(hexdumpC);
    expectDecoded(b);
    expect(rb.unparsedLines).toBe(0);
    const xxd = records
      .map((r, i) => {
        const h = toHex(r);
        return `${(i * 16).toString(16).padStart(8, '0')}: ${h.match(/.{4}/g)!.join(' ')}  ................`;
      })
      .join('\n');
    expectDecoded((await parseSel(xxd)).records);
    const freeipmi = records
      .map((r) => {
        const x = Array.from(r, (v) => `[${v.toString(16).padStart(2, '0').toUpperCase()}]`);
        return `RID:${x[0]}${x[1]} RT:${x[2]} TS:${x.slice(3, 7).join('')} GID:${x[7]}${x[8]} ER:${x[9]} ST:${x[10]} SN:${x[11]} EDIR:${x[12]} ED1: ${x[13]} ED2: ${x[14]} ED3: ${x[15]}`;
      })
      .join('\n');
    expectDecoded((await parseSel(freeipmi)).records);
  });

  it('reads sel save lines, without a time, and cross-checks the comment against the bytes', async () => {
    const text = ['0x04 0x0c 0xeb 0x07 0x06 0x30 0x00 # Memory #0xeb Transition to Non-recoverable', '0x04 0x07 0x51 0x6f 0x0b 0xff 0xff # Processor #0x51 Presence detected'].join('\n');
    const { records: list, report } = await parseSel(text, 'sel.save');
    expect(report.kinds).toEqual(['sel-raw']);
    expect(list[0]).toMatchObject({ sensorType: 'Memory', sensorNumber: 0xeb, description: 'Transition to Non-recoverable', severity: 'non-recoverable', raw: '063000' });
    expect(list[0]!.local).toBeUndefined();
    expect(list[0]!.rawMismatch).toBeUndefined();
    expect(list[1]!.rawMismatch).toMatch(/offset 7 .* offset 11/);
  });

  it('puts writeraw records on the timeline like any other SEL record', async () => {
    const report = await analyze([sourceFromBytes('sel.bin', file)], { bmcUtcOffset: '+00:00' });
    const sel = report.events.filter((e) => e.kind === 'sel');
    expect(sel.map((e) => e.time)).toEqual(['2025-06-02T04:11:50Z', '2025-06-02T04:11:51Z', '2025-06-02T04:11:53Z', '2025-06-02T04:13:10Z']);
  });
});
