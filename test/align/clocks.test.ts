import { describe, expect, it } from 'vitest';
import { analyze, sourceFromText, type Report } from '../../src/index.js';
import { buildScenario, goLogLine, syslogStamp, type Scenario } from './scenario.js';

async function run(s: Scenario, options: Parameters<typeof analyze>[1] = {}): Promise<Report> {
  const { messages, sel } = buildScenario(s);
  return analyze([sourceFromText('messages', messages), sourceFromText('sel.txt', sel)], options);
}

const ue = (report: Report) => report.events.find((e) => e.kind === 'sel' && e.description === 'Uncorrectable ECC');
const correlation = (report: Report) => report.findings.find((f) => f.kind === 'hardware-correlation' && String(f.summary).includes('Uncorrectable ECC'));

const failure = Date.UTC(2023, 10, 14, 3, 17, 9); // an unseen date and time

describe('BMC clock alignment', () => {
  it('scores the BMC as UTC when its records line up with the host going silent and rebooting', async () => {
    const report = await run({ failure, hostOffset: () => -300, bmcOffset: 0 });
    expect(report.clocks.hostUtcOffset.value).toBe('-05:00');
    expect(report.clocks.bmcUtcOffset).toMatchObject({ value: '+00:00', method: 'scored', confidence: 'high' });
    expect(report.clocks.bmcUtcOffset.score).toBeGreaterThan(report.clocks.bmcUtcOffset.runnerUp!.score);
    expect(ue(report)?.time).toBe('2023-11-14T03:17:09Z');
    expect(correlation(report)?.deltaSeconds).toBeCloseTo(-1, 0);
  });

  it('finds a BMC that keeps local time', async () => {
    const report = await run({ failure, hostOffset: () => 330, bmcOffset: 330 });
    expect(report.clocks.hostUtcOffset.value).toBe('+05:30');
    expect(report.clocks.bmcUtcOffset).toMatchObject({ value: '+05:30', method: 'scored' });
    expect(ue(report)?.time).toBe('2023-11-14T03:17:09Z');
    expect(ue(report)?.originalTime?.value).toBe('2023-11-14 08:47:09');
  });

  it('lines up ipmitool 1.8.19 output printed in the client zone (ambiguous CST read through the host offset)', async () => {
    const report = await run({ failure, hostOffset: () => 480, bmcOffset: 0, client: { offset: 480, zoneName: 'CST' } });
    expect(ue(report)).toMatchObject({ time: '2023-11-14T03:17:09Z', originalTime: { clock: 'bmc', value: '2023-11-14 11:17:09 CST' } });
    expect(report.clocks.selZones).toEqual([expect.objectContaining({ zone: 'CST', value: '+08:00', method: 'printed-zone+host-offset' })]);
    expect(correlation(report)?.deltaSeconds).toBeCloseTo(-1, 0);
  });

  it('reads US Central CST when that is where the host runs', async () => {
    const report = await run({ failure, hostOffset: () => -360, bmcOffset: 0, client: { offset: -360, zoneName: 'CST' } });
    expect(report.clocks.selZones?.[0]).toMatchObject({ zone: 'CST', value: '-06:00' });
    expect(ue(report)?.time).toBe('2023-11-14T03:17:09Z');
  });

  it('says unknown instead of guessing when nothing ties the BMC clock to the host', async () => {
    const report = await run({ failure, hostOffset: () => 60, bmcOffset: 0, noSilence: true });
    expect(report.clocks.bmcUtcOffset.value).toBe('unknown');
    expect(report.clocks.bmcUtcOffset.note).toMatch(/too weak/);
    expect(ue(report)?.time).toBeUndefined();
    expect(ue(report)?.originalTime).toEqual({ clock: 'bmc', value: '2023-11-14 03:17:09' });
    expect(correlation(report)).toBeUndefined();
  });

  it('takes the BMC zone from --bmc-tz with its DST rules', async () => {
    // Summer in Berlin: the BMC clock reads UTC+2.
    const summer = Date.UTC(2024, 6, 2, 9, 0, 0);
    const report = await run({ failure: summer, hostOffset: () => 0, bmcOffset: 120, noSilence: true }, { bmcTz: 'Europe/Berlin' });
    expect(report.clocks.bmcUtcOffset).toMatchObject({ value: '+02:00', method: 'option', zone: 'Europe/Berlin' });
    expect(ue(report)?.time).toBe('2024-07-02T09:00:00Z');
  });

  it('rejects a zone name it does not know', async () => {
    await expect(run({ failure, hostOffset: () => 0, bmcOffset: 0 }, { hostTz: 'Mars/Olympus' })).rejects.toThrow(/IANA time zone/);
  });
});

describe('host clock across a DST change', () => {
  // New York left EST for EDT at 2024-03-10 07:00Z; the host froze after the change and rebooted.
  const before = Date.UTC(2024, 2, 10, 5, 30, 0);
  const freeze = Date.UTC(2024, 2, 10, 9, 45, 0);
  const reboot = Date.UTC(2024, 2, 10, 11, 2, 0);
  const log = [
    goLogLine(before, -300, 'web-3'),
    goLogLine(before + 60_000, -300, 'web-3'),
    goLogLine(freeze - 60_000, -240, 'web-3'),
    goLogLine(freeze, -240, 'web-3'),
  ];
  const boot = `${syslogStamp(reboot, -240)} web-3 kernel: Linux version 6.1.0-18-amd64 (debian-kernel@lists.debian.org) #1 SMP PREEMPT_DYNAMIC`;
  const gapOf = (report: Report) => report.events.find((e) => e.kind === 'log-gap' && e.resumedBy !== undefined && String((e.resumedBy as { text: string }).text).includes('Linux version'));

  it('keeps each side of the change on its own offset when inferring', async () => {
    const report = await analyze([sourceFromText('messages', `${[...log, boot].join('\n')}\n`)]);
    expect(report.clocks.hostUtcOffset.changes).toEqual([{ from: '-05:00', to: '-04:00', between: [expect.any(String), expect.any(String)] }]);
    expect(gapOf(report)).toMatchObject({ time: '2024-03-10T09:45:00Z', until: '2024-03-10T11:02:00Z' });
    // The quiet night between 05:31 and 09:44 ends in an ordinary line, not a boot: not the host going silent.
    expect(report.events.filter((e) => e.kind === 'log-gap')).toEqual([gapOf(report)]);
  });

  it('measures a silence across the change in real time', async () => {
    // Silent from before the change until the reboot after it: 5 h 31 min of real time, 6 h 31 min on the wall clock.
    const report = await analyze([sourceFromText('messages', `${[log[0], log[1], boot, goLogLine(reboot + 60_000, -240, 'web-3')].join('\n')}\n`)]);
    expect(report.clocks.hostUtcOffset.changes).toHaveLength(1);
    expect(gapOf(report)?.silentSeconds).toBe((reboot - (before + 60_000)) / 1000);
  });

  it('uses the zone rules with --host-tz, on both sides of the change', async () => {
    // Year-less syslog stamps only: the year comes from the SEL paste.
    const sel = ' 1a | 03/10/2024 | 09:44:59 | Memory #0x51 | Uncorrectable ECC | Asserted\n';
    const winterLine = `${syslogStamp(before, -300)} web-3 systemd[1]: Started Daily apt upgrade and clean activities.`;
    const lastLine = `${syslogStamp(freeze, -240)} web-3 systemd[1]: Starting Cleanup of Temporary Directories...`;
    const report = await analyze([sourceFromText('messages', `${[winterLine, lastLine, boot].join('\n')}\n`), sourceFromText('sel.txt', sel)], {
      hostTz: 'America/New_York',
      bmcUtcOffset: '+00:00',
    });
    expect(report.clocks.hostUtcOffset).toMatchObject({ value: '-04:00', method: 'option', zone: 'America/New_York' });
    expect(report.clocks.year?.value).toBe(2024);
    const gaps = report.events.filter((e) => e.kind === 'log-gap');
    expect(gaps.map((g) => [g.time, g.until])).toEqual([['2024-03-10T09:45:00Z', '2024-03-10T11:02:00Z']]);
    expect(correlation(report)?.deltaSeconds).toBeCloseTo(-1, 0);
  });
});

describe('BMC clock changes and overrides', () => {
  it('reports a Timestamp Clock Sync pair as a jump of the BMC clock', async () => {
    const sel = [
      '   1 |  Pre-Init  |0000000007| System Event #0x83 | Timestamp Clock Sync | Asserted',
      '   2 | 01/01/2000 | 00:00:41 | System Event #0x83 | Timestamp Clock Sync | Asserted',
      '   3 | 09/18/2025 | 06:12:55 | System Event #0x83 | Timestamp Clock Sync | Asserted',
      '   4 | 09/18/2025 | 06:13:20 | Processor #0x51 | IERR | Asserted',
    ].join('\n');
    const report = await analyze([sourceFromText('sel.txt', `${sel}\n`)], { bmcUtcOffset: '+00:00' });
    expect(report.clocks.bmcClockSteps).toEqual([expect.objectContaining({ seconds: Date.UTC(2025, 8, 18, 6, 12, 55) / 1000 - Date.UTC(2000, 0, 1, 0, 0, 41) / 1000 })]);
    expect(report.clocks.bmcClockSteps![0]!.evidence.map((e) => e.line)).toEqual([2, 3]);
    expect(report.clocks.bmcUtcOffset.note).toMatch(/stepped 1 time/);
    const preInit = report.events.find((e) => e.recordId === 1);
    expect(preInit?.time).toBeUndefined();
    expect(preInit?.originalTime).toEqual({ clock: 'bmc', value: 'Pre-Init +7 s after BMC start' });
  });

  it('keeps an override but says when the evidence disagrees with it', async () => {
    const report = await run({ failure, hostOffset: () => -300, bmcOffset: 0 }, { bmcUtcOffset: '-05:00' });
    expect(report.clocks.bmcUtcOffset).toMatchObject({ value: '-05:00', method: 'option' });
    expect(report.clocks.bmcUtcOffset.note).toMatch(/evidence points to \+00:00/);
  });
});
