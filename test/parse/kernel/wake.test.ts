// The fast lane skims kernel messages that carry none of the kernel parser's wake tokens, so
// every row the parser knows must carry one: checked on each row's own example.
import { describe, expect, it } from 'vitest';
import { FRAME_ROWS } from '../../../src/parse/kernel/frames.js';
import { REGISTER_ROWS } from '../../../src/parse/kernel/registers.js';
import { EVENT_ROWS } from '../../../src/parse/kernel/rows.js';
import { IN_REPORT_WAKE, KERNEL_OPENS, KERNEL_WAKE } from '../../../src/parse/kernel/wake.js';

function inReport(message: string): boolean {
  return new RegExp(IN_REPORT_WAKE.opens!.source, 'y').test(message) || IN_REPORT_WAKE.wake!.test(message);
}

function wakes(message: string): boolean {
  const opens = new RegExp(KERNEL_OPENS.source, 'y');
  return KERNEL_WAKE.test(message) || opens.test(message);
}

describe('kernel wake tokens', () => {
  it('are in the example of every event row', () => {
    const silent = EVENT_ROWS.filter((row) => !wakes(row.example)).map((row) => row.name);
    expect(silent).toEqual([]);
  });

  it('are in host-fact, boot, routing and glued lines', () => {
    for (const line of [
      'CPU: 65 PID: 925 Comm: kcompactd4 Kdump: loaded Not tainted 4.18.0-372.19.1.es8_10.aarch64 #1',
      'Pid: 1, comm: swapper Not tainted 2.6.32-754.el6.x86_64 #1',
      'Hardware name: Huawei TaiShan 200 (Model 2280)/BC82AMDDA, BIOS 1.79 08/21/2021',
      'Linux version 4.18.0-372.19.1.es8_10.aarch64 (mockbuild@aarch64-kojid)',
      'Sending NMI from CPU 3 to CPUs 0-2,4-7:',
      '4WARNING: CPU: 0 PID: 1 at kernel/foo.c:1 bar+0x1/0x2',
      'Modules linked in:c dvkm(O)c',
      'pc : smp_call_function_many_cond+0x34c/0x3a0',
      'RIP: 0010:native_queued_spin_lock_slowpath+0x1d6/0x200',
    ])
      expect(wakes(line), line).toBe(true);
  });

  it('cover every register and frame row while a report is open', () => {
    const silent = [...REGISTER_ROWS, ...FRAME_ROWS].filter((row) => !inReport(row.example)).map((row) => row.name);
    expect(silent).toEqual([]);
  });

  it('leave ordinary kernel chatter alone', () => {
    for (const line of ['IPv4: martian source 10.0.3.4 from 10.0.0.1, on dev eth0', 'e1000e: eth0 NIC Link is Up 1000 Mbps Full Duplex', 'audit: type=1400 audit(1711543725.465:123): apparmor="DENIED"'])
      expect(wakes(line) || inReport(line), line).toBe(false);
  });
});
