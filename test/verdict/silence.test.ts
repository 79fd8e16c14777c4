// Issue #16 item 5: a healthy host must not get a hardware verdict from a log's normal quiet or
// from one supply of a redundant pair dropping out for a minute.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze, sourceFromText } from '../../src/index.js';
import type { HardwareCorrelationFinding, Report } from '../../src/report/types.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/silence/${name}`, import.meta.url), 'utf8');
const UTC = { hostUtcOffset: '+00:00', bmcUtcOffset: '+00:00' };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');
const stamp = (ms: number) => {
  const d = new Date(ms);
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
};
const PROGRAMS = ['systemd[1]: Started session-4411.scope - Session 4411 of User deploy.', 'sshd[90211]: Accepted publickey for deploy from 10.20.0.7 port 51122 ssh2', 'CRON[90240]: (root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)', 'containerd[811]: level=info msg="cleaning up dead shim"'];

/** A full syslog of host web-3 that speaks every `every` seconds from `from` to `to`. */
function speaking(from: number, to: number, every = 20): string[] {
  const lines: string[] = [];
  for (let t = from, i = 0; t <= to; t += every * 1000, i++) lines.push(`${stamp(t)} web-3 ${PROGRAMS[i % PROGRAMS.length]}`);
  return lines;
}
const at = (hh: number, mm: number, ss = 0) => Date.UTC(2025, 4, 14, hh, mm, ss);
const boot = (ms: number) => `${stamp(ms)} web-3 kernel: Linux version 6.8.0-45-generic (buildd@lcy02-amd64-115) (x86_64-linux-gnu-gcc-13 (Ubuntu 13.2.0-23ubuntu4) 13.2.0) #45-Ubuntu SMP PREEMPT_DYNAMIC`;
const flap = (ms: number) => `${stamp(ms)} web-3 kernel: ice 0000:3b:00.0 ens1f0: NIC Link is Down`;

const run = (files: Record<string, string>): Promise<Report> => analyze(Object.entries(files).map(([name, text]) => sourceFromText(name, text)), UTC);
const correlations = (report: Report) => report.findings.filter((f): f is HardwareCorrelationFinding => f.kind === 'hardware-correlation');
const memoryUe = (ms: number) => `  31 | 05/14/2025 | ${new Date(ms).toISOString().slice(11, 19)} | Memory #0x51 | Uncorrectable ECC | Asserted\n`;

describe('when the host went silent', () => {
  it('a kernel-only journal quiet for hours and a PSU back in 80 s: no hardware verdict', async () => {
    const report = await run({ 'journal-k.txt': fixture('journal-k-healthy.txt'), 'sel.txt': fixture('sel-psu-ac-lost.txt') });
    expect(report.events.filter((e) => e.kind === 'log-gap')).toEqual([]);
    expect(report.verdict.rootCause).toBe('none');
  });

  it('a full syslog quiet for hours that resumes with a link flap, not a boot, did not go silent', async () => {
    const lines = [...speaking(at(1, 50), at(2, 11, 5)), flap(at(7, 42, 18)), ...speaking(at(7, 42, 30), at(7, 50))];
    const report = await run({ messages: `${lines.join('\n')}\n`, 'sel.txt': memoryUe(at(2, 11, 3)) });
    expect(report.events.filter((e) => e.kind === 'log-gap')).toEqual([]);
    expect(report.verdict.rootCause).toBe('none');
  });

  it('a full syslog that stops and comes back with a boot did go silent', async () => {
    const lines = [...speaking(at(1, 50), at(2, 11, 5)), boot(at(7, 42, 18)), ...speaking(at(7, 42, 30), at(7, 50))];
    const report = await run({ messages: `${lines.join('\n')}\n`, 'sel.txt': memoryUe(at(2, 11, 3)) });
    expect(report.events.filter((e) => e.kind === 'log-gap')).toMatchObject([{ time: '2025-05-14T02:11:00Z', until: '2025-05-14T07:42:18Z' }]);
    expect(report.verdict.rootCause).toBe('hardware-memory');
  });

  it('judges a short quiet before a boot by the log\'s own line rate', async () => {
    // A log that speaks every 2 s and reboots 9 s after its last line: a restart, not a host gone silent.
    const lines = [...speaking(at(2, 0), at(2, 11), 2), boot(at(2, 11, 9)), ...speaking(at(2, 11, 20), at(2, 12), 2)];
    const report = await run({ messages: `${lines.join('\n')}\n`, 'sel.txt': memoryUe(at(2, 11, 3)) });
    expect(report.events.filter((e) => e.kind === 'log-gap')).toEqual([]);
  });
});

describe('a supply of a redundant pair', () => {
  const silentThenBoot = [...speaking(at(1, 50), at(2, 12, 31)), boot(at(7, 42, 18))].join('\n');

  it('dropping out for 80 s is listed but is not the cause of a hang', async () => {
    const report = await run({ messages: `${silentThenBoot}\n`, 'sel.txt': fixture('sel-psu-ac-lost.txt') });
    const psu = correlations(report).find((f) => f.hardwareEvent.description === 'Power Supply AC lost');
    expect(psu?.notACause).toMatch(/^deasserted 80 s later while Power Supply #0x48 was present/);
    expect(report.verdict.rootCause).toBe('none');
  });

  it('is still a cause when no second supply is seen', async () => {
    const single = fixture('sel-psu-ac-lost.txt').split('\n').filter((l) => !l.includes('#0x48')).join('\n');
    const report = await run({ messages: `${silentThenBoot}\n`, 'sel.txt': single });
    expect(report.verdict.rootCause).toBe('hardware-other');
  });
});
