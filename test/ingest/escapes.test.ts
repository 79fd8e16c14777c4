// rsyslog escapes control characters (`#011` for the tab the kernel puts before each per-CPU
// RCU stall line, kernel/rcu/tree_stall.h), so in every rsyslog-written file the stall used to
// lose its CPUs. The fixture is the stall as rsyslog writes it; the same lines are retold in the
// other syslog formats rsyslog writes, and the CPUs must survive in each.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { normaliseLine } from '../../src/parse/prefix/normalise.js';
import { eventsOf } from '../parse/kernel/helpers.js';

const FIXTURE = readFileSync(fileURLToPath(new URL('../fixtures/paste/rsyslog-escaped-rcu-stall.log', import.meta.url)), 'utf8');
const BSD = /^Mar 12 03:14:(\d\d) db-7 (kernel|systemd\[1\]): /;

const RETOLD: Record<string, (message: string, program: string, second: string) => string> = {
  'bsd-syslog (RHEL /var/log/messages)': (m, p, s) => `Mar 12 03:14:${s} db-7 ${p}: ${m}`,
  'rfc3339-syslog (rsyslog RSYSLOG_FileFormat)': (m, p, s) => `2025-03-12T03:14:${s}.412211+01:00 db-7 ${p}: ${m}`,
  'rfc5424 (rsyslog forwarding)': (m, p, s) => `<3>1 2025-03-12T03:14:${s}.412211+01:00 db-7 ${p.replace(/\[\d+\]/, '')} - - - ${m}`,
  'kern.log with [uptime]': (m, p, s) => `Mar 12 03:14:${s} db-7 ${p}: ${p === 'kernel' ? `[ 8812.0${s}1] ` : ''}${m}`,
};

function retell(format: (message: string, program: string, second: string) => string): string {
  return FIXTURE.split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const m = BSD.exec(line)!;
      return format(line.slice(m[0].length), m[2]!, m[1]!);
    })
    .join('\n');
}

describe('rsyslog control-character escapes', () => {
  for (const [name, format] of Object.entries(RETOLD)) {
    it(`keeps the stalled CPUs of an RCU stall in ${name}`, async () => {
      const stall = (await eventsOf(retell(format), 'messages')).find((e) => e.kind === 'rcu-stall');
      expect(stall?.cpus).toEqual([21, 37]);
      expect(stall?.details).toMatchObject({ detectedBy: 4, jiffies: 60002, 'cpu21Flags': '...!', cpu37GpsBehind: 5 });
    });
  }

  it('gives a tab back and drops escaped colour sequences and other control characters', () => {
    const line = (text: string) => normaliseLine({ input: 'messages', line: 1, text }).message;
    expect(line('Mar 12 03:14:08 db-7 systemd[1]: #033[0;1;31mFailed#033[0m to start #033[0;1;39mfoo.service#033[0m.')).toBe('Failed to start foo.service.');
    expect(line('Mar 12 03:14:07 db-7 kernel: rcu: #011(detected by 4, t=60002 jiffies)')).toBe('rcu: \t(detected by 4, t=60002 jiffies)');
    expect(line('Mar 12 03:14:07 db-7 kernel: bell#007 here')).toBe('bell here');
    // `#` and three octal digits that are no control character is text (a build number).
    expect(line('Mar 12 03:14:07 db-7 kernel: rcu: #011CPU: 3 PID: 1 Comm: x Not tainted 4.15.0-143-generic #147-Ubuntu')).toMatch(/^rcu: \tCPU.*#147-Ubuntu$/);
  });

  it('reads CPU#177 as a CPU, not as an escaped DEL (the kernel prints CPU#%d)', async () => {
    const csd = 'smp: csd: Detected non-responsive CSD lock (#1) on CPU#177, waiting 5000000032 ns for CPU#03 do_flush_tlb_all+0x0/0x30(0x0).';
    const lockup = 'watchdog: BUG: soft lockup - CPU#177 stuck for 22s! [kworker/177:1:1234]';
    expect(normaliseLine({ input: 'messages', line: 1, text: `Mar 12 03:14:07 db-7 kernel: ${lockup}` }).message).toBe(lockup);
    for (const text of [`[ 812.000001] ${lockup}\n[ 812.000002] ${csd}`, `Mar 12 03:14:07 db-7 kernel: ${lockup}\nMar 12 03:14:07 db-7 kernel: ${csd}`]) {
      const events = await eventsOf(text, 'messages');
      expect(events.find((e) => e.kind === 'soft-lockup')?.cpu).toBe(177);
      expect(events.find((e) => e.kind === 'csd-lock-timeout')?.cpu).toBe(177);
    }
  });
});
