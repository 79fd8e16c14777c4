// Kernel event recognisers: one row per printk wording, each with a real example line.
// A `start` row opens a new event; an `attach` row adds fields to the event being read
// (of one of the `into` kinds) and opens its own event only when `standalone` says so.
// Patterns are unanchored where the kernel puts subsystem prefixes in front (`watchdog: `,
// `NMI watchdog: `, `rcu: `), so every wording from 3.x to 6.x is one row, not three.
import type { KernelEvent } from '../../model/records.js';
import type { EventKind } from '../../report/types.js';
import { parseCpuList } from './cpulist.js';
import { cpuVendorName } from './mce-status.js';

export type Details = Record<string, string | number | boolean>;

export type RowFields = Partial<Pick<KernelEvent, 'cpu' | 'cpus' | 'pid' | 'comm' | 'stuckSeconds' | 'blockedSeconds' | 'message' | 'pc' | 'entry' | 'title' | 'dimm' | 'recordUtcMillis'>> & {
  details?: Partial<Details>;
};

export interface EventRow {
  name: string;
  kind: EventKind;
  role: 'start' | 'attach';
  /** Kinds an attach row enriches. */
  into?: EventKind[];
  /** An attach row that finds no open event of `into` starts one of `kind`. */
  standalone?: boolean;
  /** The header of a report whose stack belongs to the reporting CPU (used for titles). */
  example: string;
  pattern: RegExp;
  fields?(m: RegExpExecArray): RowFields;
}

const num = (s: string | undefined): number | undefined => (s === undefined ? undefined : Number(s));
const STALL_KINDS: EventKind[] = ['rcu-stall'];

export const EVENT_ROWS: EventRow[] = [
  // ---- lockups ------------------------------------------------------------------------
  {
    name: 'soft-lockup',
    kind: 'soft-lockup',
    role: 'start',
    example: 'watchdog: BUG: soft lockup - CPU#65 stuck for 22s! [kcompactd4:925]',
    // kernel/watchdog.c: `BUG: soft lockup - CPU#%d stuck for %us! [%s:%d]`. A line cut (or wrapped)
    // before the task still states the CPU and how long it was stuck.
    pattern: /BUG: soft lockup - CPU#(\d+) stuck for (\d+)s!(?: \[(.*):(\d+)\])?/,
    fields: (m) => ({ cpu: num(m[1]), stuckSeconds: num(m[2]), comm: m[3], pid: num(m[4]) }),
  },
  {
    name: 'soft-lockup-bare',
    kind: 'soft-lockup',
    role: 'start',
    example: 'BUG: soft lockup detected on CPU#1!',
    pattern: /BUG: soft lockup(?: detected on CPU#(\d+))?/,
    fields: (m) => ({ cpu: num(m[1]) }),
  },
  {
    name: 'hard-lockup-x86',
    kind: 'hard-lockup',
    role: 'start',
    example: 'NMI watchdog: Watchdog detected hard LOCKUP on cpu 7',
    pattern: /(?:[Ww]atchdog: )?(?:CPU(\d+): )?Watchdog detected hard LOCKUP on cpu (\d+)/,
    fields: (m) => ({ cpu: num(m[2]), details: m[1] !== undefined ? { detectedBy: Number(m[1]) } : undefined }),
  },
  {
    name: 'hard-lockup-powerpc-other',
    kind: 'hard-lockup',
    role: 'start',
    example: 'watchdog: CPU 8 detected hard LOCKUP on other CPUs 2',
    pattern: /(?:Watchdog )?CPU:? ?(\d+) detected [Hh]ard LOCKUP (?:on )?other CPU[Ss]?:? ?([\d,\s-]+)/,
    fields: (m) => {
      const cpus = parseCpuList(m[2]!.trim());
      return { cpu: cpus[0], cpus, details: { detectedBy: Number(m[1]) } };
    },
  },
  {
    name: 'hard-lockup-powerpc-self',
    kind: 'hard-lockup',
    role: 'start',
    example: 'watchdog: CPU 3 self-detected hard LOCKUP @ queued_spin_lock_slowpath+0x1b8/0x2d0',
    pattern: /(?:Watchdog )?CPU:? ?(\d+):? (?:self-detected )?[Hh]ard LOCKUP(?: @ (\S+))?/,
    fields: (m) => ({ cpu: num(m[1]), pc: m[2] }),
  },
  {
    name: 'workqueue-lockup',
    kind: 'workqueue-lockup',
    role: 'start',
    example: 'BUG: workqueue lockup - pool cpus=0 node=0 flags=0x0 nice=0 stuck for 36s!',
    pattern: /BUG: workqueue lockup - pool (?:cpus=(\S+))?.*?stuck for (\d+)s!/,
    fields: (m) => {
      const cpus = m[1] ? parseCpuList(m[1]) : [];
      return { cpus, cpu: cpus.length === 1 ? cpus[0] : undefined, stuckSeconds: num(m[2]), title: 'BUG: workqueue lockup' };
    },
  },
  {
    name: 'spinlock-lockup',
    kind: 'soft-lockup',
    role: 'start',
    example: 'BUG: spinlock lockup suspected on CPU#0, syz-executor0/4663',
    pattern: /BUG: spinlock lockup suspected on CPU#(\d+), (.+)\/(\d+)/,
    fields: (m) => ({ cpu: num(m[1]), comm: m[2], pid: num(m[3]), details: { spinlock: true } }),
  },
  // ---- RCU --------------------------------------------------------------------------------
  {
    name: 'rcu-self-detected',
    kind: 'rcu-stall',
    role: 'start',
    example: 'rcu: INFO: rcu_sched self-detected stall on CPU',
    pattern: /INFO: (rcu_\w+|rcu\w*) self-detected stall on CPU(?:\s*\{\s*(\d+)\s*\})?/,
    fields: (m) => ({ cpu: num(m[2]), cpus: m[2] ? [Number(m[2])] : undefined, details: { flavor: m[1]!, selfDetected: true } }),
  },
  {
    name: 'rcu-expedited',
    kind: 'rcu-stall',
    role: 'start',
    example: 'rcu: INFO: rcu_preempt detected expedited stalls on CPUs/tasks: { 3-... } 21004 jiffies s: 1453 root: 0x8/.',
    pattern: /INFO: (rcu_\w+) detected expedited stalls on CPUs(?:\/tasks)?:(?: \{([^}]*)\}?)?(?:\s*(\d+) jiffies)?/,
    fields: (m) => {
      const cpus = [...(m[2] ?? '').matchAll(/(\d+)-/g)].map((c) => Number(c[1]));
      return { cpus, cpu: cpus[0], details: { flavor: m[1]!, expedited: true, ...(m[3] ? { jiffies: Number(m[3]) } : {}) } };
    },
  },
  {
    name: 'rcu-detected-stalls',
    kind: 'rcu-stall',
    role: 'start',
    example: 'rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:',
    pattern: /INFO: (rcu_\w+) detected stalls? on CPUs(?:\/tasks)?:?(?:\s*\{([^}]*)\})?(?:.*?detected by (\d+))?/,
    fields: (m) => {
      const cpus = m[2] ? [...m[2].matchAll(/(\d+)/g)].map((c) => Number(c[1])) : [];
      return {
        cpus: cpus.length ? cpus : undefined,
        cpu: cpus[0],
        details: { flavor: m[1]!, ...(m[3] ? { detectedBy: Number(m[3]) } : {}) },
      };
    },
  },
  {
    name: 'rcu-tasks-stall',
    kind: 'rcu-stall',
    role: 'start',
    example: 'INFO: rcu_tasks detected stalls on tasks:',
    pattern: /INFO: (rcu_tasks\w*) detected stalls? on tasks:?/,
    fields: (m) => ({ details: { flavor: m[1]! } }),
  },
  {
    name: 'rcu-old-state',
    kind: 'rcu-stall',
    role: 'start',
    example: 'INFO: rcu_sched_state detected stall on CPU 3 (t=2500 jiffies)',
    pattern: /INFO: (rcu_\w+?)(?:_state)? detected stall on CPU (\d+) \(t=(\d+) jiffies/,
    fields: (m) => ({ cpu: num(m[2]), cpus: [Number(m[2])], details: { flavor: m[1]!, jiffies: Number(m[3]) } }),
  },
  {
    name: 'rcu-percpu',
    kind: 'rcu-stall',
    role: 'attach',
    into: STALL_KINDS,
    example: 'rcu:     65-....: (3920456 ticks this GP) idle=b2e/1/0x4000000000000002 softirq=1073098/1073098 fqs=1552284',
    pattern: /^(?:rcu:)?\s*(\d+)-?(\S{0,4}): \((\d+) (ticks this GP|GPs behind)\)(?: idle=(\S+))?(?: softirq=(\d+)\/(\d+))?(?: fqs=(\d+))?/,
    fields: (m) => ({
      cpus: [Number(m[1])],
      details: {
        [`cpu${m[1]}Flags`]: m[2] ?? '',
        [m[4] === 'GPs behind' ? `cpu${m[1]}GpsBehind` : `cpu${m[1]}Ticks`]: Number(m[3]),
        ...(m[5] ? { [`cpu${m[1]}Idle`]: m[5] } : {}),
        ...(m[6] !== undefined && m[7] !== undefined ? { [`cpu${m[1]}SoftirqStalled`]: m[6] === m[7] } : {}),
        ...(m[8] !== undefined ? { fqs: Number(m[8]) } : {}),
      },
    }),
  },
  {
    name: 'rcu-grace-period',
    kind: 'rcu-stall',
    role: 'attach',
    into: STALL_KINDS,
    example: '(detected by 12, t=21002 jiffies, g=10401, q=372 ncpus=32)',
    pattern: /^\s*(?:rcu:)?\s*\((?:detected by (\d+), )?t=(\d+) jiffies(?:,? g=(-?\d+))?/,
    fields: (m) => ({ details: { jiffies: Number(m[2]), ...(m[1] !== undefined ? { detectedBy: Number(m[1]) } : {}) } }),
  },
  {
    name: 'rcu-kthread-starved',
    kind: 'rcu-stall',
    role: 'attach',
    into: STALL_KINDS,
    standalone: true,
    example: 'rcu: rcu_preempt kthread starved for 10502 jiffies! g10401 f0x0 RCU_GP_WAIT_FQS(5) ->state=0x0 ->cpu=1',
    pattern: /(rcu_\w+) kthread starved for (\d+) jiffies!.*?(?:->cpu=(-?\d+))?$/,
    fields: (m) => ({ details: { kthreadStarvedJiffies: Number(m[2]), ...(m[3] !== undefined ? { kthreadCpu: Number(m[3]) } : {}) } }),
  },
  {
    // kernel/rcu/tree_stall.h rcu_check_gp_kthread_starvation(): after `kthread starved` the
    // grace-period kthread's own stack (sched_show_task) — a task dump of its own, not the
    // stalled CPU's task, whose stack rcu_dump_cpu_stacks() prints after it.
    name: 'rcu-gp-kthread-dump',
    kind: 'task-dump',
    role: 'start',
    example: 'rcu: RCU grace-period kthread stack dump:',
    pattern: /RCU grace-period kthread stack dump:/,
    fields: () => ({ details: { rcuGpKthread: true } }),
  },
  {
    name: 'rcu-timer-issue',
    kind: 'rcu-stall',
    role: 'attach',
    into: STALL_KINDS,
    example: 'rcu: \tPossible timer handling issue on cpu=3 timer-softirq=1129',
    pattern: /Possible timer handling issue on cpu=(\d+)/,
    fields: (m) => ({ details: { timerIssueCpu: Number(m[1]) } }),
  },
  {
    name: 'rcu-blocked-tasks',
    kind: 'rcu-stall',
    role: 'attach',
    into: STALL_KINDS,
    example: 'Tasks blocked on level-0 rcu_node (CPUs 0-1): P4229/1:b..l',
    pattern: /Tasks blocked on level-\d+ rcu_node \(CPUs (\d+)-(\d+)\):\s*(.*)/,
    fields: (m) => ({ details: { blockedTasks: m[3]!.trim() } }),
  },
  // ---- hung tasks ---------------------------------------------------------------------------
  {
    name: 'hung-task',
    kind: 'hung-task',
    role: 'start',
    example: 'INFO: task syz-executor7:10280 blocked for more than 120 seconds.',
    pattern: /INFO: task (.+):(\d+) blocked (?:in I\/O wait )?for more than (\d+) seconds\./,
    fields: (m) => ({ comm: m[1], pid: num(m[2]), blockedSeconds: num(m[3]) }),
  },
  {
    // A comm with a newline in it splits the header: `INFO: task ��` / `�� �!�:18088 blocked for …`.
    name: 'hung-task-split',
    kind: 'hung-task',
    role: 'start',
    example: '�� �!�:18088 blocked for more than 143 seconds.',
    pattern: /^(?!INFO: task )(.*):(\d+) blocked (?:in I\/O wait )?for more than (\d+) seconds\.$/,
    fields: (m) => ({ comm: m[1], pid: num(m[2]), blockedSeconds: num(m[3]) }),
  },
  {
    name: 'task-cant-die',
    kind: 'hung-task',
    role: 'start',
    example: "INFO: task syz-executor5:9960 can't die for more than 143 seconds.",
    pattern: /INFO: task (.+):(\d+) can't die for more than (\d+) seconds\./,
    fields: (m) => ({ comm: m[1], pid: num(m[2]), blockedSeconds: num(m[3]), details: { cantDie: true } }),
  },
  {
    name: 'hung-task-owner',
    kind: 'hung-task',
    role: 'attach',
    into: ['hung-task'],
    example: 'INFO: task kworker/u8:3:1203 is blocked on a mutex likely owned by task systemd-udevd:512.',
    pattern: /INFO: task (.+):(\d+) is blocked on an? ([\w-]+) likely owned by task (.+):(\d+)\./,
    fields: (m) => ({ details: { blockedOn: m[3]!, ownerComm: m[4]!, ownerPid: Number(m[5]) } }),
  },
  {
    name: 'task-line-new',
    kind: 'hung-task',
    role: 'attach',
    into: ['hung-task', 'task-dump', 'rcu-stall'],
    example: 'task:kcompactd4      state:R  running task     stack:    0 pid:  925 ppid:     2 flags:0x0000002a',
    pattern: /^task:(\S+)\s+state:(\w)(?:.*?) pid:\s*(\d+)/,
    fields: (m) => ({ comm: m[1], pid: num(m[3]), details: { taskState: m[2]! } }),
  },
  {
    name: 'task-line-old',
    kind: 'hung-task',
    role: 'attach',
    into: ['hung-task', 'task-dump', 'rcu-stall'],
    example: 'syz-executor7   D23560 10280   4421 0x00000004',
    // ≤4.x kernel/sched/core.c sched_show_task: `%-15.15s %c`, then `  running task    ` for a
    // running task or (x86_64 ≤3.x) the saved pc `%016lx`, then `%5lu %5d %6d 0x%08lx` (free stack, pid, ppid, flags).
    pattern: /^(\S+)\s+([DRSTtZXI])\s*(?:running task\s+|[0-9a-f]{16}\s+)?[0-9a-f]+\s+(\d+)\s+(\d+)\s+0x[0-9a-f]+$/,
    fields: (m) => ({ comm: m[1], pid: num(m[3]), details: { taskState: m[2]! } }),
  },
  // ---- backtraces of other CPUs -------------------------------------------------------------
  {
    name: 'nmi-backtrace-skipped',
    kind: 'nmi-backtrace',
    role: 'start',
    example: 'NMI backtrace for cpu 1 skipped: idling at native_safe_halt+0xe/0x10',
    pattern: /NMI backtrace for cpu (\d+) skipped: idling at (\S+)/,
    fields: (m) => ({ cpu: num(m[1]), pc: m[2], details: { idle: true } }),
  },
  {
    name: 'nmi-backtrace',
    kind: 'nmi-backtrace',
    role: 'start',
    example: 'NMI backtrace for cpu 0',
    pattern: /NMI backtrace for cpu (\d+)$/,
    fields: (m) => ({ cpu: num(m[1]) }),
  },
  {
    name: 'task-dump',
    kind: 'task-dump',
    role: 'start',
    example: 'Task dump for CPU 65:',
    pattern: /^Task dump for CPU (\d+):/,
    fields: (m) => ({ cpu: num(m[1]) }),
  },
  // ---- panics -------------------------------------------------------------------------------
  {
    name: 'panic',
    kind: 'panic',
    role: 'start',
    example: 'Kernel panic - not syncing: softlockup: hung tasks',
    pattern: /(?<!end )Kernel panic - not syncing:\s?(.*)$/,
    fields: (m) => ({ message: m[1]!.trim() }),
  },
  // ---- hardware -----------------------------------------------------------------------------
  {
    // __print_mce(): MCG status, bank, MCi_STATUS; ` Exception` when MCG_STATUS.MCIP was set (a live #MC).
    name: 'mce-bank',
    kind: 'mce',
    role: 'start',
    example: 'mce: [Hardware Error]: CPU 3: Machine Check Exception: 5 Bank 7: be00000000800400',
    pattern: /\[Hardware Error\]: CPU (\d+): Machine Check( Exception)?: ([0-9a-fA-F]+) Bank (\d+): ([0-9a-fA-F]+)/,
    fields: (m) => ({ cpu: num(m[1]), details: { bank: Number(m[4]), mcgStatus: m[3]!, status: m[5]!.toLowerCase(), exception: m[2] !== undefined } }),
  },
  {
    // drivers/edac/sb_edac.c (sbridge_mce_output_error's caller) repeats the MCE record it decodes, under the EDAC prefix.
    name: 'edac-mce-bank',
    kind: 'edac',
    role: 'attach',
    into: ['edac'],
    example: 'EDAC sbridge MC0: CPU 0: Machine Check Event: 0 Bank 7: cc00050000010092',
    pattern: /EDAC \S+ MC\d+: CPU (\d+): Machine Check Event: ([0-9a-fA-F]+) Bank (\d+): ([0-9a-fA-F]+)/,
    fields: (m) => ({ cpu: num(m[1]), details: { bank: Number(m[3]), mcgStatus: m[2]!, status: m[4]!.toLowerCase() } }),
  },
  {
    // 2.6-era x86: `CPU 0: Machine Check Exception: 0000000000000007` then `Bank 3: … at …`.
    name: 'mce-old',
    kind: 'mce',
    role: 'start',
    example: 'CPU 0: Machine Check Exception: 0000000000000007',
    pattern: /^CPU (\d+): Machine Check Exception: ([0-9a-f]+)/,
    fields: (m) => ({ cpu: num(m[1]), details: { mcgStatus: m[2]!, exception: true } }),
  },
  {
    name: 'mce-old-bank',
    kind: 'mce',
    role: 'attach',
    into: ['mce'],
    example: 'Bank 3: b40000000000083b at 000000fdfc000cfc',
    pattern: /^Bank (\d+): ([0-9a-f]{16})(?: at ([0-9a-f]+))?/,
    fields: (m) => ({ details: { bank: Number(m[1]), status: m[2]!, ...(m[3] ? { address: m[3] } : {}) } }),
  },
  {
    // drivers/edac/mce_amd.c amd_decode_mce() opens each record with its class, before the status line.
    name: 'mce-amd-class',
    kind: 'mce',
    role: 'start',
    example: '[Hardware Error]: Uncorrected, software restartable error.',
    pattern: /\[Hardware Error\]: (Corrected error, no action required|Uncorrected, software containable error|Uncorrected, software restartable error|System Fatal error|Deferred error, no action required)\./,
    fields: (m) => ({ details: { vendor: 'AMD', errorClassText: m[1]! } }),
  },
  {
    name: 'mce-amd',
    kind: 'mce',
    role: 'start',
    example: '[Hardware Error]: CPU:0 (17:31:0) MC27_STATUS[Over|CE|MiscV|AddrV|-|-|SyndV|CECC|-|-|-]: 0xdc2040000000011b',
    pattern: /\[Hardware Error\]: CPU:(\d+) \([0-9a-f:]+\) MC(\d+)_STATUS\[([^\]]*)\]: 0x([0-9a-f]+)/,
    fields: (m) => ({ cpu: num(m[1]), details: { bank: Number(m[2]), statusFlags: m[3]!, status: m[4]!, vendor: 'AMD' } }),
  },
  {
    // __print_mce(): `TSC %llx` then ` ADDR %llx`, ` MISC %llx`, ` SYND %llx`, ` IPID %llx` when valid; sb_edac prints each on its own line.
    name: 'mce-registers',
    kind: 'mce',
    role: 'attach',
    into: ['mce', 'edac'],
    example: 'mce: [Hardware Error]: TSC 0 ADDR 8be6c800 MISC 70e0000086 SYND 4d000000 IPID 1002e00000000',
    pattern: /(?:\[Hardware Error\]|EDAC \S+ MC\d+):\s+((?:(?:TSC|ADDR|MISC|SYND|IPID) [0-9a-fA-F]+\s*)+)$/,
    fields: (m) => {
      const details: Details = {};
      for (const [, name, value] of m[1]!.matchAll(/(TSC|ADDR|MISC|SYND|IPID) ([0-9a-fA-F]+)/g)) details[name === 'ADDR' ? 'address' : name!.toLowerCase()] = value!.toLowerCase();
      return { details };
    },
  },
  {
    // __print_mce(): vendor:cpuid, the record's wall-clock TIME (UTC epoch seconds, ktime_get_real_seconds()
    // in mce_setup()), socket, APIC id, microcode. TIME ties the kernel's uptime and the log's stamp to UTC.
    name: 'mce-processor',
    kind: 'mce',
    role: 'attach',
    into: ['mce', 'edac'],
    example: 'mce: [Hardware Error]: PROCESSOR 0:50654 TIME 1711543725 SOCKET 1 APIC 40 microcode 2006a08',
    pattern: /(?:\[Hardware Error\]|EDAC \S+ MC\d+): PROCESSOR (\d+):([0-9a-f]+) TIME (\d+) SOCKET (\d+) APIC ([0-9a-f]+)(?: microcode ([0-9a-f]+))?/,
    fields: (m) => {
      const vendor = cpuVendorName(Number(m[1]));
      return {
        recordUtcMillis: Number(m[3]) * 1000,
        details: { ...(vendor ? { vendor } : {}), cpuid: m[2]!, mceTime: Number(m[3]), socket: Number(m[4]), apic: m[5]!, ...(m[6] ? { microcode: m[6] } : {}) },
      };
    },
  },
  {
    name: 'mce-rip',
    kind: 'mce',
    role: 'attach',
    into: ['mce'],
    example: 'mce: [Hardware Error]: RIP !INEXACT! 10:<ffffffff9d8b2c44> {intel_idle+0x84/0xd0}',
    pattern: /\[Hardware Error\]: RIP( !INEXACT!)? ([0-9a-f]{2}):<([0-9a-f]+)>(?: \{(\S+)\})?/,
    fields: (m) => ({ pc: m[4], details: { rip: m[3]!, ripExact: m[1] === undefined, ...(m[2] === '10' ? { ripKernel: true } : {}) } }),
  },
  {
    // mce_panic()/mce_severity() message printed before the panic: `Processor context corrupt`, `Action required: …`.
    name: 'mce-text',
    kind: 'mce',
    role: 'attach',
    into: ['mce'],
    example: 'mce: [Hardware Error]: Machine check: Processor context corrupt',
    pattern: /\[Hardware Error\]: Machine check: (.*)/,
    fields: (m) => ({ details: { machineCheck: m[1]!.trim() } }),
  },
  {
    name: 'mce-amd-detail',
    kind: 'mce',
    role: 'attach',
    into: ['mce'],
    example: '[Hardware Error]: IPID: 0x0000009600050f00, Syndrome: 0x000000005a020001',
    pattern: /\[Hardware Error\]: (?:Error Addr: 0x([0-9a-f]+)|IPID: 0x([0-9a-f]+)(?:, Syndrome: 0x([0-9a-f]+))?|(.+?) Ext\. Error Code: (\d+)(?:, (.*))?)$/,
    fields: (m) => ({
      details: {
        ...(m[1] ? { address: m[1] } : {}),
        ...(m[2] ? { ipid: m[2] } : {}),
        ...(m[3] ? { synd: m[3] } : {}),
        ...(m[5] !== undefined ? { block: m[4]!.trim(), extErrorCode: Number(m[5]), ...(m[6] ? { extErrorText: m[6].trim() } : {}) } : {}),
      },
    }),
  },
  {
    name: 'mce-logged',
    kind: 'mce',
    role: 'start',
    example: 'mce: [Hardware Error]: Machine check events logged',
    pattern: /(?:mce|MCE): \[Hardware Error\]: Machine check events logged|mce: CMCI storm detected/,
  },
  {
    name: 'ghes-record',
    kind: 'ghes',
    role: 'start',
    example: '{1}[Hardware Error]: Hardware error from APEI Generic Hardware Error Source: 2',
    pattern: /(?:\{(\d+)\})?\[Hardware Error\]: Hardware error from APEI Generic Hardware Error Source: (\d+)/,
    fields: (m) => ({ details: { ...(m[1] ? { record: Number(m[1]) } : {}), source: Number(m[2]) } }),
  },
  {
    // drivers/firmware/efi/cper.c (cper_print_mem, cper_mem_err_location) and ghes.c: one field per line.
    // The location line is `node:%d card:%d …` (`node: %d` with a space in 3.x–4.x kernels).
    name: 'ghes-field',
    kind: 'ghes',
    role: 'attach',
    into: ['ghes'],
    example: '{1}[Hardware Error]:  DIMM location: CPU0_DIMM_A1 Node 0 Channel 0 Slot 0',
    pattern:
      /^(?:\{\d+\})?\[Hardware Error\]:\s+(?:event severity: (\w+)|section_type: (.*)|physical_address: 0x([0-9a-f]+)|(node: ?\d+.*)|error_type: (\d+), (.*)|DIMM location: (.*)|(It has been corrected by h\/w)|error_status: 0x([0-9a-f]+)|physical_address_mask: 0x([0-9a-f]+)|fru_text: (.*)|Error (\d+), type: (\w+)|precise tstamp: (.*))/,
    fields: (m) => {
      const details: Details = {};
      if (m[1]) details.severity = m[1];
      if (m[2]) details.section = m[2].trim();
      if (m[3]) details.address = m[3];
      // `node:1 card:0 module:3 rank:1 bank:9 … row:21833 column:880`; node is the socket.
      for (const [, key, value] of (m[4] ?? '').matchAll(/(\w+): ?(\d+|0x[0-9a-f]+)(?=\s|$)/g)) {
        details[key === 'node' ? 'socket' : key!.replace(/_(\w)/g, (_, c: string) => c.toUpperCase())] = /^0x/.test(value!) ? value! : Number(value);
      }
      if (m[4]) details.location = m[4].trim().replace(/\s+/g, ' ');
      if (m[5] !== undefined) Object.assign(details, { errorType: Number(m[5]), errorTypeName: m[6]!.trim() });
      if (m[7]) details.dimmLocation = m[7].trim();
      if (m[8]) details.correctedByHardware = true;
      if (m[9]) details.errorStatus = m[9];
      if (m[10]) details.addressMask = m[10];
      if (m[11]) details.fruText = m[11].trim();
      if (m[13]) details.errorSeverity = m[13];
      if (m[14]) details.firmwareTime = m[14].trim();
      return { dimm: m[7] && !/^not present/.test(m[7]) ? { label: m[7].trim(), method: 'ghes-dimm-location' } : undefined, details };
    },
  },
  {
    // drivers/edac/edac_mc.c edac_mc_handle_error(): `EDAC MC%d: %d %s %s on %s (%s page:0x%lx offset:0x%lx grain:%ld syndrome:0x%lx - %s)`,
    // the count first (storms aggregate), the DIMM label (or `unknown memory`), then the layer location and the driver's detail.
    name: 'edac',
    kind: 'edac',
    role: 'start',
    example: 'EDAC MC0: 1 CE memory read error on CPU_SrcID#0_Ha#0_Chan#2_DIMM#0 (channel:2 slot:0 page:0x1234 offset:0x0 grain:32 syndrome:0x0 - area:DRAM err_code:0001:0092 socket:0 ha:0 channel_mask:4 rank:1)',
    pattern: /EDAC (?:\S+ )?MC(\d+): (\d+) (CE|UE|Fatal|Info|Deferred) (.*?) on (.*?)(?: \((.*)\))?$/,
    fields: (m) => {
      const extra = m[6] ?? '';
      const field = (name: string) => new RegExp(`\\b${name}:(0x[0-9a-f]+|\\d+)`).exec(extra)?.[1];
      const d: Details = { mc: Number(m[1]), count: Number(m[2]), errorClass: m[3]!, errorText: m[4]! };
      for (const name of ['socket', 'channel', 'slot', 'rank', 'bank', 'grain', 'csrow', 'branch']) {
        const v = field(name);
        if (v !== undefined) d[name] = Number(v);
      }
      for (const name of ['page', 'offset', 'syndrome']) {
        const v = field(name);
        if (v !== undefined) d[name] = v;
      }
      const area = /\barea:(\w+)/.exec(extra)?.[1];
      if (area) d.area = area;
      const errCode = /\berr_code:([0-9a-fx:]+)/.exec(extra)?.[1];
      if (errCode) d.errCode = errCode;
      // The layer location is what edac_mc.c printed before ` page:` (`channel:2 slot:0`, `csrow:3 channel:0`).
      const location = /^(.*?)\s*page:/.exec(extra)?.[1]?.trim();
      if (location) d.location = location;
      if (/\bOVERFLOW\b/.test(extra)) d.overflow = true;
      const label = m[5]!.trim();
      return { dimm: /unknown/i.test(label) ? undefined : { label, method: 'edac-label' }, details: d };
    },
  },
  {
    // drivers/edac/sb_edac.c: the MCE record it is about to decode follows (edac-mce-bank, mce-registers, mce-processor).
    name: 'edac-mce-handling',
    kind: 'edac',
    role: 'start',
    example: 'EDAC sbridge MC0: HANDLING MCE MEMORY ERROR',
    pattern: /EDAC \S+ MC(\d+): HANDLING MCE MEMORY ERROR/,
    fields: (m) => ({ details: { mc: Number(m[1]) } }),
  },
  {
    name: 'memory-failure',
    kind: 'memory-failure',
    role: 'start',
    example: 'Memory failure: 0x1c0f3a: recovery action for dirty LRU page: Recovered',
    pattern: /Memory failure: (0x[0-9a-f]+|\d+): (.*)$/,
    fields: (m) => ({ details: { pfn: m[1]! }, message: m[2] }),
  },
  {
    name: 'mce-kill',
    kind: 'memory-failure',
    role: 'start',
    example: 'MCE: Killing qemu-kvm:4711 due to hardware memory corruption fault at 7f3c2a400000',
    pattern: /MCE: Killing (.+):(\d+) due to hardware memory corruption fault at ([0-9a-f]+)/,
    fields: (m) => ({ comm: m[1], pid: num(m[2]), details: { address: m[3]! } }),
  },
  {
    name: 'arm64-sea',
    kind: 'memory-failure',
    role: 'start',
    example: 'Internal error: synchronous external abort: 96000410 [#1] PREEMPT SMP',
    pattern: /(?:Internal error|Unhandled fault): synchronous external abort:? \(?(?:0x)?([0-9a-f]+)\)?(?: at 0x([0-9a-f]+))?/,
    fields: (m) => ({ details: { esr: m[1]!, ...(m[2] ? { address: m[2] } : {}), sea: true } }),
  },
  {
    name: 'arm64-serror',
    kind: 'mce',
    role: 'start',
    example: 'SError Interrupt on CPU2, code 0xbe000011 -- SError',
    pattern: /(?:SError Interrupt|Bad mode in Error handler detected) on CPU(\d+), code 0x([0-9a-f]+)/,
    fields: (m) => ({ cpu: num(m[1]), details: { esr: m[2]!, serror: true } }),
  },
  // ---- oopses, BUGs, warnings (syzkaller's header groups) -----------------------------------
  {
    name: 'x86-paging',
    kind: 'oops',
    role: 'start',
    example: 'BUG: unable to handle kernel paging request at ffff88002bde1e40',
    pattern: /BUG: unable to handle (kernel paging request|kernel NULL pointer dereference|page fault for address|kernel access to user memory|kernel)/,
  },
  {
    name: 'x86-null',
    kind: 'oops',
    role: 'start',
    example: 'BUG: kernel NULL pointer dereference, address: 0000000000000008',
    pattern: /BUG: kernel NULL pointer dereference/,
  },
  {
    name: 'arm-unable',
    kind: 'oops',
    role: 'start',
    example: 'Unable to handle kernel paging request at virtual address ffff80000a2b3000',
    pattern: /Unable to handle kernel (paging request|NULL pointer dereference|access to user memory|read from unreadable memory|execute from non-executable memory|access to user memory outside uaccess routines)/,
  },
  {
    name: 'sanitizer',
    kind: 'oops',
    role: 'start',
    example: 'BUG: KASAN: use-after-free in ip6_send_skb+0x2f5/0x330',
    pattern: /BUG: (KASAN|KFENCE|KMSAN|KCSAN): (\S+)/,
  },
  {
    name: 'ubsan',
    kind: 'oops',
    role: 'start',
    example: 'UBSAN: array-index-out-of-bounds in net/core/dev.c:123:4',
    pattern: /UBSAN: /,
  },
  {
    name: 'bug-generic',
    kind: 'oops',
    role: 'start',
    example: 'BUG: scheduling while atomic: syz-executor/1234/0x00000002',
    pattern: /(?:^|\s)BUG: |BUG kmalloc-|kernel BUG at |Kernel BUG /,
  },
  {
    name: 'oops-x86',
    kind: 'oops',
    role: 'start',
    example: 'general protection fault, probably for non-canonical address 0xdffffc0000000001: 0000 [#1] PREEMPT SMP KASAN',
    pattern: /general protection fault|stack segment: |divide error: |divide_error: |invalid opcode: |int3: |PANIC: double fault|Alignment trap: |Unhandled fault: |Internal error: |Oops: |Oops\[#\d+\]/,
  },
  {
    name: 'warning',
    kind: 'warning',
    role: 'start',
    example: 'WARNING: CPU: 1 PID: 8377 at arch/x86/kvm/x86.c:7209 kvm_arch_vcpu_ioctl_run+0x1f7/0x5a00',
    pattern: /WARNING: (?:CPU: (\d+) PID: (\d+) at (\S+) (\S+))?/,
    fields: (m) => ({ cpu: num(m[1]), pid: num(m[2]), details: m[3] ? { location: m[3] } : undefined }),
  },
  {
    name: 'allocation-failure',
    kind: 'warning',
    role: 'start',
    example: 'chrome: page allocation failure: order:5, mode:0x24040c0(GFP_KERNEL|__GFP_COMP)',
    pattern: /^(\S+): page allocation failure: order:(\d+)/,
    fields: (m) => ({ comm: m[1], details: { allocationOrder: Number(m[2]) } }),
  },
  {
    name: 'lockdep-info',
    kind: 'warning',
    role: 'start',
    example: 'INFO: possible circular locking dependency detected',
    pattern: /INFO: (?:possible|inconsistent|suspicious)|inconsistent lock state|possible recursive locking detected|possible circular locking dependency detected/,
  },
  {
    name: 'oom',
    kind: 'oom',
    role: 'start',
    example: 'systemd-journal invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=-250',
    pattern: /^(.+) invoked oom-killer: /,
    fields: (m) => ({ comm: m[1] }),
  },
  {
    name: 'oom-kill',
    kind: 'oom',
    role: 'attach',
    into: ['oom'],
    standalone: true,
    example: 'Out of memory: Killed process 1234 (java) total-vm:8123456kB, anon-rss:4000000kB, file-rss:0kB',
    pattern: /(?:Out of memory|Memory cgroup out of memory): Kill(?:ed)? process (\d+) \((.+?)\)/,
    fields: (m) => ({ details: { victimPid: Number(m[1]), victimComm: m[2]! } }),
  },
];
