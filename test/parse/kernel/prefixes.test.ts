// One x86_64 soft-lockup report, written out in every line-prefix format an operator pastes:
// the event must come out the same whichever prefix carried it.
import { describe, expect, it } from 'vitest';
import { eventsOf } from './helpers.js';

const REPORT = [
  'watchdog: BUG: soft lockup - CPU#11 stuck for 48s! [qemu-kvm:48213]',
  'Modules linked in: kvm_intel kvm irqbypass',
  'CPU: 11 PID: 48213 Comm: qemu-kvm Kdump: loaded Tainted: G             L    5.14.0-284.11.1.el9_2.x86_64 #1',
  'Hardware name: Lenovo ThinkSystem SR650 V2/7Z73CTO1WW, BIOS AFE124E-1.32 03/14/2023',
  'RIP: 0010:smp_call_function_many_cond+0x133/0x3a0',
  'Code: 48 63 d0 49 8b 0e 48 03 0c d5 80 f9 d8 82 8b 41 08 a8 01 74 09 f3 90 <8b> 51 08 83 e2 01 75 f7',
  'RSP: 0018:ffffb4c1a3bcbc08 EFLAGS: 00000202',
  'RAX: 0000000000000011 RBX: ffff9d0f7f8b4a00 RCX: ffff9d0f7f6f2f40',
  'RDX: 0000000000000001 RSI: 0000000000000000 RDI: ffff9d0f7f8b4a08',
  'RBP: 0000000000000004 R08: 0000000000000000 R09: 0000000000000000',
  'R10: 0000000000000000 R11: 0000000000000000 R12: ffffffffb6a7c5d0',
  'R13: 0000000000000000 R14: ffff9d0f7f8b4a00 R15: 0000000000000100',
  'Call Trace:',
  ' <TASK>',
  ' on_each_cpu_cond_mask+0x1e/0x30',
  ' flush_tlb_mm_range+0x12b/0x140',
  ' change_protection+0x4a1/0x6b0',
  ' mprotect_fixup+0x1d2/0x2f0',
  ' do_mprotect_pkey+0x1b4/0x360',
  ' __x64_sys_mprotect+0x1b/0x30',
  ' do_syscall_64+0x59/0x90',
  ' entry_SYSCALL_64_after_hwframe+0x63/0xcd',
  ' </TASK>',
];

const base = Date.UTC(2025, 9, 30, 6, 21, 23);
const uptime = (i: number) => 7311.5 + i * 0.000123;
const pad = (n: number) => String(n).padStart(2, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const at = (i: number) => new Date(base + i * 1000);
const bsd = (d: Date) => `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
const iso = (d: Date) => d.toISOString().slice(0, 19);

const FORMATS: Record<string, (msg: string, i: number) => string> = {
  dmesg: (m, i) => `[${uptime(i).toFixed(6).padStart(12)}] ${m}`,
  'dmesg with caller id': (m, i) => `[${uptime(i).toFixed(6).padStart(12)}][    C11] ${m}`,
  'pstore <level>': (m, i) => `<4>[${uptime(i).toFixed(6).padStart(12)}] ${m}`,
  kmsg: (m, i) => `4,${5012 + i},${Math.round(uptime(i) * 1e6)},-;${m}`,
  'journalctl short': (m, i) => `${bsd(at(i))} hv-3 kernel: ${m}`,
  'syslog with [uptime]': (m, i) => `${bsd(at(i))} hv-3 kernel: [${uptime(i).toFixed(6).padStart(12)}] ${m}`,
  'journalctl short-precise': (m, i) => `${bsd(at(i))}.123456 hv-3 kernel: ${m}`,
  'journalctl short-iso': (m, i) => `${iso(at(i))}+0530 hv-3 kernel: ${m}`,
  'journalctl short-monotonic': (m, i) => `[${uptime(i).toFixed(6).padStart(12)}] hv-3 kernel: ${m}`,
  'journalctl short-full': (m, i) => `Thu ${iso(at(i)).replace('T', ' ')} IST hv-3 kernel: ${m}`,
  'journalctl -o json': (m, i) => JSON.stringify({ __REALTIME_TIMESTAMP: String((base + i) * 1000), _HOSTNAME: 'hv-3', _TRANSPORT: 'kernel', SYSLOG_IDENTIFIER: 'kernel', PRIORITY: '4', _SOURCE_MONOTONIC_TIMESTAMP: String(Math.round(uptime(i) * 1e6)), MESSAGE: m }),
  'dmesg -T': (m, i) => `[Thu Oct 30 ${iso(at(i)).slice(11)} 2025] ${m}`,
  'RFC 5424': (m, i) => `<4>1 ${iso(at(i))}.000+05:30 hv-3 kernel - - - ${m}`,
  'raw console (no prefix)': (m) => m,
  'serial capture with CRLF': (m, i) => `[${uptime(i).toFixed(6).padStart(12)}] ${m}\r`,
};

describe('the same report behind every prefix format', () => {
  for (const [name, format] of Object.entries(FORMATS)) {
    it(name, async () => {
      const text = ['Some unrelated line before the report', ...REPORT].map((m, i) => format(m, i)).join('\n') + '\n';
      const events = (await eventsOf(text, `${name}.log`)).filter((e) => e.kind === 'soft-lockup');
      expect(events).toHaveLength(1);
      const e = events[0]!;
      expect(e).toMatchObject({
        cpu: 11,
        pid: 48213,
        comm: 'qemu-kvm',
        stuckSeconds: 48,
        pc: 'smp_call_function_many_cond+0x133/0x3a0',
        guiltyFrame: 'change_protection',
        title: 'BUG: soft lockup in smp_call_function',
        entry: 'syscall:mprotect',
        source: { line: 2 },
      });
      expect(e.registers).toMatchObject({ rax: '0000000000000011', rbp: '0000000000000004', eflags: '00000202' });
      expect(e.frames).toHaveLength(8);
    });
  }
});
