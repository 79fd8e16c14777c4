// Line shapes a mail client, a web page or a terminal may break at a space, one row per shape the
// kernel prints, each with where it prints it and an example broken in two. A line without a
// prefix is glued to the line before it only when a row says it is plainly that line's rest:
// the line before, on its own, is cut short of the shape (the row's `whole` does not hold), and
// the two together are the shape whole. Rows whose rest can never be a line of its own say so in
// `rest`, and then glue to a head that is already whole. The break ate the space it was made at,
// so the pieces are glued with one space.

export interface WrapShape {
  name: string;
  /** The kernel source that prints the line. */
  source: string;
  /** The line as printed, broken where a wrap may break it: [head message, rest]. */
  example: [head: string, rest: string];
  /** How the line starts: only a held line that starts so is looked at (cheap, and the lines after it are kept while they may finish it). */
  head: { test(message: string): boolean };
  /** The line whole, when the shape has one: a head already whole needs no rest. */
  whole?: RegExp;
  /** Rests that are never printed as a line of their own, so they may follow a head already whole. */
  alone?: RegExp;
  /** Whether `rest` finishes `head` (the held line's message, trailing blanks off; the next lines, trimmed, joined by a space). */
  joins(head: string, rest: string): boolean;
}

/** A head cut short of `whole` that `rest` makes whole; `alone`: rests never printed as a line of their own. */
function completes(whole: RegExp, alone?: RegExp): Pick<WrapShape, 'whole' | 'alone' | 'joins'> {
  return { whole, alone, joins: (head, rest) => (!whole.test(head) || (alone?.test(rest) ?? false)) && whole.test(`${head} ${rest}`) };
}

/** A head that starts like `pattern`, or was cut short inside one of `starts` (a break can fall anywhere). */
function starts(pattern: RegExp, ...literals: string[]): { test(message: string): boolean } {
  return { test: (message) => pattern.test(message) || (message.length >= 3 && literals.some((literal) => literal.startsWith(message))) };
}

const HW_ERR = ['mce: [Hardware Error]: ', '[Hardware Error]: '];
const HEX16 = '[0-9a-f]{16}';
/** `mce: ` (pr_fmt of mce/core.c) and HW_ERR; very old kernels print `[Hardware Error]: ` alone. */
const MCE = String.raw`^(?:mce: )?\[Hardware Error\]: `;
const FRAME_WITHOUT_MODULE = /^(?:\? )?[A-Za-z_.$][\w.$]*\+0x[0-9a-f]+\/0x[0-9a-f]+$/;
const FRAME = /^(?:\? )?[A-Za-z_.$][\w.$]*\+0x[0-9a-f]+\/0x[0-9a-f]+(?: \[[\w-]+\])?$/;
/** Module names with their taint flags (`nvidia(POE)`), and the last unloaded one. */
const MODULE_LIST = /^[\w-]+(?:\([A-Z+-]+\))?(?: [\w-]+(?:\([A-Z+-]+\))?)*(?: \[last unloaded: [\w-]+\])?$/;
const CODE_BYTE = /^(?:<[0-9a-f]{2}>|\([0-9a-f]{2}\)|[0-9a-f]{2})$/;
/** x86 show_opcodes prints OPCODE_BUFSIZE (64) bytes: 42 before the ip, the ip's, 21 after. */
const X86_CODE_BYTES = 64;

function codeBytes(text: string): string[] | undefined {
  const bytes = text.split(/\s+/).filter((b) => b !== '');
  return bytes.every((b) => CODE_BYTE.test(b)) ? bytes : undefined;
}

export const WRAP_SHAPES: readonly WrapShape[] = [
  {
    name: 'hung-task-header',
    source: 'kernel/hung_task.c check_hung_task: "INFO: task %s:%d blocked for more than %ld seconds."',
    example: ['INFO: task bcache-register:943', 'blocked for more than 120 seconds.'],
    head: starts(/^INFO: task /, 'INFO: task '),
    ...completes(/^INFO: task .+:\d+ blocked (?:in I\/O wait )?for more than \d+ seconds\.$/),
  },
  {
    name: 'hung-task-suppressed',
    source: 'kernel/hung_task.c check_hung_task: "Future hung task reports are suppressed, see sysctl kernel.hung_task_warnings"',
    example: ['Future hung task reports are suppressed, see sysctl', 'kernel.hung_task_warnings'],
    head: /^Future hung task/,
    ...completes(/^Future hung task reports are suppressed, see sysctl kernel\.hung_task_warnings$/),
  },
  {
    // `NMI watchdog: ` in ~4.4–4.12, `watchdog: ` since, bare in 3.x.
    name: 'soft-lockup-header',
    source: 'kernel/watchdog.c watchdog_timer_fn: "BUG: soft lockup - CPU#%d stuck for %us! [%s:%d]"',
    example: ['watchdog: BUG: soft lockup - CPU#10 stuck for 23s!', '[osms-agent:3184]'],
    head: /^(?:(?:NMI )?watchdog: )?BUG: soft lockup/,
    ...completes(/^(?:(?:NMI )?watchdog: )?BUG: soft lockup - CPU#\d+ stuck for \d+s! \[.+:\d+\]$/),
  },
  {
    // The list has no set length: a piece that is nothing but module names is more of it.
    name: 'modules-linked-in',
    source: 'kernel/module/main.c print_modules: "Modules linked in:" then " %s%s" per module and " [last unloaded: %s]"',
    example: ['Modules linked in: binfmt_misc ip6t_REJECT ipt_REJECT', 'xt_comment xt_owner nft_compat'],
    head: /^Modules linked in:/,
    joins: (head, rest) => head.startsWith('Modules linked in:') && MODULE_LIST.test(rest),
  },
  {
    name: 'hung-task-hint',
    source: 'kernel/hung_task.c check_hung_task: "\\"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\\" disables this message."',
    example: ['"echo 0 >', '/proc/sys/kernel/hung_task_timeout_secs" disables this message.'],
    head: starts(/^"echo 0 >/, '"echo 0 >'),
    ...completes(/^"echo 0 > \/proc\/sys\/kernel\/hung_task_timeout_secs" disables this message\.$/),
  },
  {
    // The taint field is fixed-column letters and blanks; the release and `#version` follow.
    name: 'taint-release',
    source: 'kernel/hung_task.c check_hung_task: "      %s %s %.*s" (print_tainted(), release, version)',
    example: ['      Not tainted', '4.15.0-143-generic #147-Ubuntu'],
    head: starts(/^\s*(?:Not tainted|Tainted: [A-Z ]*$)/, 'Not tainted', 'Tainted:'),
    ...completes(/^\s*(?:Not tainted|Tainted: [A-Z ]*?)\s+\S*\d+\.\d+\S* #\S.*$/),
  },
  {
    name: 'cpu-line',
    source: 'lib/dump_stack.c dump_stack_print_info: "CPU: %d PID: %d Comm: %.20s %s%s %s %.*s"',
    example: ['CPU: 5 PID: 173 Comm: kworker/5:1 Tainted: P', 'OE    4.15.0-46-generic #49-Ubuntu'],
    head: starts(/^CPU: \d+ /, 'CPU: '),
    ...completes(/^CPU: \d+ (?:UID: \d+ )?PID: \d+ Comm: .{1,20}? (?:Kdump: loaded )?(?:Not tainted|Tainted: [A-Z ]*?)\s+(?:-[- ]*\s)?\S*\d+\.\d+\S* #\S.*$/),
  },
  {
    name: 'hardware-name',
    source: 'lib/dump_stack.c dump_stack_print_info "Hardware name: %s"; drivers/firmware/dmi_scan.c dmi_format_ids ("vendor product/board, BIOS version date") or the DT model " (DT)"',
    example: ['Hardware name: System manufacturer System Product Name/CROSSHAIR VI HERO,', 'BIOS 6401 12/07/2018'],
    head: starts(/^Hardware name:/, 'Hardware name:'),
    ...completes(/^Hardware name: .*(?:BIOS .*\d\d\/\d\d\/\d{4}|\(DT\))$/),
  },
  {
    name: 'rcu-stall-header',
    source: 'kernel/rcu/tree_stall.h print_other_cpu_stall / print_cpu_stall: "INFO: %s detected stalls on CPUs/tasks:", "INFO: %s self-detected stall on CPU" (pr_fmt "rcu: " since ~4.20)',
    example: ['rcu: INFO: rcu_preempt detected stalls on', 'CPUs/tasks:'],
    head: starts(/^(?:rcu: )?INFO: rcu_\w+ /, 'rcu: INFO: rcu_', 'INFO: rcu_'),
    ...completes(/^(?:rcu: )?INFO: rcu_\w+ (?:self-detected stall on CPU|detected (?:expedited )?stalls on CPUs\/tasks:).*$/),
  },
  {
    // Suffixes (` rcuc=… jiffies(starved)`, ` (false positive?)`) follow in newer kernels.
    name: 'rcu-cpu-line',
    source: 'kernel/rcu/tree_stall.h print_cpu_stall_info: "\\t%d-%c%c%c%c: (%lu %s) idle=%04x/%ld/%#lx softirq=%u/%u fqs=%ld%s%s"',
    example: ['rcu: \t12-...!: (1 GPs behind) idle=6c4c/1/0x4000000000000000', 'softirq=301177/301178 fqs=5249'],
    head: starts(/^(?:rcu: )?\s*\d+-\S{4}:/, 'rcu:'),
    ...completes(/^(?:rcu: )?\s*\d+-\S{4}: \(\d+ (?:ticks this GP|GPs behind)\) idle=\S+ softirq=\d+\/\d+ fqs=\d+.*$/),
  },
  {
    name: 'rcu-detected-by',
    source: 'kernel/rcu/tree_stall.h print_other_cpu_stall: "\\t(detected by %d, t=%ld jiffies, g=%ld, q=%lu ncpus=%d)" (`c=%ld, ` before ~4.19); print_cpu_stall: "\\t(t=%lu jiffies g=%ld q=%lu ncpus=%d)"',
    example: ['rcu: \t(detected by 30, t=21002 jiffies, g=2790453,', 'q=1114 ncpus=48)'],
    head: starts(/^(?:rcu: )?\s*\((?:detected by|t=)/, 'rcu:'),
    ...completes(/^(?:rcu: )?\s*\((?:detected by \d+, )?t=\d+ jiffies,? g=-?\d+,? (?:c=-?\d+,? )?q=\d+(?: ncpus=\d+)?\)$/),
  },
  {
    name: 'nmi-backtrace-sending',
    source: 'lib/nmi_backtrace.c nmi_trigger_cpumask_backtrace: "Sending NMI from CPU %d to CPUs %*pbl:"',
    example: ['Sending NMI from CPU 30 to', 'CPUs 12:'],
    head: starts(/^Sending NMI /, 'Sending NMI '),
    ...completes(/^Sending NMI from CPU \d+ to CPUs [\d,-]+:$/),
  },
  {
    name: 'x86-rip',
    source: 'arch/x86/kernel/dumpstack.c show_ip: "RIP: %04x:%pS" (≤4.14 "RIP: %04x:[<%016lx>]  [<%016lx>] %pS")',
    example: ['RIP: 0010:[<ffffffff810f1ed8>]  [<ffffffff810f1ed8>]', 'smp_call_function_many+0x1f8/0x260'],
    head: /^RIP:/,
    ...completes(/^RIP: [0-9a-f]{4}:(?:\S+|\[<[0-9a-f]+>\]\s+\[<[0-9a-f]+>\] \S+)$/),
  },
  {
    name: 'powerpc-regs-rows',
    source: 'arch/powerpc/kernel/process.c show_regs: "NIP:  "REG" LR: "REG" CTR: "REG, "REGS: %px TRAP: %04lx   %s  (%s)", "MSR:  "REG" " + print_msr_bits + "  CR: %08lx  XER: %08lx"',
    example: ['MSR:  8000000000009033 <SF,EE,ME,IR,DR,RI,LE>', 'CR: 4800444f  XER: 00000000'],
    head: /^(?:NIP|REGS|MSR):/,
    ...completes(/^(?:NIP:\s+[0-9a-f]+ LR: [0-9a-f]+ CTR: [0-9a-f]+|REGS: [0-9a-f]+ TRAP: [0-9a-f]+\s+.*\(.*\)|MSR:\s+[0-9a-f]+ <[A-Z0-9,]*>\s+CR: [0-9a-f]+\s+XER: [0-9a-f]+)$/),
  },
  {
    name: 'powerpc-nip-lr',
    source: 'arch/powerpc/kernel/process.c show_regs: "NIP ["REG"] %pS", "LR ["REG"] %pS"',
    example: ['NIP [c000000000264a30]', 'smp_call_function_many_cond+0x520/0x8b0'],
    head: /^(?:NIP|LR) \[/,
    ...completes(/^(?:NIP|LR) \[[0-9a-f]+\] \S+$/),
  },
  {
    name: 'powerpc-frame',
    source: 'arch/powerpc/kernel/process.c show_stack: "["REG"] ["REG"] %pS" and " (unreliable)"',
    example: ['[c0000003eeddba70] [c000000000d78070]', '_raw_spin_unlock_irqrestore+0x50/0xb0'],
    head: /^\[[0-9a-f]{8,16}\]/,
    ...completes(/^\[[0-9a-f]{8,16}\] \[[0-9a-f]{8,16}\] \S+(?: \[[\w-]+\])?(?: \(unreliable\))?$/, /^\(unreliable\)$/),
  },
  {
    name: 'x86-code',
    source: 'arch/x86/kernel/dumpstack.c show_opcodes: "Code: %" __stringify(PROLOGUE_SIZE) "ph <%02x> %" __stringify(EPILOGUE_SIZE) "ph"',
    example: ['Code: 89 c7 e8 5b a8 85 00 3b 05 d9 d7 53 01 0f 83 5c fe ff ff 48 63 c8 48 8b 13 48 03 14 cd c0 a6 1a 91 8b 4a 18 83 e1 01 74 0a f3 90 <8b> 4a', '18 83 e1 01 75 f6 eb c7 48 c7 c2 a0 de 65 91 4c 89 e6 89'],
    head: starts(/^Code: (?:[0-9a-f]{2} |<[0-9a-f]{2}> )/, 'Code: '),
    joins: (head, rest) => {
      if (!head.startsWith('Code: ')) return false;
      const before = codeBytes(head.slice(6));
      const after = codeBytes(rest);
      return before !== undefined && after !== undefined && after.length > 0 && before.length + after.length <= X86_CODE_BYTES;
    },
  },
  {
    name: 'arm64-code',
    source: 'arch/arm64/kernel/traps.c dump_kernel_instr: "Code: %s" (instruction words, the faulting one in parentheses)',
    example: ['Code: 54000080 d503203f f9400a61 370fffa1', '(f9400a61)'],
    head: starts(/^Code: [0-9a-f]{8}(?: |$)/, 'Code: '),
    ...completes(/^Code: (?:[0-9a-f]{8} )+\([0-9a-f]{8}\)$/),
  },
  {
    name: 'x86-gpr-row',
    source: 'arch/x86/kernel/process_64.c __show_regs: "RAX: %016lx RBX: %016lx RCX: %016lx" and the four rows after it',
    example: ['RAX: ffffffffffffffda RBX:', '000000000000000d RCX: 00007f9942e96224'],
    head: /^R(?:AX|BX|CX|DX|SI|DI|BP|\d\d):/,
    ...completes(new RegExp(`^(?:R(?:AX|BX|CX|DX|SI|DI|BP|\\d\\d): ${HEX16}\\s*){3}$`)),
  },
  {
    name: 'x86-rsp-row',
    source: 'arch/x86/kernel/dumpstack.c show_iret_regs / __show_regs: "RSP: %04x:%016lx EFLAGS: %08lx" + " ORIG_RAX: %016lx"',
    example: ['RSP: 002b:00007ffc32a525e8', 'EFLAGS: 00000246 ORIG_RAX: 0000000000000001'],
    head: /^RSP:/,
    ...completes(new RegExp(`^RSP: [0-9a-f]{4}:${HEX16}\\s+EFLAGS: [0-9a-f]{8}(?:\\s+ORIG_RAX: ${HEX16})?$`), /^ORIG_RAX: /),
  },
  {
    name: 'x86-segment-rows',
    source: 'arch/x86/kernel/process_64.c __show_regs: "FS:  %016lx(%04x) GS:%016lx(%04x) knlGS:%016lx", "CS:  %04lx DS: %04x ES: %04x CR0: %016lx", "CR2: %016lx CR3: %016lx CR4: %016lx"',
    example: ['FS:  0000000000000000(0000) GS:ffff9acb3e740000(0000)', 'knlGS:0000000000000000'],
    head: /^(?:FS|CS|CR2):/,
    ...completes(
      new RegExp(
        `^(?:FS:\\s+${HEX16}\\([0-9a-f]{4}\\) GS:${HEX16}\\([0-9a-f]{4}\\) knlGS:${HEX16}|CS:\\s+[0-9a-f]{4} DS: [0-9a-f]{4} ES: [0-9a-f]{4} CR0: ${HEX16}|CR2: ${HEX16} CR3: ${HEX16} CR4: ${HEX16})$`,
      ),
    ),
  },
  {
    // Two per line up to ~5.12, three per line since; never one.
    name: 'arm64-gpr-row',
    source: 'arch/arm64/kernel/process.c __show_regs: "x%-2d: %016llx " per register',
    example: ['x29: ffff80001234bd40 x28:', 'ffff00000a1b2c00 x27: 0000000000000000'],
    head: /^x\d{1,2}\s?:/,
    ...completes(new RegExp(`^(?:x\\d{1,2}\\s?: ${HEX16}\\s*){2,3}$`)),
  },
  {
    name: 'powerpc-gpr-row',
    source: 'arch/powerpc/kernel/process.c show_regs: "GPR%02d: " then REGS_PER_LINE (4 on 64-bit, 8 on 32-bit) values',
    example: ['GPR00: c000000000d78070 c0000003eeddba50', 'c00000000180fe00 0000000000000900'],
    head: /^GPR\d\d:/,
    ...completes(/^GPR\d\d: (?:(?:[0-9a-f]{16} ?){4}|(?:[0-9a-f]{8} ?){8})$/),
  },
  {
    name: 'mce-status',
    source: 'arch/x86/kernel/cpu/mce/core.c __print_mce: "CPU %d: Machine Check%s: %Lx Bank %d: %016Lx"',
    example: ['mce: [Hardware Error]: CPU 3: Machine Check: 0 Bank 5:', 'bea0000000000108'],
    head: starts(/^(?:mce: )?\[Hardware Error\]: CPU\b/, ...HW_ERR),
    ...completes(new RegExp(`${MCE}CPU \\d+: Machine Check(?: Exception)?: [0-9a-f]+ Bank \\d+: ${HEX16}$`)),
  },
  {
    name: 'mce-tsc',
    source: 'arch/x86/kernel/cpu/mce/core.c __print_mce: "TSC %llx " then "ADDR %llx ", "MISC %llx ", "SYND %llx ", "IPID %llx " when present',
    example: ['mce: [Hardware Error]: TSC 0 ADDR', '1f8a4d000 MISC 8c'],
    head: starts(/^(?:mce: )?\[Hardware Error\]: TSC\b/, ...HW_ERR),
    ...completes(new RegExp(`${MCE}TSC [0-9a-f]+(?: (?:ADDR|MISC|SYND|IPID) [0-9a-f]+)*$`), /^(?:ADDR|MISC|SYND|IPID) [0-9a-f]+/),
  },
  {
    name: 'mce-processor',
    source: 'arch/x86/kernel/cpu/mce/core.c __print_mce: "PROCESSOR %u:%x TIME %llu SOCKET %u APIC %x microcode %x"',
    example: ['mce: [Hardware Error]: PROCESSOR 0:906ea TIME', '1580717835 SOCKET 0 APIC 0 microcode b4'],
    head: starts(/^(?:mce: )?\[Hardware Error\]: PROCESSOR\b/, ...HW_ERR),
    ...completes(new RegExp(`${MCE}PROCESSOR \\d+:[0-9a-f]+ TIME \\d+ SOCKET \\d+ APIC [0-9a-f]+(?: microcode [0-9a-f]+)?$`), /^microcode [0-9a-f]+$/),
  },
  {
    name: 'task-line',
    source: 'kernel/sched/core.c sched_show_task: "%-15.15s %c" "%5lu %5d %6d 0x%08lx" (≤5.9) or "task:%-15.15s state:%c stack:%5lu pid:%5d ppid:%6d flags:0x%08lx"',
    example: ['bcache-register D    0   943', '1 0x00000006'],
    head: /^(?:task:|\S.{0,14}?\s+[A-Za-z](?:\s|\d))/,
    ...completes(/^(?:\S.{0,14}?\s+[A-Za-z]\s*[0-9a-f]+\s+\d+\s+\d+\s+0x[0-9a-f]+|task:\S.*state:\S.* pid:\s*\d+ .*flags:0x[0-9a-f]+)$/),
  },
  {
    // A frame whose break fell after the timestamp (or the `?` of an unreliable frame).
    name: 'trace-frame',
    source: 'arch/x86/kernel/dumpstack.c printk_stack_address: "%s %s%pBb" (log level, "? " when unreliable, symbol+off/len [module])',
    example: ['?', 'bch_btree_insert_check_key+0x1f0/0x1f0 [bcache]'],
    head: /^\s*\??$/,
    joins: (head, rest) => (head.trim() === '' || head.trim() === '?') && FRAME.test(`${head.trim()} ${rest}`.trim()),
  },
  {
    name: 'trace-frame-module',
    source: 'arch/x86/kernel/dumpstack.c printk_stack_address: the module name of %pBb',
    example: [' btree_split+0x69a/0x700', '[bcache]'],
    head: /\+0x[0-9a-f]+\/0x[0-9a-f]+$/,
    joins: (head, rest) => /^\[[\w-]+\]$/.test(rest) && FRAME_WITHOUT_MODULE.test(head.trim()),
  },
  {
    // A break right after the timestamp or syslog prefix (the first word was too long for the
    // line): what follows is a line whole of its own, which a row above knows.
    name: 'after-prefix',
    source: 'any of the rows above',
    example: ['', 'RIP: 0010:native_queued_spin_lock_slowpath+0x6e/0x2d0'],
    head: /^$/,
    joins: (head, rest) => head === '' && WRAP_SHAPES.some((shape) => shape.whole?.test(rest) ?? false),
  },
  {
    // The break fell inside words every line of its kind starts with (`Kernel panic - not` ⏎
    // `syncing: …`): such a head is never a line of its own.
    name: 'fixed-start',
    source: 'kernel/panic.c panic, kernel/hung_task.c, arch/x86/kernel/cpu/mce/core.c HW_ERR, lib/dump_stack.c, lib/nmi_backtrace.c, arch/x86/kernel/dumpstack.c show_trace_log_lvl ("Call Trace:")',
    example: ['Kernel panic - not', 'syncing: Fatal machine check'],
    head: { test: (message) => FIXED_STARTS.some((start) => cutInside(message, start)) },
    joins: (head, rest) => FIXED_STARTS.some((start) => cutInside(head, start) && `${head} ${rest}`.startsWith(start.trimEnd())),
  },
];

/** How lines of a kind start, word for word. */
const FIXED_STARTS = [
  'Kernel panic - not syncing: ',
  'INFO: task ',
  "mce: [Hardware Error]: Run the above through 'mcelog --ascii'",
  'mce: [Hardware Error]: Machine check: ',
  'mce: [Hardware Error]: ',
  '[Hardware Error]: ',
  'Call Trace:',
  'Call trace:',
  'Hardware name: ',
  'Modules linked in: ',
  'NMI backtrace for cpu ',
  'Sending NMI from CPU ',
  'watchdog: BUG: soft lockup - CPU#',
  'rcu: INFO: rcu_',
  'Not tainted ',
  'Workqueue: ',
  '"echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.',
];

/** `head` is cut short inside `start` (at least a word of it, never the whole). */
function cutInside(head: string, start: string): boolean {
  return head.length >= 3 && head.length < start.trimEnd().length && start.startsWith(head);
}
