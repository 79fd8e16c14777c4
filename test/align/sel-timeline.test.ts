import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze, sourceFromText, type Report, type ReportEvent } from '../../src/index.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/sel/${name}`, import.meta.url), 'utf8');

const selEvents = (report: Report) => report.events.filter((e: ReportEvent) => e.kind === 'sel');

describe('SEL events on the timeline', () => {
  it('places every record in UTC, merges the record shown by list and get, and lines it up with the silence', async () => {
    const report = await analyze([
      sourceFromText('sel-list.txt', fixture('incident-sel-list.txt')),
      sourceFromText('sel-get-0146.txt', fixture('incident-sel-get-0146.txt')),
      sourceFromText('messages', fixture('incident-messages.log')),
    ]);
    const rows = fixture('incident-sel-list.txt').split('\n').filter((l) => /^\s*[0-9a-f]{1,4} \|/.test(l)).length;
    const sel = selEvents(report);
    expect(sel).toHaveLength(rows);
    const ue = sel.filter((e) => e.recordId === 0x146);
    expect(ue).toHaveLength(1);
    expect(ue[0]).toMatchObject({
      time: '2024-03-27T12:48:44Z',
      originalTime: { clock: 'bmc', value: '2024-03-27 12:48:44' },
      sensorType: 'Memory',
      sensorNumber: 0xeb,
      sensorName: 'RAS_MEMORY',
      description: 'Transition to Non-recoverable',
      direction: 'asserted',
      raw: '063000',
      severity: 'non-recoverable',
    });
    expect(ue[0]!.source).toEqual({ input: 'sel-list.txt', line: 24 });
    expect(ue[0]!.alsoSeenAt).toEqual([{ input: 'sel-get-0146.txt', line: 1 }]);
    // The SDR name printed once names the same sensor's earlier record too.
    expect(sel.find((e) => e.recordId === 0x128)).toMatchObject({ sensorName: 'RAS_MEMORY', time: '2024-03-23T02:32:10Z' });

    expect(report.clocks.hostUtcOffset.value).toBe('+08:00');
    expect(report.clocks.bmcUtcOffset.value).toBe('+00:00');
    const correlation = report.findings.find((f) => f.kind === 'hardware-correlation' && (f.hardwareEvent as { recordId?: number }).recordId === 0x146);
    expect(correlation?.deltaSeconds).toBeCloseTo(-1, 0);
    const recurrence = report.findings.find((f) => f.kind === 'hardware-recurrence' && String(f.sensor).startsWith('RAS_MEMORY'));
    expect((recurrence?.occurrences as { time: string }[]).map((o) => o.time)).toEqual(['2024-03-23T02:32:10Z', '2024-03-27T12:48:44Z']);
  });

  it('keeps repeated identical rows of one paste apart when their ids differ', async () => {
    const report = await analyze([sourceFromText('sel-list.txt', fixture('incident-sel-list.txt'))], { bmcUtcOffset: '+00:00' });
    const interrupts = selEvents(report).filter((e) => e.sensorNumber === 0xec && e.time === '2024-03-22T03:02:33Z');
    expect(interrupts.map((e) => e.recordId)).toEqual([0x125, 0x126, 0x127]);
  });

  it('merges the same paste seen twice into one event per record', async () => {
    const text = fixture('incident-sel-list.txt');
    const report = await analyze([sourceFromText('a.txt', text), sourceFromText('b.md', `# notes\n\n\`\`\`\n${text}\n\`\`\`\n`)]);
    const rows = text.split('\n').filter((l) => /^\s*[0-9a-f]{1,4} \|/.test(l)).length;
    expect(selEvents(report)).toHaveLength(rows);
    expect(selEvents(report).every((e) => Array.isArray(e.alsoSeenAt) && e.alsoSeenAt.length === 1)).toBe(true);
  });
});

/** The incident's `sel list` as ipmitool 1.8.19 prints it on a client in another zone (C locale: two-digit year, zone name). */
function as1819(list: string, offsetMinutes: number, zone: string): string {
  return list.replace(/^(\s*[0-9a-f]+ \| )(\d\d)\/(\d\d)\/(\d{4}) \| (\d\d):(\d\d):(\d\d)/gm, (_all, head: string, mo, d, y, h, mi, s) => {
    const t = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) + offsetMinutes * 60_000);
    const p = (n: number) => String(n).padStart(2, '0');
    return `${head}${p(t.getUTCMonth() + 1)}/${p(t.getUTCDate())}/${p(t.getUTCFullYear() % 100)} | ${p(t.getUTCHours())}:${p(t.getUTCMinutes())}:${p(t.getUTCSeconds())} ${zone}`;
  });
}

describe('the incident with its SEL printed by ipmitool 1.8.19', () => {
  it.each([
    [480, 'CST'],
    [60, 'CET'],
    [-240, 'EDT'],
  ])('still lines up when the client ran at %i min (%s)', async (offset, zone) => {
    const list = as1819(fixture('incident-sel-list.txt'), offset, zone);
    expect(list).toContain(` ${zone} | Memory #0xeb`);
    const report = await analyze([sourceFromText('sel-list.txt', list), sourceFromText('messages', fixture('incident-messages.log'))]);
    const ue = report.events.find((e) => e.kind === 'sel' && e.recordId === 0x146);
    expect(ue?.time).toBe('2024-03-27T12:48:44Z');
    expect(report.clocks.selZones?.[0]).toMatchObject({ zone });
    const correlation = report.findings.find((f) => f.kind === 'hardware-correlation' && (f.hardwareEvent as { recordId?: number }).recordId === 0x146);
    expect(correlation?.deltaSeconds).toBeCloseTo(-1, 0);
  });
});

describe('one SEL record seen in several views', () => {
  // ipmitool ≥1.8.19 `sel elist` prints the client's zone (13:48:44 CET); ipmitool 1.8.18 `sel list`
  // and `sel get` print the BMC's stored clock (here +08:00) with no zone — the same stored second;
  // the BMC's web page exports it on UTC with decimal ids (326 = 0x146).
  const views = () => [
    sourceFromText('elist-cet.txt', fixture('one-record-views/elist-cet.txt')),
    sourceFromText('list.txt', fixture('one-record-views/list.txt')),
    sourceFromText('get-0146.txt', fixture('one-record-views/get-0146.txt')),
    sourceFromText('web-utc.md', fixture('one-record-views/web-utc.md')),
  ];

  it('merges the three views of one record into one event on UTC and keeps a different id apart', async () => {
    const report = await analyze(views());
    const memory = selEvents(report).filter((e) => e.sensorType === 'Memory');
    expect(memory.map((e) => e.recordId)).toEqual([0x146, 0x147]);
    const [ue, other] = memory;
    expect(ue).toMatchObject({ time: '2024-03-27T12:48:44Z', source: { input: 'elist-cet.txt', line: 2 }, sensorName: 'RAS_MEMORY', sensorNumber: 0xeb, raw: '063000' });
    expect(ue!.alsoSeenAt).toEqual([{ input: 'list.txt', line: 2 }, { input: 'get-0146.txt', line: 1 }, { input: 'web-utc.md', line: 3 }]);
    expect(other).toMatchObject({ time: '2024-03-27T12:48:44Z', alsoSeenAt: [{ input: 'list.txt', line: 3 }, { input: 'web-utc.md', line: 4 }] });
    expect(selEvents(report).find((e) => e.recordId === 0x144)).toMatchObject({ time: '2024-03-27T12:40:02Z', alsoSeenAt: [{ input: 'list.txt', line: 1 }] });
  });

  it('reports the gap between the views as the BMC clock offset', async () => {
    const report = await analyze(views());
    expect(report.clocks.bmcUtcOffset).toMatchObject({ value: '+08:00', method: 'same-record-views', confidence: 'high' });
    expect(report.clocks.bmcUtcOffset.evidence[0]).toMatchObject({ input: 'list.txt', line: 1 });
    expect(report.clocks.selZones).toEqual([expect.objectContaining({ zone: 'CET', value: '+01:00' }), expect.objectContaining({ zone: 'UTC', value: '+00:00' })]);
  });

  it('places the BMC clock from a web page that prints UTC alone', async () => {
    const report = await analyze([sourceFromText('list.txt', fixture('one-record-views/list.txt')), sourceFromText('web-utc.md', fixture('one-record-views/web-utc.md'))]);
    expect(report.clocks.bmcUtcOffset).toMatchObject({ value: '+08:00', method: 'same-record-views' });
    expect(selEvents(report).find((e) => e.recordId === 0x146)).toMatchObject({ time: '2024-03-27T12:48:44Z', alsoSeenAt: [{ input: 'web-utc.md', line: 3 }] });
  });

  it('leaves the BMC clock unknown when the zoned view shows other records only', async () => {
    const elist = fixture('one-record-views/elist-cet.txt').replace(/^\s+14[467] /gm, (m) => m.replace(/14([467])/, '24$1'));
    const report = await analyze([sourceFromText('elist-cet.txt', elist), sourceFromText('list.txt', fixture('one-record-views/list.txt'))]);
    expect(report.clocks.bmcUtcOffset.value).toBe('unknown');
    expect(selEvents(report).filter((e) => e.sensorType === 'Memory')).toHaveLength(4);
  });
});
