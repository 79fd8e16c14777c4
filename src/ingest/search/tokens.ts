// Search first (issue #14): the tokens that can *start* something the engine reports, one row
// per token with what it starts and a line that carries it. A big log is searched for these in
// one pass over whole chunks; only what a hit opens (a report, a boot, a csd wait, a hardware
// record, a pasted block) needs the parsers, with the context around it. Tokens that matter only
// inside an open report (register names, `+0x` frames, `GP` in RCU per-CPU lines) are not here:
// the window around a hit carries the report's lines to the parsers.
//
// The tokens are literals (a pattern row only spells case variants). startPattern makes them one
// regular expression: the definition of a hit (scan.ts, the tests). The engine finds them with the
// gram filter of literals.ts, chosen by measurement (`npm run bench:matchers`, docs/benchmarks.md
// "Search first"): V8's irregexp tests every position against some sixty alternatives, whose first
// letters cover most of the alphabet, while the filter hashes three bytes at every third position
// and compares bytes only where a token may be; test/ingest/scan-block.test.ts checks both agree.
import { escapeRegExp } from '../../parse/regexp.js';

export interface StartToken {
  /** A literal, or a pattern source when `pattern` is set (case variants, a digit). */
  token: string;
  pattern?: true;
  /** What a line carrying it can start (and where the kernel or the tool prints it). */
  starts: string;
  example: string;
}

export const START_TOKENS: readonly StartToken[] = [
  // Kernel report headers: every `start` row of src/parse/kernel/rows.ts carries one of these
  // (test/ingest/search.test.ts checks each row's example).
  { token: 'BUG: ', starts: 'soft, workqueue and spinlock lockups, bad page access, KASAN & co (kernel/watchdog.c, lib/bug.c)', example: 'watchdog: BUG: soft lockup - CPU#65 stuck for 22s! [kcompactd4:925]' },
  { token: 'BUG kmalloc-', starts: 'slab corruption (mm/slub.c slab_bug)', example: 'BUG kmalloc-128 (Not tainted): Poison overwritten' },
  { token: 'kernel BUG at ', starts: 'BUG_ON (lib/bug.c)', example: 'kernel BUG at mm/slub.c:3997!' },
  { token: 'Kernel BUG ', starts: 'powerpc/arm BUG_ON', example: 'Kernel BUG at c0000000002b5d2c [verbose debug info unavailable]' },
  { token: 'INFO: ', starts: 'RCU stalls, hung tasks, lockdep (kernel/rcu/tree_stall.h, kernel/hung_task.c)', example: 'INFO: rcu_sched self-detected stall on CPU { 3}  (t=60000 jiffies g=1234 c=1233 q=42)' },
  { token: 'rcu: ', starts: 'RCU stall lines of 5.x+ (pr_fmt "rcu: ")', example: 'rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:' },
  { token: 'LOCKUP', starts: 'hard lockups (kernel/watchdog_perf.c, arch/*/kernel/watchdog)', example: 'NMI watchdog: Watchdog detected hard LOCKUP on cpu 7' },
  { token: 'blocked for more than', starts: 'hung tasks without INFO: (6.x)', example: 'task:kworker/3:1 blocked for more than 122 seconds.' },
  { token: "can't die for more than", starts: 'hung tasks that cannot die', example: "INFO: task java:1234 can't die for more than 120 seconds." },
  { token: 'blocked in I/O wait for more than', starts: 'hung tasks in I/O wait (6.x)', example: 'INFO: task fio:931 blocked in I/O wait for more than 122 seconds.' },
  { token: 'RCU grace-period kthread stack dump', starts: 'the RCU gp kthread dump', example: 'rcu: RCU grace-period kthread stack dump:' },
  { token: 'kthread starved', starts: 'RCU gp kthread starvation', example: 'rcu: rcu_sched kthread starved for 10001 jiffies! g1234 f0x0 RCU_GP_WAIT_FQS(5) ->state=0x0 ->cpu=3' },
  { token: 'NMI backtrace for cpu', starts: 'NMI backtraces (lib/nmi_backtrace.c)', example: 'NMI backtrace for cpu 5' },
  { token: 'Task dump for CPU', starts: 'RCU task dumps', example: 'Task dump for CPU 12:' },
  { token: 'Kernel panic', starts: 'panics (kernel/panic.c)', example: 'Kernel panic - not syncing: softlockup: hung tasks' },
  { token: 'PANIC: ', starts: 'double faults', example: 'PANIC: double fault, error_code: 0x0' },
  // What the oops row of parse/kernel/rows.ts takes (`Oops: `, `Oops[#n]`): five bytes or more
  // each, so the gram filter finds them (literals.ts); a bare `Oops` starts nothing.
  { token: 'Oops: ', starts: 'oopses (x86, powerpc, s390)', example: 'Oops: 0000 [#1] SMP PTI' },
  { token: 'Oops[#', starts: 'MIPS oopses', example: 'Oops[#1]:' },
  { token: 'general protection fault', starts: 'x86 #GP', example: 'general protection fault, probably for non-canonical address 0xdead000000000100: 0000 [#1] SMP' },
  { token: 'stack segment: ', starts: 'x86 #SS', example: 'stack segment: 0000 [#1] SMP KASAN' },
  { token: 'divide error: ', starts: 'x86 #DE', example: 'divide error: 0000 [#1] PREEMPT SMP' },
  { token: 'divide_error: ', starts: 'x86 #DE (old)', example: 'divide_error: 0000 [#1] SMP' },
  { token: 'invalid opcode: ', starts: 'x86 #UD (BUG_ON before 6.x)', example: 'invalid opcode: 0000 [#1] SMP NOPTI' },
  { token: 'int3: ', starts: 'x86 int3', example: 'int3: 0000 [#1] SMP' },
  { token: 'Alignment trap: ', starts: 'arm alignment faults', example: 'Alignment trap: not handling instruction e1b52f9f at [<c0123456>]' },
  { token: 'Unhandled fault', starts: 'arm faults, synchronous external aborts', example: 'Unhandled fault: synchronous external abort (0x96000210) at 0xffff800011f5a000' },
  { token: 'Internal error', starts: 'arm/arm64 oopses', example: 'Internal error: Oops: 96000005 [#1] PREEMPT SMP' },
  { token: 'Unable to handle kernel', starts: 'arm64/powerpc faults', example: 'Unable to handle kernel NULL pointer dereference at virtual address 0000000000000008' },
  { token: 'SError Interrupt', starts: 'arm64 SError', example: 'SError Interrupt on CPU5, code 0xbf000002 -- SError' },
  { token: 'Bad mode in Error handler', starts: 'arm64 SError (old)', example: 'Bad mode in Error handler detected on CPU3, code 0xbf000000 -- SError' },
  { token: 'UBSAN: ', starts: 'UBSAN reports', example: 'UBSAN: array-index-out-of-bounds in drivers/scsi/foo.c:123:9' },
  { token: 'WARNING: ', starts: 'WARN_ON (kernel/panic.c __warn)', example: 'WARNING: CPU: 3 PID: 1 at kernel/smp.c:912 smp_call_function_many_cond+0x1d8/0x300' },
  { token: 'page allocation failure', starts: 'allocation failures (mm/page_alloc.c warn_alloc)', example: 'kworker/3:1: page allocation failure: order:4, mode:0x40cc0(GFP_KERNEL|__GFP_COMP)' },
  { token: 'inconsistent lock state', starts: 'lockdep', example: 'WARNING: inconsistent lock state' },
  { token: 'locking dependency detected', starts: 'lockdep', example: 'WARNING: possible circular locking dependency detected' },
  { token: 'recursive locking detected', starts: 'lockdep', example: 'WARNING: possible recursive locking detected' },
  { token: 'invoked oom-killer', starts: 'OOM reports (mm/oom_kill.c)', example: 'java invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0' },
  { token: 'of memory: Kill', starts: 'OOM kills without the report', example: 'Memory cgroup out of memory: Killed process 4242 (java) total-vm:123456kB' },
  // A register dump outside any report is reported on its own (parse/kernel/parser.ts): the rows
  // that open one name the program counter (arch/*/kernel/process.c __show_regs, show_regs).
  { token: 'RIP: ', starts: 'x86_64 register dumps', example: 'RIP: 0010:smp_call_function_many_cond+0x14d/0x3c0' },
  { token: 'pc : ', starts: 'arm64 and arm register dumps', example: 'pc : smp_call_function_many_cond+0x34c/0x3a0' },
  { token: 'pstate: ', starts: 'arm64 register dumps', example: 'pstate: 80c00009 (Nzcv daif +PAN +UAO)' },
  { token: 'PC is at ', starts: 'arm and old arm64 register dumps', example: 'PC is at smp_call_function_many+0x2a4/0x300' },
  // powerpc prints the program counter as `NIP:  <address>` in show_regs and `NIP [<address>]` in
  // the oops's backtrace (arch/powerpc/kernel/process.c).
  { token: 'NIP: ', starts: 'powerpc register dumps', example: 'NIP:  c0000000001d5d8c LR: c0000000001d5d40 CTR: c0000000001d5d00' },
  { token: 'NIP [', starts: 'powerpc register dumps (the oops backtrace)', example: 'NIP [c0000000001d5d8c] smp_call_function_many+0x2fc/0x3d0' },
  // csd-lock waits (kernel/smp.c csd_lock_wait_toolong).
  { token: '[Cc][Ss][Dd]: ', pattern: true, starts: 'csd-lock waits and their follow-up lines', example: 'smp: csd: Detected non-responsive CSD lock (#1) on CPU#3, waiting 5000000059 ns for CPU#05 flush_tlb_func+0x0/0x3a0(0xffffc90000d4bd40).' },
  // Hardware errors (arch/x86/kernel/cpu/mce, drivers/acpi/apei/ghes.c, drivers/edac).
  { token: '[Hardware Error]', starts: 'MCE, GHES and CPER records', example: 'mce: [Hardware Error]: CPU 3: Machine Check Exception: 5 Bank 4: b200000000070005' },
  { token: 'Machine Check', starts: 'MCE headers of old kernels', example: 'CPU 0: Machine Check Exception: 0000000000000004' },
  { token: 'mce: ', starts: 'MCE notices (CMCI storms, events logged)', example: 'mce: CMCI storm detected: switching to poll mode' },
  { token: 'MCE: Killing', starts: 'memory-failure kills', example: 'MCE: Killing java:4242 due to hardware memory corruption fault at 7f1c2c000000' },
  { token: 'EDAC ', starts: 'EDAC memory errors', example: 'EDAC MC0: 1 CE memory read error on CPU_SrcID#0_Ha#0_Chan#1_DIMM#0 (channel:1 slot:0 page:0x12345 offset:0x0 grain:32 syndrome:0x0)' },
  { token: 'Memory failure', starts: 'memory-failure (mm/memory-failure.c)', example: 'Memory failure: 0x12345: recovery action for dirty LRU page: Recovered' },
  { token: 'external abort', starts: 'arm64 SEA', example: 'Internal error: synchronous external abort: 96000210 [#1] PREEMPT SMP' },
  // Boots and host facts printed once per boot (init/version.c, arch/*/kernel/setup.c).
  { token: 'Linux version ', starts: 'boots, the kernel release', example: 'Linux version 5.14.0-284.30.1.el9_2.x86_64 (mockbuild@x86-vm-07) (gcc (GCC) 11.3.1)' },
  { token: '[origin software=', starts: 'rsyslogd (re)starts, a boot mark of the host log', example: 'rsyslogd: [origin software="rsyslogd" swVersion="8.2102.0" x-pid="1002" x-info="https://www.rsyslog.com"] start' },
  { token: 'Runtime [Jj]ournal', pattern: true, starts: 'journald starting at boot', example: 'systemd-journald[312]: Runtime Journal (/run/log/journal/0a1b) is 8.0M, max 64.0M, 56.0M free.' },
  { token: 'Hardware name: ', starts: 'the machine (dump_stack_print_info)', example: 'Hardware name: Dell Inc. PowerEdge R740/0923K0, BIOS 2.12.2 07/09/2021' },
  { token: 'DMI: ', starts: 'the machine at boot (dmi_setup)', example: 'DMI: Dell Inc. PowerEdge R740/0923K0, BIOS 2.12.2 07/09/2021' },
  // IPMI SEL records forwarded to the host log.
  { token: 'ipmievd', starts: 'SEL events logged by ipmievd', example: 'ipmievd[911]: Memory sensor Memory #0xeb Transition to Non-recoverable' },
  { token: '[Ss][Ee][Ll] [Ee][Nn][Tt][Rr][Yy]: ', pattern: true, starts: 'BMC SEL entries relayed by vendor agents', example: 'SEL Entry: FRU: 0 Memory #0xeb Transition to Non-recoverable' },
  // A pasted Markdown block: its lines are accounted block by block.
  { token: '```', starts: 'Markdown fences', example: '```' },
  { token: '~~~', starts: 'Markdown fences', example: '~~~text' },
];

/** One alternation of every token, global, for a scan over a whole chunk. */
export function startPattern(tokens: readonly StartToken[] = START_TOKENS): RegExp {
  return new RegExp(tokens.map((row) => (row.pattern ? row.token : escapeRegExp(row.token))).join('|'), 'g');
}
