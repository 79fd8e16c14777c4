import { describe, expect, it } from 'vitest';
import { EVENT_ROWS } from '../../../src/parse/kernel/rows.js';
import { eventsOf, fixture } from './helpers.js';

describe('event rows', () => {
  it('every start row recognises its own example as its kind', async () => {
    for (const row of EVENT_ROWS.filter((r) => r.role === 'start' || r.standalone)) {
      const events = await eventsOf(`[  100.000001] ${row.example}\n`);
      expect(events.map((e) => e.kind), row.name).toContain(row.kind);
    }
  });
});

describe('RCU stall with NMI backtraces, and hung tasks', () => {
  it('the stall names the stalled CPU, the detector, the starved kthread; the stalled CPU brings its stack', async () => {
    const events = await eventsOf(fixture('x86-rcu-nmi.log'));
    const stall = events.find((e) => e.kind === 'rcu-stall')!;
    expect(stall).toMatchObject({ cpu: 5, cpus: [5], pid: 1711, comm: 'fio', pc: 'native_queued_spin_lock_slowpath+0x1a4/0x2e0', guiltyFrame: 'blk_mq_run_hw_queue', entry: 'syscall:io_uring_enter' });
    expect(stall.details).toMatchObject({ detectedBy: 2, jiffies: 60002, kthreadStarvedJiffies: 60004, kthreadCpu: 5, nmiFromCpu: 2, nmiToCpus: '5', cpu5Flags: '...!', fqs: 0 });
    expect(stall.registers).toMatchObject({ r15: '0000000000000005', rsp: 'ffffa8b2c1d3bc48' });
    expect(stall.frames!.filter((f) => f.context === 'nmi').every((f) => !f.reliable)).toBe(true);
    const idle = events.find((e) => e.kind === 'nmi-backtrace')!;
    expect(idle).toMatchObject({ cpu: 3, pc: 'intel_idle+0x62/0xa0', details: { idle: true } });
  });

  it('hung tasks: comm, pid, blocked time, title bucket, workqueue entry, mutex owner, chain to the stall', async () => {
    const hung = (await eventsOf(fixture('x86-rcu-nmi.log'))).filter((e) => e.kind === 'hung-task');
    expect(hung).toHaveLength(2);
    expect(hung[0]).toMatchObject({ comm: 'jbd2/dm-0-8', pid: 611, blockedSeconds: 122, guiltyFrame: 'jbd2_journal_commit_transaction', title: 'INFO: task hung in jbd2_journal_commit_transaction', entry: 'kthread:kjournald2' });
    expect(hung[1]).toMatchObject({ comm: 'kworker/u16:2', pid: 880, title: 'INFO: task hung in synchronize_rcu', guiltyFrame: '__synchronize_srcu', entry: 'workqueue:fsnotify_mark_destroy_workfn' });
    expect(hung[1]!.details).toMatchObject({ blockedOn: 'mutex', ownerComm: 'fio', ownerPid: 1711, causeKind: 'rcu-stall', causedBy: 'input.log:1' });
  });
});

describe('hardware errors, workqueue lockup, OOM and a soft lockup that panics', () => {
  it('MCE, GHES with DIMM location, EDAC and memory_failure keep their location fields', async () => {
    const events = await eventsOf(fixture('hardware-and-panics.log'));
    const mce = events.find((e) => e.kind === 'mce')!;
    expect(mce).toMatchObject({ cpu: 14, pc: 'intel_idle+0x84/0xd0', details: expect.objectContaining({ bank: 7, status: 'be00000000800400', socket: 1, address: '1b2c4e5f000', uncorrected: true, machineCheck: 'Processor context corrupt' }) });
    const ghes = events.find((e) => e.kind === 'ghes')!;
    expect(ghes).toMatchObject({ dimm: { label: 'CPU1_DIMM_D1 Bank 3', method: 'ghes-dimm-location' } });
    expect(ghes.details).toMatchObject({ record: 3, severity: 'recoverable', section: 'memory error', address: '0000001b2c4e5f00', socket: 1, module: 3, rank: 1, bank: 9, row: 21833, column: 880, errorType: 3, errorTypeName: 'multi-bit ECC' });
    const edac = events.find((e) => e.kind === 'edac')!;
    expect(edac).toMatchObject({ dimm: { label: 'CPU_SrcID#1_MC#1_Chan#0_DIMM#1' }, details: expect.objectContaining({ mc: 1, count: 1, errorClass: 'UE', socket: 1, channel: 0, slot: 1, page: '0x1b2c4e5' }) });
    const failures = events.filter((e) => e.kind === 'memory-failure');
    expect(failures[0]).toMatchObject({ details: { pfn: '0x1b2c4e5' } });
    expect(failures[1]).toMatchObject({ cpu: 6, comm: 'redis-server', pc: '__memcpy+0x100/0x230', details: expect.objectContaining({ sea: true, esr: '0000000096000610' }) });
  });

  it('workqueue lockup, OOM kill, soft lockup with (P) frames chained to its panic', async () => {
    const events = await eventsOf(fixture('hardware-and-panics.log'));
    expect(events.find((e) => e.kind === 'workqueue-lockup')).toMatchObject({ cpu: 6, cpus: [6], stuckSeconds: 41, title: 'BUG: workqueue lockup' });
    expect(events.find((e) => e.kind === 'oom')).toMatchObject({ comm: 'systemd-journal', details: { victimPid: 4412, victimComm: 'java' } });
    const soft = events.find((e) => e.kind === 'soft-lockup')!;
    expect(soft).toMatchObject({ cpu: 6, pid: 2231, stuckSeconds: 22, guiltyFrame: 'lru_add_drain_per_cpu', entry: 'workqueue:lru_add_drain_per_cpu', title: 'BUG: soft lockup in lru_add_drain_per_cpu', taint: 'GD' });
    expect(soft.frames![0]).toMatchObject({ func: 'queued_spin_lock_slowpath', offset: 0x1c0, length: 0x3b8 });
    const panic = events.find((e) => e.kind === 'panic')!;
    expect(panic).toMatchObject({ message: 'softlockup: hung tasks', title: 'kernel panic: softlockup: hung tasks', cpu: 6, details: expect.objectContaining({ causeKind: 'soft-lockup' }) });
    expect(soft.details?.ledTo).toBe(`input.log:${panic.source.line}`);
  });
});
