// The kernel parser's side of the fast lane (src/ingest/fast-lane.ts): literal tokens, at least
// one of which is in every kernel message that can change the parser's state while no report is
// open. A message without any of them only advances the line counter. Each token names what it
// covers; test/parse/kernel/wake.test.ts checks every row's example against the list.
import type { WakeTokens } from '../../model/records.js';
import { escapeRegExp } from '../regexp.js';

const TOKENS: readonly (readonly [token: string, covers: string])[] = [
  ['BUG', 'soft lockup, workqueue and spinlock lockups, unable to handle, KASAN & co, kernel BUG at, generic BUG:'],
  ['INFO: ', 'RCU stalls, hung tasks, lockdep'],
  ['GP', 'per-CPU RCU stall lines: ticks this GP / GPs behind'],
  ['jiffies', 'RCU (t=… jiffies) lines'],
  ['kthread starved', 'RCU grace-period kthread starved'],
  ['grace-period kthread stack dump', 'the RCU GP kthread\'s own stack (a task dump)'],
  ['Possible timer handling issue', 'RCU timer line'],
  ['Tasks blocked on level-', 'RCU blocked tasks'],
  ['for more than', 'hung task without INFO:, can\'t die'],
  ['is blocked on a', 'hung task blocked on a lock'],
  ['0x', 'old task dump line'],
  ['NMI backtrace for cpu', 'NMI backtraces'],
  ['Kernel panic', 'panics'],
  ['PANIC', 'double fault'],
  ['[Hardware Error]', 'MCE, GHES, CPER'],
  ['Machine Check', 'MCE headers'],
  ['CMCI storm', 'CMCI'],
  ['EDAC ', 'EDAC'],
  ['Memory failure', 'memory-failure'],
  ['MCE: Killing', 'memory-failure kills'],
  ['external abort', 'arm64 SEA'],
  ['SError Interrupt', 'arm64 SError'],
  ['Bad mode in Error handler', 'arm64 SError (old)'],
  ['Unable to handle kernel', 'arm64 faults'],
  ['UBSAN: ', 'UBSAN'],
  ['general protection fault', 'x86 faults'],
  ['stack segment: ', 'x86 faults'],
  ['divide error: ', 'x86 faults'],
  ['divide_error: ', 'x86 faults'],
  ['invalid opcode: ', 'x86 faults'],
  ['int3: ', 'x86 faults'],
  ['Alignment trap: ', 'arm faults'],
  ['Unhandled fault', 'arm faults'],
  ['Internal error', 'arm oopses'],
  ['Oops', 'oopses'],
  ['WARNING', 'warnings'],
  ['page allocation failure', 'allocation failures'],
  ['inconsistent lock state', 'lockdep'],
  ['locking', 'lockdep: possible recursive / circular locking'],
  ['invoked oom-killer', 'OOM'],
  ['of memory: Kill', 'OOM kills'],
  ['LOCKUP', 'hard lockups'],
  ['Modules linked in:c', 'glued printk records (deglue.ts)'],
];

/** Rows read on the trimmed message (hostfacts.ts, registers.ts, parser.ts): tokens at its start. */
const OPENING_TOKENS: readonly (readonly [token: string, covers: string])[] = [
  ['CPU: ', 'CPU: N PID: N Comm: lines (host facts, routing)'],
  ['Pid: ', 'old Pid: lines'],
  ['Hardware name: ', 'host facts'],
  ['Linux version ', 'boots, host facts'],
  ['Workqueue: ', 'workqueue lines'],
  ['---[ end', 'report ends'],
  ['Sending NMI', 'NMI senders'],
  ['task:', 'sched_show_task header'],
  ['Not tainted', 'hung-task taint/release line'],
  ['Tainted: ', 'hung-task taint/release line'],
  ['REGS: ', 'powerpc release and architecture'],
  ['Krnl PSW', 's390 architecture'],
  ['Task dump for CPU', 'task dumps'],
  ['Bank ', 'MCE bank lines'],
  ['pstate: ', 'arm64 register dumps'],
  ['pc', 'arm64 pc lines'],
  ['PC is at', 'arm pc lines'],
  ['RIP', 'x86 register dumps'],
  ['NIP', 'powerpc pc lines'],
];

/** Kernel messages that need the full path even when no report is open: tokens anywhere. */
export const KERNEL_WAKE = new RegExp(TOKENS.map(([token]) => escapeRegExp(token)).join('|'));

/**
 * …and tokens at the start of the message: the rows above, and printk records whose level
 * character lost its SOH byte (`4WARNING: …`, deglue.ts).
 */
export const KERNEL_OPENS = new RegExp(
  String.raw`\s*(?:${OPENING_TOKENS.map(([token]) => escapeRegExp(token)).join('|')})|[0-7d](?:Modules linked in:|CPU: \d|Call [Tt]race:|RIP: |Hardware name:|WARNING: |BUG: |INFO: |Kernel panic|Code: |RSP: |pc : |lr : |Workqueue: |---\[ end)`,
);

export const KERNEL_WAKE_TOKENS: readonly string[] = [...TOKENS, ...OPENING_TOKENS].map(([token]) => token);

/**
 * While a report is open, lines of its dump change it too: register rows (all anchored on their
 * name), trace starts (frames.ts TRACE_START, anchored), frames (`+0x` in the first word,
 * `[<addr>]`, `(` for s390, `[inline]`, section markers `<IRQ>`…, `? `) and exception-stack hex.
 */
export const IN_REPORT_WAKE: WakeTokens = {
  opens: new RegExp(
    String.raw`\s*(?:pstate|pc|lr|PC is at|LR is at|sp|pmr|x\d|RIP|RSP|R[A-Z0-9]{2}:|CR[0-4]:|Code:|NIP|MSR|GPR|LR|` +
      String.raw`Call [Tt]race:|Backtrace:|Exception stack\(|Stack dump|RCU grace-period|[(\[<?]|[0-9a-f]{4,16}: [0-9a-f]{8})`,
  ),
  wake: /\+0x|\[inline\]/,
};
