import { describe, expect, it } from 'vitest';
import { parseTexts } from '../kernel/helpers.js';

// What an Ubuntu /var/log/kern.log holds across a reboot: every early-boot line is stamped at
// uptime 0.000000 (printk starts before the clocksource), then rsyslogd announces itself.
const early = (stamp: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${stamp} web-4 kernel: [    0.${String(i * 1000).padStart(6, '0')}] early boot line ${i}: ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x7fffffff]`);
const KERN_LOG = [
  'Aug  2 21:07:31 web-4 kernel: [ 9120.331000] igb 0000:03:00.0 eno1: igb: eno1 NIC Link is Down',
  'Aug  2 21:07:31 web-4 kernel: [ 9120.331007] watchdog: BUG: soft lockup - CPU#3 stuck for 22s! [kworker/3:1:311]',
  'Aug  2 22:14:03 web-4 kernel: [    0.000000] Linux version 6.8.0-41-generic (buildd@lcy02-amd64-100) (x86_64-linux-gnu-gcc-13 (Ubuntu 13.2.0-23ubuntu4) 13.2.0) #41-Ubuntu SMP PREEMPT_DYNAMIC Fri Jul 12 20:41:06 UTC 2024 (Ubuntu 6.8.0-41.41-generic 6.8.12)',
  'Aug  2 22:14:03 web-4 kernel: [    0.000000] Command line: BOOT_IMAGE=/vmlinuz-6.8.0-41-generic root=UUID=0b1c ro quiet splash',
  ...early('Aug  2 22:14:03', 40),
  'Aug  2 22:14:05 web-4 kernel: [    1.921000] Run /init as init process',
  'Aug  2 22:14:09 web-4 rsyslogd: [origin software="rsyslogd" swVersion="8.2312.0" x-pid="702" x-info="https://www.rsyslog.com"] start',
  'Aug  2 23:40:11 web-4 kernel: [ 5168.004000] perf: interrupt took too long (2509 > 2500), lowering kernel.perf_event_max_sample_rate to 79500',
  // A reboot whose banner scrolled out of the ring buffer before rsyslog started: the reset alone says it.
  'Aug  3 01:02:44 web-4 kernel: [    0.812000] pci 0000:00:1f.0: [8086:7a06] type 00 class 0x060100',
  ...early('Aug  3 01:02:44', 10).map((line) => line.replace('[    0.', '[    1.')),
].join('\n');

describe('host-log boots: one per boot', () => {
  it('kern.log: a banner, an uptime reset and a logger start are one boot each time, never one per early line', async () => {
    const bundle = await parseTexts(['kern.log', KERN_LOG]);
    expect(bundle.boots.map((b) => b.source.line)).toEqual([3, 48]);
    expect(bundle.hostLogGaps.filter((g) => g.afterIsBoot).map((g) => g.after.source.line)).toEqual([3, 48]);
  });

  it('journal JSON: a new _BOOT_ID is a boot, shown as host, program and message rather than raw JSON', async () => {
    const record = (bootId: string, realtime: number, monotonicUs: number, message: string) =>
      JSON.stringify({ __REALTIME_TIMESTAMP: String(realtime * 1000), _BOOT_ID: bootId, _HOSTNAME: 'web-4', SYSLOG_IDENTIFIER: 'kernel', _TRANSPORT: 'kernel', _SOURCE_MONOTONIC_TIMESTAMP: String(monotonicUs), MESSAGE: message });
    const t = Date.UTC(2024, 7, 2, 20, 14, 3);
    const journal = [
      record('6b1f0c', t, 0, 'Linux version 6.8.0-41-generic (buildd@lcy02-amd64-100) #41-Ubuntu SMP PREEMPT_DYNAMIC Fri Jul 12 20:41:06 UTC 2024'),
      ...Array.from({ length: 20 }, (_, i) => record('6b1f0c', t, i * 1000, `early boot line ${i}`)),
      record('6b1f0c', t + 3600_000, 3600_000_000, 'EXT4-fs (nvme0n1p2): re-mounted. Quota mode: none.'),
      // The next boot's journal starts after its early lines were rotated away: the boot id says it.
      record('9e27d4', t + 7200_000, 4_210_000, 'systemd-journald[412]: Time spent on flushing to /var/log/journal is 18.2ms for 1021 entries.'),
      record('9e27d4', t + 7201_000, 5_210_000, 'EXT4-fs (nvme0n1p2): re-mounted. Quota mode: none.'),
    ].join('\n');
    const bundle = await parseTexts(['journal.json', journal]);
    expect(bundle.boots).toHaveLength(2);
    expect(bundle.boots.map((b) => b.bootId)).toEqual(['6b1f0c', '9e27d4']);
    expect(bundle.boots[0]!.text).toMatch(/^web-4 kernel: Linux version 6\.8\.0-41-generic/);
    expect(bundle.boots.some((b) => b.text.includes('{"'))).toBe(false);
  });

  it('a central log of several hosts: each kernel keeps its own uptime, and a host’s silence is its own', async () => {
    // Three hosts' kern.log lines interleaved by a central rsyslog, their kernels up for different times.
    const uptimes: Record<string, number> = { 'db-1': 5_000, 'web-2': 120, 'cache-3': 90_000 };
    const lines: string[] = [];
    const stamp = (minute: number, second: number) => `Mar 27 10:${String(minute).padStart(2, '0')}:${String(second).padStart(2, '0')}`;
    // A full syslog (not the kernel's lines alone, where silence is normal): kernel and daemon lines.
    const say = (minute: number, second: number, host: string, message: string) => {
      uptimes[host]! += 1;
      lines.push(`${stamp(minute, second)} ${host} kernel: [${uptimes[host]!.toFixed(6).padStart(12)}] ${message}`);
      lines.push(`${stamp(minute, second)} ${host} sshd[42]: Accepted publickey for ops from 10.0.0.9`);
    };
    for (let i = 0; i < 30; i++) for (const host of ['db-1', 'web-2', 'cache-3']) say(0, i, host, `eth0: rx ${i}`);
    // web-2 goes quiet for twelve minutes, then boots; the others keep talking.
    for (let i = 0; i < 30; i++) for (const host of ['db-1', 'cache-3']) say(1 + Math.floor(i / 3), (i % 3) * 20, host, `eth0: rx ${i}`);
    lines.push(`${stamp(12, 30)} web-2 kernel: [    0.000000] Linux version 6.8.0-41-generic (buildd@lcy02-amd64-100) #41-Ubuntu SMP`);
    uptimes['web-2'] = 0;
    for (let i = 0; i < 10; i++) for (const host of ['db-1', 'web-2', 'cache-3']) say(12, 31 + i, host, `eth0: rx ${i}`);
    const bundle = await parseTexts(['messages', lines.join('\n')]);
    const bootLine = lines.findIndex((line) => line.includes('Linux version')) + 1;
    expect(bundle.boots.map((b) => b.source.line)).toEqual([bootLine]);
    // The quiet spell before the boot is web-2's own: from its last line, not from cache-3's just before.
    const webLast = lines.findLastIndex((line, i) => i < bootLine - 1 && line.includes(' web-2 ')) + 1;
    expect(bundle.hostLogGaps.map((gap) => [gap.before.source.line, gap.after.source.line])).toEqual([[webLast, bootLine]]);
  });
});
