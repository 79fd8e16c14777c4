import { describe, expect, it } from 'vitest';
import { eventsOf, fixture, parseTexts } from './helpers.js';

describe('kernel parser on made-up variants', () => {
  it('x86_64 soft lockup with caller ids: CPU, task, RIP, registers, Code bytes, entry', async () => {
    const events = await eventsOf(fixture('x86-softlockup-caller.log'));
    const lockups = events.filter((e) => e.kind === 'soft-lockup');
    expect(lockups).toHaveLength(1);
    const e = lockups[0]!;
    expect(e).toMatchObject({ cpu: 7, pid: 3310, comm: 'kworker/7:1', stuckSeconds: 26, pc: 'smp_call_function_many_cond+0x12e/0x3d0', uptime: 9121.004512 });
    expect(e.registers).toMatchObject({ rax: '0000000000000011', rbp: '0000000000000013', r15: '0000000000000080', rsp: 'ffffc900070dbd38', eflags: '00000202' });
    expect(e.details?.code).toMatch(/<8b> 51 08 83 e2 01 75 f7$/);
    expect(e.frames?.map((f) => f.func)).toEqual(['flush_tlb_func', 'on_each_cpu_cond_mask', '__purge_vmap_area_lazy', 'drain_vmap_area_work', 'process_one_work', 'worker_thread', 'kthread', 'ret_from_fork']);
    expect(e.frames?.[0]).toMatchObject({ reliable: false, context: 'task' });
    expect(e.guiltyFrame).toBe('__purge_vmap_area_lazy');
    expect(e.entry).toBe('workqueue:free_work');
    expect(e.taint).toBe('GL');
    // The journald line from another caller context did not end up in the report.
    expect(e.endLine).toBe(28);
  });

  it('powerpc hard lockup: detector and stuck CPU, NIP/LR, GPRs, unreliable first frame', async () => {
    const events = await eventsOf(fixture('ppc64-hardlockup.log'));
    const hard = events.filter((e) => e.kind === 'hard-lockup');
    expect(hard[0]).toMatchObject({ cpu: 5, cpus: [5], details: expect.objectContaining({ detectedBy: 12 }) });
    const withDump = hard.find((e) => e.registers);
    expect(withDump).toMatchObject({ cpu: 5, pid: 21877, comm: 'db2sysc', pc: 'smp_call_function_many+0x2fc/0x3d0', lr: 'smp_call_function_many+0x2e8/0x3d0' });
    expect(withDump!.registers).toMatchObject({ nip: 'c0000000001d5d8c', lr: 'c0000000001d5d78', gpr00: 'c0000000001d5d78', gpr07: '0000000000000000', msr: '8000000000029033' });
    expect(withDump!.frames?.[0]).toMatchObject({ func: 'smp_call_function_many', reliable: false });
    expect(withDump!.guiltyFrame).toBe('radix__flush_tlb_mm');
    expect(withDump!.entry).toBe('syscall:munmap');
  });

  it('two arm64 CPUs interleaved without caller ids: each report gets its own task, pc and trace', async () => {
    const events = await eventsOf(fixture('arm64-interleaved.log'));
    const byCpu = new Map(events.filter((e) => e.kind === 'soft-lockup').map((e) => [e.cpu, e]));
    expect([...byCpu.keys()].sort()).toEqual([17, 3]);
    expect(byCpu.get(17)).toMatchObject({ comm: 'java', pid: 9120, pc: 'queued_spin_lock_slowpath+0x1d8/0x2c0', guiltyFrame: 'futex_wake', title: 'BUG: soft lockup in sys_futex', entry: 'syscall:futex' });
    expect(byCpu.get(17)!.registers).toMatchObject({ x29: 'ffff80002a4bbb70', x0: 'ffff0020e0c54018', pstate: '80400009', sp: 'ffff80002a4bbb70' });
    expect(byCpu.get(3)).toMatchObject({ comm: 'nginx', pid: 4411, pc: 'tcp_sendmsg_locked+0x3a0/0xc80', guiltyFrame: 'tcp_sendmsg_locked', entry: 'syscall:sendto' });
    expect(byCpu.get(3)!.frames).toHaveLength(8);
    expect(byCpu.get(3)!.title).toBe('BUG: soft lockup in inet_sendmsg');
    expect(events.filter((e) => e.kind === 'register-dump')).toHaveLength(0);
  });

  it('two boots: repeats in one boot form an episode, the same CPU after a reboot does not join it', async () => {
    const events = (await eventsOf(fixture('arm64-two-boots.log'))).filter((e) => e.kind === 'soft-lockup');
    expect(events).toHaveLength(2);
    const [first, second] = events;
    expect(first).toMatchObject({ boot: 0, cpu: 2, comm: 'kswapd0', stuckSeconds: 48, uptime: 611.300112 });
    expect(first!.episode).toMatchObject({ count: 2, firstUptime: 611.300112, lastUptime: 639.300101, maxSeconds: 48 });
    expect(second).toMatchObject({ boot: 1, cpu: 2, stuckSeconds: 22, uptime: 702.100112 });
    expect(second!.episode).toBeUndefined();
  });

  it('a header-less dump in one input merges into the cut lockup header of another input', async () => {
    const header = '[ 5000.100000] watchdog: BUG: soft lockup - CPU#9 stuck for 31s! [kworker/9:2:777]\n[ 5000.100100] Modules linked in: xfs\n';
    const dump = [
      '[ 4900.000000] CPU: 9 PID: 777 Comm: kworker/9:2 Not tainted 4.18.0-425.3.1.el8.aarch64 #1',
      '[ 4900.000100] pc : csd_lock_wait+0x20/0x40',
      '[ 4900.000200] x1 : 0000000000000001 x0 : 0000000000000000 ',
      '[ 4900.000300] Call trace:',
      '[ 4900.000400]  csd_lock_wait+0x20/0x40',
      '[ 4900.000500]  smp_call_function_single+0x1a0/0x1f0',
      '[ 4900.000600]  kick_all_cpus_sync+0x2c/0x40',
      '[ 4900.000700]  flush_module_icache+0x48/0x60',
      '',
    ].join('\n');
    const bundle = await parseTexts(['b.log', header], ['a.log', dump]);
    const lockups = bundle.kernelEvents.filter((e) => e.kind === 'soft-lockup');
    expect(lockups).toHaveLength(1);
    expect(lockups[0]).toMatchObject({ cpu: 9, pid: 777, stuckSeconds: 31, pc: 'csd_lock_wait+0x20/0x40', guiltyFrame: 'flush_module_icache', source: { input: 'b.log', line: 1 } });
    expect(lockups[0]!.registers).toEqual({ x1: '0000000000000001', x0: '0000000000000000' });
    expect(bundle.kernelEvents.filter((e) => e.kind === 'register-dump')).toHaveLength(0);
  });
});

describe('the same report from two pastes', () => {
  it('is one event, not an episode of two', async () => {
    const text = fixture('arm64-interleaved.log');
    const bundle = await parseTexts(['console.log', text], ['writeup.md', '```\n' + text + '```\n']);
    const lockups = bundle.kernelEvents.filter((e) => e.kind === 'soft-lockup');
    expect(lockups.map((e) => e.cpu).sort()).toEqual([17, 3]);
    expect(lockups.every((e) => e.episode === undefined)).toBe(true);
  });
});
