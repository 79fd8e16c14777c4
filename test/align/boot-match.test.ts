import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analyze, sourceFromText, type Report } from '../../src/index.js';

// One boot of host db-7 whose uptime 0 was 2024-08-02T18:35:00.000Z. The host's syslog prints
// local time (+02:00) to the microsecond (journalctl -o short-precise) with the kernel's own
// `[uptime]`; rsyslog receives each kernel line a few ms after printk stamped it.
const ZERO = Date.UTC(2024, 7, 2, 18, 35, 0);
const OFFSET_MS = 2 * 3600_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function stamp(utc: number): string {
  const d = new Date(utc + OFFSET_MS);
  return `${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}000`;
}
const upt = (u: number) => `[${u.toFixed(6).padStart(12, ' ')}]`;
const LOCKUP = 'watchdog: BUG: soft lockup - CPU#3 stuck for 22s! [kworker/3:1:311]';
const REBOOT = ZERO + (9120 + 3600) * 1000;

/** Host log lines: [uptime, logger lag ms, message]; `pairs` false drops the kernel's [uptime] (a plain syslog template). */
function hostLog(pairs: boolean): string {
  const kernel = (uptime: number, lagMs: number, message: string, zero = ZERO) =>
    `${stamp(zero + uptime * 1000 + lagMs)} db-7 kernel: ${pairs ? `${upt(uptime)} ` : ''}${message}`;
  // The excerpt starts after the boot (a rotated log): the BMC's record is the only boot record of that boot.
  return [
    kernel(61.2, 3, 'audit: type=1400 audit(1722623761.200:181): apparmor="STATUS" operation="profile_load" profile="unconfined" name="/usr/bin/man"'),
    `${stamp(ZERO + 90_000)} db-7 systemd[1]: Started cron.service - Regular background program processing daemon.`,
    kernel(4000.5, 2, 'EXT4-fs (nvme0n1p2): resizing filesystem from 1048576 to 2097152 blocks'),
    kernel(9120.331, 4, LOCKUP),
    kernel(0, 5, 'Linux version 6.8.0-41-generic (buildd@lcy02-amd64-100) (x86_64-linux-gnu-gcc-13 (Ubuntu 13.2.0-23ubuntu4) 13.2.0) #41-Ubuntu SMP PREEMPT_DYNAMIC Fri Aug  2 20:41:06 UTC 2024', REBOOT),
    kernel(12.75, 1, 'igb 0000:03:00.0 eno1: igb: eno1 NIC Link is Up 1000 Mbps Full Duplex, Flow Control: RX/TX', REBOOT),
  ].join('\n');
}

/** The serial console of the same boot: uptime only, and it keeps printing after the host log stopped. */
function console_(withSharedLine: boolean): string {
  return [
    ...(withSharedLine ? [`${upt(9120.331)} ${LOCKUP}`] : []),
    `${upt(9150.2)} rcu: INFO: rcu_preempt self-detected stall on CPU`,
    `${upt(9178.2)} Kernel panic - not syncing: softlockup: hung tasks`,
  ].join('\n');
}

const SEL = [
  '   1 | 08/02/2024 | 18:33:40 | System Boot Initiated #0x0a | Initiated by power up | Asserted',
  `  2 | 08/02/2024 | ${new Date(REBOOT - 40_000).toISOString().slice(11, 19)} | System Boot Initiated #0x0a | Initiated by warm reset | Asserted`,
].join('\n');

async function run(pairs: boolean, shared: boolean): Promise<Report> {
  return analyze([sourceFromText('messages', hostLog(pairs)), sourceFromText('console.log', console_(shared)), sourceFromText('sel.txt', SEL)], { hostUtcOffset: '+02:00', bmcUtcOffset: '+00:00' });
}

/** The console's own reports (its copy of the host's lockup line is folded into the host's event). */
const consoleLockups = (report: Report) => report.events.filter((e) => e.source.input === 'console.log' && (e.kind === 'rcu-stall' || e.kind === 'panic'));
/** The boot's uptime 0 as its pairs measure it: the median logger lag (3, 2, 4 ms → 3 ms) after the true zero. */
const MEASURED_ZERO = ZERO + 3;

describe('uptime-only consoles are placed through the host log’s [uptime] pairs of the same boot', () => {
  it('identical lines at equal uptimes: mapped through the pairs, exact to the millisecond', async () => {
    const report = await run(true, true);
    const lockups = consoleLockups(report);
    expect(lockups.map((e) => e.time)).toEqual([9150.2, 9178.2].map((u) => new Date(MEASURED_ZERO + Math.round(u * 1000)).toISOString()));
    expect(lockups.every((e) => e.placedBy === 'matched-boot-pairs' && e.timeEstimated === undefined)).toBe(true);
    const anchor = report.clocks.boots.find((b) => b.method === 'uptime-pairs' && b.input === 'messages' && b.places)!;
    expect(anchor).toMatchObject({ uptimeZeroAt: new Date(MEASURED_ZERO).toISOString(), pairs: 3, spreadSeconds: 0.002 });
    expect(anchor.places).toEqual([expect.objectContaining({ input: 'console.log', boot: 0, method: 'identical-lines' })]);
    expect(report.clocks.boots.some((b) => b.method === 'bmc-boot-record')).toBe(false);
  });

  it('no shared line: the console continues the boot’s pairs where the host log went quiet, and no other boot fits', async () => {
    const report = await run(true, false);
    const lockups = consoleLockups(report);
    expect(lockups.map((e) => e.time)).toEqual([9150.2, 9178.2].map((u) => new Date(MEASURED_ZERO + Math.round(u * 1000)).toISOString()));
    expect(lockups[0]!.placedBy).toBe('matched-boot-pairs');
    expect(report.clocks.boots.flatMap((b) => b.places ?? [])).toEqual([expect.objectContaining({ method: 'uptime-range' })]);
  });

  it('the same console without pairs falls back to the BMC boot record, labelled as an estimate', async () => {
    const report = await run(false, true);
    const lockups = consoleLockups(report);
    // Uptime 0 taken as the BMC's 18:33:40 record: 80 s early (firmware ran in between), and said so.
    expect(lockups[0]).toMatchObject({ placedBy: 'bmc-boot-record-estimate', timeEstimated: true, time: new Date(Date.UTC(2024, 7, 2, 18, 33, 40) + 9150_200).toISOString() });
    expect(report.clocks.boots.find((b) => b.method === 'bmc-boot-record')).toMatchObject({ input: 'console.log', estimated: { method: 'bmc-boot-record', confidence: 'low' } });
  });
});

describe('an x86 machine-check panic whose record carries TIME', () => {
  it('places the MCE on UTC and lines it up with the SEL memory event', async () => {
    // test/fixtures/kernel/hw/mce-intel-fatal-panic.log: TIME 1722625533 = 2024-08-02T19:05:33Z at uptime 5210.118352.
    const mcePanic = readFileSync(fileURLToPath(new URL('../fixtures/kernel/hw/mce-intel-fatal-panic.log', import.meta.url)), 'utf8');
    const sel = '  1a3 | 08/02/2024 | 19:05:31 | Memory #0x87 | Uncorrectable ECC | Asserted';
    const report = await analyze([sourceFromText('console.log', mcePanic), sourceFromText('sel.txt', sel)], { bmcUtcOffset: '+00:00' });
    expect(report.events.find((e) => e.kind === 'mce')).toMatchObject({ time: '2024-08-02T19:05:33Z', placedBy: 'record-time', hardwareError: { fatal: true, bank: 7 } });
    const correlation = report.findings.find((f) => f.kind === 'hardware-correlation' && String(f.summary).includes('Uncorrectable ECC'));
    expect(correlation).toMatchObject({ deltaSeconds: expect.closeTo(-2, 0) });
    expect((correlation!.correlatedWith as { kind: string }[]).map((c) => c.kind)).toContain('panic');
  });
});
