// Reports as people paste them: cut headers, the RCU grace-period kthread's stack inside a stall,
// glued pstore records. Fixtures in test/fixtures/kernel/hostfacts/ (see SOURCES.md).
import { describe, expect, it } from 'vitest';
import { deglue } from '../../../src/parse/kernel/deglue.js';
import { eventsOf, fixture } from './helpers.js';

describe('an RCU self-detected stall belongs to the task on the stalled CPU', () => {
  it('the GP kthread dump after `RCU grace-period kthread stack dump:` is a task dump of its own (≥5.x)', async () => {
    const events = await eventsOf(fixture('hostfacts/rcu-self-gp-kthread.log'));
    const stall = events.find((e) => e.kind === 'rcu-stall')!;
    expect(stall).toMatchObject({ cpu: 3, cpus: [3], comm: 'stress-ng', pid: 2231, pc: 'native_queued_spin_lock_slowpath+0x66/0x1d0' });
    expect(stall.frames?.map((f) => f.func)).toContain('do_stress_loop');
    expect(stall.frames?.map((f) => f.func)).not.toContain('rcu_gp_kthread');
    expect(stall.details).toMatchObject({ kthreadStarvedJiffies: 21000, kthreadCpu: 0 });
    const kthread = events.find((e) => e.kind === 'task-dump')!;
    expect(kthread).toMatchObject({ comm: 'rcu_preempt', pid: 14, details: expect.objectContaining({ rcuGpKthread: true }) });
    expect(kthread.cpu).toBeUndefined();
    expect(kthread.frames?.map((f) => f.func)).toContain('rcu_gp_kthread');
    expect(events.filter((e) => e.kind === 'nmi-backtrace')).toHaveLength(0);
  });

  it('older kernels dump the kthread (named after the flavor) right after `kthread starved`, then dump_stack()', async () => {
    const events = await eventsOf(fixture('hostfacts/rcu-self-gp-kthread-dump-stack.log'));
    const stall = events.find((e) => e.kind === 'rcu-stall')!;
    expect(stall).toMatchObject({ cpu: 6, comm: 'java', pid: 4412 });
    expect(stall.frames?.map((f) => f.func)).toEqual(['dump_stack', 'rcu_check_callbacks', 'update_process_times', 'apic_timer_interrupt', '__rmqueue', 'get_page_from_freelist']);
    expect(events.find((e) => e.kind === 'task-dump')).toMatchObject({ comm: 'rcu_sched', pid: 8, details: expect.objectContaining({ rcuGpKthread: true, taskState: 'R' }) });
  });
});

describe('cut headers', () => {
  it('a soft-lockup header cut before its `[comm:pid]` keeps its CPU and stuck seconds', async () => {
    const [lockup] = await eventsOf(fixture('hostfacts/softlockup-cut-header.log'));
    expect(lockup).toMatchObject({ kind: 'soft-lockup', cpu: 10, stuckSeconds: 23, comm: 'agentd', pid: 3184, pc: 'smp_call_function_many_cond+0x312/0x4e0' });
    expect(lockup!.frames?.map((f) => f.func)).toEqual(['watchdog_timer_fn', 'on_each_cpu_cond_mask', 'flush_tlb_mm_range']);
  });

  it('the hung task and the 3.x soft lockup carry the release their own lines state', async () => {
    const [hung] = await eventsOf(fixture('hostfacts/hung-task-gapped-taint.log'));
    expect(hung).toMatchObject({ kind: 'hung-task', taint: 'PWOE', details: expect.objectContaining({ kernelRelease: '6.8.0-41-generic' }) });
    const [lockup] = await eventsOf(fixture('hostfacts/pid-line-3x.log'));
    expect(lockup).toMatchObject({ kind: 'soft-lockup', cpu: 0, pid: 29328, taint: 'PO', details: expect.objectContaining({ kernelRelease: '3.4.0-030400-generic' }) });
    expect(lockup!.frames).toHaveLength(10);
  });
});

describe('glued pstore records', () => {
  it('a `c` that completes a fixed-width register field is a digit, not a KERN_CONT marker', () => {
    // arch/x86/kernel/process_64.c __show_regs prints each GPR line with one printk; `EFLAGS: %08lx`
    // is followed by pr_cont(" ORIG_RAX…") or pr_cont("\n"), whose marker glues to it.
    expect(deglue('RAX: 0000000000000000 RBX: 0000000051bc1c7c RCX: 000000000000004c')).toEqual(['RAX: 0000000000000000 RBX: 0000000051bc1c7c RCX: 000000000000004c']);
    expect(deglue('RSP: 0018:ffffc900001cbec0 EFLAGS: 00010202c')).toEqual(['RSP: 0018:ffffc900001cbec0 EFLAGS: 00010202']);
    expect(deglue('cpu 3dModules linked in:c binfmt_miscc')).toEqual(['cpu 3', 'Modules linked in: binfmt_misc']);
  });

  it('keeps register values whole in a glued dump', async () => {
    const log = [
      '4watchdog: BUG: soft lockup - CPU#1 stuck for 22s! [fuzz:75]',
      'Modules linked in:c dvkm(O)c',
      'CPU: 1 PID: 75 Comm: fuzz Tainted: G           O       6.5.0-00004-g1a2b3c4d5e6f #6',
      'RIP: 0010:smp_call_function_many_cond+0x11c/0x2d0',
      'RSP: 0018:ffffc900001cbec0 EFLAGS: 00000202c',
      'RAX: 0000000000000011 RBX: 0000000051bc1c7c RCX: 000000000000004c',
      '',
    ].join('\n');
    const [lockup] = await eventsOf(log);
    expect(lockup!.registers).toMatchObject({ rbx: '0000000051bc1c7c', rcx: '000000000000004c', eflags: '00000202' });
  });
});
