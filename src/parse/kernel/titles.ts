// Titles in syzkaller's convention (`BUG: soft lockup in F`, `INFO: rcu detected stall in F`,
// `INFO: task hung in F`, `kernel panic: X`), so an operator can search upstream reports.
// Re-implemented from the description of syzkaller's pkg/report (see docs/kernel-parsing.md):
// each format row names the header it titles, how to fill the title, where its frame comes
// from (a sequence of "parts": lines to find, then a stack to walk) and which frames to skip.
// The title is a dedup key, not a diagnosis; ktriage's own `guiltyFrame` is separate.
import type { KernelEvent } from '../../model/records.js';

/** `[<ffffffff81000000>]` */
const PC = String.raw`\[<?(?:0x)?[0-9a-f]+>?\]`;
/** A function name followed by `+0x…` or a `.isra`-style suffix. */
const FUNC = String.raw`([a-zA-Z0-9_]+)(?:\.|\+)`;
const SRC = String.raw`([a-zA-Z0-9\-_/.]+\.[a-z]+:[0-9]+)`;
const re = (s: string) => new RegExp(s.replaceAll('{{PC}}', PC).replaceAll('{{FUNC}}', FUNC).replaceAll('{{SRC}}', SRC));

/** Marker for "walk a stack trace here" inside a part list. */
const STACK = 'stack' as const;
type Part = RegExp | typeof STACK;

const RIP_FRAME = re(String.raw`(?:IP|NIP|pc |PC is at):? (?:(?:[0-9]+:)?(?:{{PC}} +){0,2}{{FUNC}}|(?:[0-9]+:)?0x[0-9a-f]+|(?:[0-9]+:)?{{PC}} +\[< *\(null\)>\] +\(null\)|[0-9]+: +\(null\))`);
const CALL_TRACE = /Call (?:T|t)race:|Backtrace:/;
const STACK_START = [/Call (?:T|t)race/, /Allocated:/, /Allocated by task [0-9]+:/, /Freed:/, /Freed by task [0-9]+:/, /[^k] backtrace(?: \(crc [0-9a-f]*\))?:/, /Backtrace:/, /Uninit was stored to memory at/];
/** Fault-injection stacks interleave with reports: seeing one makes the stack unusable. */
const CORRUPTING_LINES = [/^( \[<?(?:0x)?[0-9a-f]+>?\])? should_fail(slab)?(\.[a-z0-9.]+)?\+0x/];
const FRAME_LINES = [re(`^ *(?:{{PC}} ){0,2}{{FUNC}}`), re(String.raw`^ *{{PC}} \(([a-zA-Z0-9_.]+)\) from {{PC}} \({{FUNC}}`)];

/** Frames no title is ever named after: sanitizers, dumping, allocation, locking, string and list helpers. */
const GLOBAL_SKIP = new RegExp(
  [
    '__sanitizer', '__asan', 'kasan', 'hwasan', '__msan', 'kmsan', 'kcsan_setup_watchpoint', 'check_memory_region', 'check_heap_object', 'check_object',
    'read_word_at_a_time', '(read|write)_once_.*nocheck', 'print_address_description', 'panic', 'invalid_op', 'report_bug', 'fixup_bug', 'print_report',
    'print_usage_bug', 'do_error', '_trap$|do_trap', 'show_stack', 'dump_stack', 'walk_stack', 'dump_backtrace', 'warn_slowpath', 'warn_alloc', 'warn_bogus',
    '__warn', 'alloc_page', 'k?v?(?:m|z|c)alloc', 'krealloc', 'kmem_cache', 'allocate_slab', 'folio_(?:alloc|unlock)', 'filemap_alloc_folio', '__filemap_get_folio',
    'find_or_create_page', 'do_read_cache_folio', 'read_cache_page', 'pagecache_get_page', 'grab_cache_page_write_begin', 'slab_', 'debug_object',
    'timer_is_static_object', 'work_is_static_object', '__might_fault', 'print_unlock', 'imbalance_bug', 'lockdep', 'bh_enable', 'bh_disable', 'perf_trace',
    'lock_acquire', 'lock_release', 'lock_class', 'mark_lock', '(reacquire|mark)_held_locks', 'raw_spin_rq', 'spin_lock', 'spin_trylock', 'spin_unlock',
    'read_lock', 'read_trylock', 'write_lock', 'write_trylock', 'read_unlock', 'write_unlock', '^down$', 'down_read', 'down_write', 'down_trylock', 'up_read',
    'up_write', '^mutex_', '^__mutex_', '^rt_mutex_', 'owner_on_cpu', 'osq_lock', 'osq_unlock', 'atomic(64)?_(dec|inc|read|set|or|xor|and|add|sub|fetch|xchg|cmpxchg|try)',
    '(set|clear|change|test)_bit', '__wake_up', '^refcount_', '^kref_', 'ref_tracker', 'memcpy', 'memcmp', 'memset', 'memchr', 'memmove', 'memdup', 'strcmp',
    'strncmp', 'strcpy', 'strlcpy', 'strncpy', 'strscpy', 'strlen', 'strstr', 'strnstr', 'strnlen', 'strchr', 'strdup', 'strndup', 'copy_to_user', 'copy_from_user',
    'copy_to_iter', 'copy_from_iter', 'copy_page_to_iter', 'copy_page_from_iter', 'put_user', 'get_user', 'might_fault', 'might_sleep', 'list_add', 'list_del',
    'list_replace', 'list_move', 'list_splice', '^rb_', '^__rb_', '_indirect_thunk_', 'string', 'pointer', 'snprintf', 'scnprintf', 'kasprintf', 'kvasprintf',
    'printk', 'va_format', 'dev_info', 'dev_notice', 'dev_warn', 'dev_err', 'dev_alert', 'dev_crit', 'dev_emerg', 'program_check_exception', 'program_check_common',
    'del_timer', 'flush_work', '__cancel_work_timer', 'cancel_work_sync', 'try_to_grab_pending', 'flush_workqueue', 'drain_workqueue', 'destroy_workqueue',
    'queue_work', 'finish_wait', 'kthread_stop', 'kobject_', 'add_uevent_var', 'get_device_parent', 'device_add', 'device_del', 'device_unregister',
    'device_destroy', 'device_release', 'devres_release_all', 'hwrng_unregister', 'i2c_del_adapter', '__unregister_client', 'device_for_each_child',
    'rollback_registered', 'unregister_netdev', 'sysfs_remove', 'device_remove_file', 'tty_unregister_device', 'dummy_urb_enqueue', 'usb_kill_urb',
    'usb_kill_anchored_urbs', 'usb_control_msg', 'usb_hcd_submit_urb', 'usb_submit_urb', '^complete$', 'wait_for_completion', '^kv?free$', 'kfree_skb',
    'readb$', 'readw$', 'readl$', 'readq$', 'writeb$', 'writew$', 'writel$', 'writeq$', 'logic_in', 'logic_out', '^crc\\d+', 'crc_itu_t', '__might_resched',
    'assertfail', '^iput$', '^iput_final$', '^ihold$', 'hex_dump_to_buffer', 'print_hex_dump', '^klist_', '(trace|lockdep)_(hard|soft)irq', '^(un)?lock_page',
    'stack_trace_consume_entry', 'arch_stack_walk', 'stack_trace_save', 'insert_work', '__queue_delayed_work', 'queue_delayed_work_on', 'ida_free',
    'do_(kernel|translation)_fault', 'do_mem_abort', 'el1_abort', 'el1h_64_sync(?:_handler)?', 'print_tainted', 'xas_(?:start|load|find)', 'find_lock_entries',
    'truncate_inode_pages_range', '__phys_addr', '__fortify_report', 'cleanup_srcu_struct', 'rhashtable_lookup', 'drop_nlink', '^get_taint$', '^put_device$',
    'lock_timer_base', '__timer_delete_sync', 'sk_stop_timer_sync', '__mod_timer', 'fast_dput', 'dput',
  ].join('|'),
);

/** Syscall-style prefixes dropped from a frame name (the shortest result wins). */
const STRIP_PREFIXES = ['SYSC_', 'SyS_', 'sys_', '__x64_', '__ia32_', '__arm64_', '____sys_', '___sys_', '__sys_', '__se_', '__se_sys_', '__do_sys_', 'compat_SYSC_', 'compat_SyS_', 'ksys_'];

function strip(frame: string): string {
  let best = frame;
  for (const prefix of STRIP_PREFIXES) if (frame.startsWith(prefix) && frame.length - prefix.length < best.length) best = frame.slice(prefix.length);
  return best;
}

/** Frames where a stall's looping code hands over to a dispatcher: the frame before it names the stall. */
const STALL_ANCHORS = [
  'process_one_work', 'do_syscall_', 'do_fast_syscall_', 'sysenter_dispatch', 'tracesys_phase2', 'el0_svc_handler', 'invoke_syscall', 'ret_fast_syscall',
  'netif_receive_skb', 'do_softirq', 'call_timer_fn', '_run_timers', 'run_timer_softirq', 'hrtimer_run', 'run_ksoftirqd', 'smpboot_thread_fn', '^kthread$',
  'start_secondary', 'cpu_startup_entry', 'ret_from_fork', 'vfs_write', 'vfs_read', 'vfs_iter_read', 'vfs_iter_write', 'do_iter_read', 'do_iter_write',
  'call_read_iter', 'call_write_iter', 'new_sync_read', 'new_sync_write', 'vfs_ioctl', 'ksys_ioctl', 'compat_ioctl', 'compat_sys_ioctl', 'blkdev_driver_ioctl',
  'blkdev_ioctl', 'do_iter_readv_writev', '^call_mmap', 'mmap_region', 'do_mmap', 'do_dentry_open', 'vfs_open', '^sock_sendmsg', '^sock_recvmsg',
  '^sock_release', '^__sock_release', '^setsockopt$', 'kernel_setsockopt', 'sock_common_setsockopt', '^listen$', 'kernel_listen', 'sk_common_release',
  '^sock_mmap', '^accept$', 'kernel_accept', '^sock_do_ioctl', '^sock_ioctl', '^compat_sock_ioctl', '^nfnetlink_rcv_msg', '^rtnetlink_rcv_msg',
  '^netlink_dump', '^(sys_)?(socketpair|connect|ioctl)', '__do_fault', 'do_page_fault', '^page_fault$', '__fput', 'task_work_run', 'exit_to_usermode',
  'smp_call_function', 'tasklet_action', 'tasklet_hi_action',
].map((s) => new RegExp(s));

type Extractor = (frames: string[]) => [string, number] | undefined;

/** Stalls loop across several functions: name them after the frame that called into a dispatcher. */
const stallExtractor: Extractor = (frames) => {
  let prev: [string, number] = [frames[0]!, 0];
  for (let i = 0; i < frames.length; i++) {
    const frame = frames[i]!;
    if (STALL_ANCHORS.some((a) => a.test(frame))) return frame.includes('smp_call_function') ? ['smp_call_function', i] : prev;
    prev = [frame, i];
  }
  return undefined;
};

/** Hung tasks wait on random victims: bucket synchronize_* and rtnl_lock, else skip waiting frames. */
const hangExtractor: Extractor = (frames) => {
  const anchors: [string, string][] = [['rtnl_lock', ''], ['synchronize_rcu', 'synchronize_rcu'], ['synchronize_srcu', 'synchronize_rcu'], ['synchronize_net', 'synchronize_rcu'], ['synchronize_sched', 'synchronize_rcu']];
  for (let i = 0; i < frames.length; i++) {
    for (const [anchor, replacement] of anchors) if (frames[i]!.includes(anchor)) return [replacement || frames[i]!, i];
  }
  const skip = ['sched', '_lock', '_slowlock', 'down', 'rwsem', 'completion', 'kthread', 'wait', 'synchronize', 'context_switch', '__switch_to', 'cancel_delayed_work', 'rcu_barrier'];
  const i = frames.findIndex((f) => !skip.some((s) => f.includes(s)));
  return i >= 0 ? [frames[i]!, i] : undefined;
};

interface StackSpec {
  parts: Part[];
  parts2?: Part[];
  skip?: string[];
  extractor?: Extractor;
}

interface TitleFormat {
  /** The header group (syzkaller's oops header) this format belongs to. */
  group: string;
  title: RegExp;
  /** Must match the whole report text (multi-line) for the format to apply fully. */
  report?: RegExp;
  /** Title template: `%1`… are the report/title regex groups, then one per extracted stack. */
  fmt: string;
  alt?: string[];
  stack?: StackSpec;
  corrupted?: boolean;
  noStackTrace?: boolean;
}

const RIP_STACK: StackSpec = { parts: [RIP_FRAME, CALL_TRACE, STACK] };
const TRACE_STACK: StackSpec = { parts: [CALL_TRACE, STACK] };
const warningStack = (...skip: string[]): StackSpec => ({
  parts: [new RegExp(`(?:${RIP_FRAME.source}|--- interrupt: [0-9]+ at ${FUNC})`), STACK],
  parts2: [CALL_TRACE, STACK],
  skip,
});

/** One row per title format, grouped by header, in the order syzkaller tries them. */
export const TITLE_FORMATS: TitleFormat[] = [
  // BUG:
  { group: 'BUG:', title: re('BUG: KASAN:'), report: re(String.raw`BUG: KASAN: ([a-z\-]+) in {{FUNC}}(?:.*\n)+?.*(Read|Write) (?:of size|at addr) (?:[0-9a-f]+)`), fmt: 'KASAN: %1 %3 in %4', alt: ['bad-access in %4'], stack: { parts: [re(String.raw`BUG: KASAN: (?:[a-z\-]+) in {{FUNC}}`), CALL_TRACE, STACK], skip: ['kernel_fault', 'tag_check', 'mem_abort', '^el1_', '^el1h_'] } },
  { group: 'BUG:', title: re('BUG: KASAN:'), report: re('BUG: KASAN: (?:double-free or invalid-free|double-free|invalid-free) in {{FUNC}}'), fmt: 'KASAN: invalid-free in %2', alt: ['invalid-free in %2'], stack: { parts: [re('BUG: KASAN: (?:double-free or invalid-free|double-free|invalid-free) in {{FUNC}}'), CALL_TRACE, STACK], skip: ['slab_', 'kfree', 'vunmap', 'vfree'] } },
  { group: 'BUG:', title: re(String.raw`BUG: KASAN: ([a-z\-]+) on address(?:.*\n)+?.*(Read|Write) of size ([0-9]+)`), fmt: 'KASAN: %1 %2' },
  { group: 'BUG:', title: re('BUG: KASAN: (.*)'), fmt: 'KASAN: %1', corrupted: true },
  { group: 'BUG:', title: re('BUG: KMSAN:'), report: re(String.raw`BUG: KMSAN: ([a-z\-]+) in {{FUNC}}`), fmt: 'KMSAN: %1 in %3', alt: ['bad-access in %3'], stack: { parts: [STACK, /(Local variable .* created at:|Uninit was created at:)/, STACK], skip: ['alloc_skb', 'netlink_ack', 'netlink_rcv_skb', '_encrypt$', '^(?:crypto|cipher|drbg|rng)_'] }, noStackTrace: true },
  { group: 'BUG:', title: re('BUG: KCSAN: data-race'), report: re('BUG: KCSAN: (.*)'), fmt: 'KCSAN: %1', noStackTrace: true },
  { group: 'BUG:', title: re(String.raw`BUG: KFENCE: (use-after-free|out-of-bounds) (read|write) in {{FUNC}}`), fmt: 'KFENCE: %1 %2 in %4', alt: ['bad-access in %4'], stack: { parts: [re(String.raw`BUG: KFENCE: (?:[a-z\- ]+) in {{FUNC}}`), STACK] } },
  { group: 'BUG:', title: re('BUG: (?:unable to handle kernel paging request|unable to handle page fault for address|Unable to handle kernel data access)'), fmt: 'BUG: unable to handle kernel paging request in %1', alt: ['bad-access in %1'], stack: RIP_STACK },
  { group: 'BUG:', title: re('BUG: (?:unable to handle kernel NULL pointer dereference|kernel NULL pointer dereference|Kernel NULL pointer dereference)'), fmt: 'BUG: unable to handle kernel NULL pointer dereference in %1', alt: ['bad-access in %1'], stack: RIP_STACK },
  { group: 'BUG:', title: re('BUG: (?:unable to handle kernel|Unable to handle kernel)'), fmt: 'BUG: unable to handle kernel', corrupted: true },
  { group: 'BUG:', title: re('BUG: (spinlock|rwlock) (lockup suspected|already unlocked|recursion|cpu recursion|bad magic|wrong owner|wrong CPU|trylock failure on UP)'), fmt: 'BUG: %1 %2 in %3', stack: { parts: [CALL_TRACE, STACK], skip: ['spin_', '_lock', '_unlock'] } },
  { group: 'BUG:', title: re('BUG: soft lockup'), fmt: 'BUG: soft lockup in %1', alt: ['stall in %1'], stack: { ...RIP_STACK, extractor: stallExtractor } },
  { group: 'BUG:', title: re('BUG: scheduling while atomic'), fmt: 'BUG: scheduling while atomic in %1', stack: { parts: [CALL_TRACE, STACK], skip: ['schedule'] } },
  { group: 'BUG:', title: re('BUG: Bad page (state|cache)'), fmt: 'BUG: Bad page %1 in %2', stack: { parts: [/page last allocated/, STACK], skip: ['(free|put|get|update|release)_page', 'free_unref', '^_*folio', 'truncate_inode_pages', 'page_frag_free', 'alloc', 'vmap', 'page_owner'] } },
  { group: 'BUG:', title: re('BUG: Bad page map'), fmt: 'BUG: Bad page map' },
  { group: 'BUG:', title: re('BUG: workqueue lockup'), fmt: 'BUG: workqueue lockup', noStackTrace: true },
  { group: 'BUG:', title: re('BUG: sleeping function called from invalid context at (.*)'), fmt: 'BUG: sleeping function called from invalid context in %2', stack: TRACE_STACK },
  { group: 'BUG:', title: re('BUG: memory leak'), fmt: 'memory leak in %1', stack: { parts: [/backtrace(?: \(crc [0-9a-f]*\))?:/, STACK], skip: ['kmemleak', 'mmap', 'kmem', 'slab', 'alloc', 'create_object', 'idr_get', 'list_lru_init', 'kasprintf', 'kvasprintf', 'pcpu_create', 'strdup', 'strndup', 'memdup'] } },
  { group: 'BUG:', title: re('BUG: .*stack guard page was hit at'), fmt: 'BUG: stack guard page was hit in %1', alt: ['stack-overflow in %1'], stack: { ...RIP_STACK, extractor: stallExtractor } },
  { group: 'BUG:', title: re('BUG: Invalid wait context'), fmt: 'WARNING: locking bug in %1', stack: { ...TRACE_STACK, skip: ['lock_sock', 'release_sock'] } },
  { group: 'BUG:', title: /BUG:\s*$/, fmt: 'BUG: corrupted', corrupted: true },
  // WARNING:
  { group: 'WARNING:', title: re(String.raw`WARNING: .*lib/debugobjects\.c.* (?:debug_print|debug_check|at)`), fmt: 'WARNING: ODEBUG bug in %1', stack: warningStack('debug_', 'rcu', 'hrtimer_', 'timer_', 'work_', 'percpu_', 'vunmap', 'vfree', '__free_', 'debug_check', 'kobject_') },
  { group: 'WARNING:', title: re(String.raw`WARNING: .*lib/refcount\.c.* (?:refcount_|at)`), fmt: 'WARNING: refcount bug in %1', stack: warningStack('refcount', 'kobject_') },
  { group: 'WARNING:', title: re(String.raw`WARNING: .*kernel/locking/lockdep\.c.*lock_`), fmt: 'WARNING: locking bug in %1', stack: warningStack('lock_sock', 'release_sock') },
  { group: 'WARNING:', title: re('WARNING: Nested lock was not taken'), fmt: 'WARNING: nested lock was not taken in %1', stack: warningStack() },
  { group: 'WARNING:', title: re(String.raw`WARNING: {{SRC}} at 0x\d+, CPU#\d+`), fmt: 'WARNING in %2', stack: warningStack() },
  { group: 'WARNING:', title: re('WARNING: .* at {{SRC}} {{FUNC}}'), fmt: 'WARNING in %3', stack: warningStack() },
  { group: 'WARNING:', title: re('WARNING: {{SRC}} at {{FUNC}}'), fmt: 'WARNING in %3', stack: warningStack() },
  { group: 'WARNING:', title: re(String.raw`WARNING: \[.*\] {{SRC}} at {{FUNC}}.*`), fmt: 'WARNING in %3', stack: warningStack() },
  { group: 'WARNING:', title: re('WARNING: possible circular locking dependency detected'), report: /WARNING: possible circular locking dependency detected(?:.*\n)+?.*is trying to acquire lock/, fmt: 'possible deadlock in %1', stack: { parts: [re('at: (?:{{PC}} +)?{{FUNC}}'), re('at: (?:{{PC}} +)?{{FUNC}}'), STACK], skip: ['process_one_work', 'flush_workqueue', 'drain_workqueue', 'destroy_workqueue'] } },
  { group: 'WARNING:', title: re('WARNING: possible recursive locking detected'), report: re(String.raw`WARNING: possible recursive locking detected(?:.*\n)+?.*is trying to acquire lock(?:.*\n)+?.*at: (?:{{PC}} +)?{{FUNC}}`), fmt: 'possible deadlock in %1' },
  { group: 'WARNING:', title: re('WARNING: inconsistent lock state'), report: re(String.raw`WARNING: inconsistent lock state(?:.*\n)+?.*takes(?:.*\n)+?.*at: (?:{{PC}} +)?{{FUNC}}`), fmt: 'inconsistent lock state in %2', stack: TRACE_STACK },
  { group: 'WARNING:', title: re('WARNING: suspicious RCU usage'), report: re(String.raw`WARNING: suspicious RCU usage(?:.*\n)+?.*?{{SRC}}`), fmt: 'WARNING: suspicious RCU usage in %2', stack: { ...TRACE_STACK, skip: ['rcu', 'kmem', 'slab'] } },
  { group: 'WARNING:', title: re("WARNING: kernel stack regs at [0-9a-f]+ in [^ ]* has bad '([^']+)' value"), fmt: "WARNING: kernel stack regs has bad '%1' value", noStackTrace: true },
  { group: 'WARNING:', title: re('WARNING: bad unlock balance detected!'), fmt: 'WARNING: bad unlock balance in %1', stack: { parts: [re('{{PC}} +{{FUNC}}'), CALL_TRACE, STACK] } },
  { group: 'WARNING:', title: re("WARNING: kernel stack regs .* has bad 'bp' value"), fmt: 'WARNING: kernel stack regs has bad value', noStackTrace: true },
  { group: 'WARNING:', title: re('WARNING: kernel stack frame pointer .* has bad value'), fmt: 'WARNING: kernel stack regs has bad value', noStackTrace: true },
  { group: 'WARNING:', title: /WARNING:\s*$/, fmt: 'WARNING: corrupted', corrupted: true },
  // INFO:
  { group: 'INFO:', title: re('INFO: possible circular locking dependency detected'), report: re(String.raw`INFO: possible circular locking dependency detected \](?:.*\n)+?.*is trying to acquire lock(?:.*\n)+?.*at: {{PC}} +{{FUNC}}`), fmt: 'possible deadlock in %1' },
  { group: 'INFO:', title: re('INFO: possible recursive locking detected'), report: re(String.raw`INFO: possible recursive locking detected \](?:.*\n)+?.*is trying to acquire lock(?:.*\n)+?.*at: {{PC}} +{{FUNC}}`), fmt: 'possible deadlock in %1' },
  { group: 'INFO:', title: re('INFO: inconsistent lock state'), report: re(String.raw`INFO: inconsistent lock state \](?:.*\n)+?.*takes(?:.*\n)+?.*at: {{PC}} +{{FUNC}}`), fmt: 'inconsistent lock state in %1' },
  { group: 'INFO:', title: re(String.raw`INFO: rcu_(?:preempt|sched|bh|tasks\w*) (?:self-)?detected(?: expedited)? stall`), fmt: 'INFO: rcu detected stall in %1', alt: ['stall in %1'], stack: { parts: [/apic_timer_interrupt/, RIP_FRAME, STACK], parts2: [/(?:apic_timer_interrupt|Exception stack|el1h_64_irq)/, STACK], skip: ['apic_timer_interrupt', 'rcu'], extractor: stallExtractor } },
  { group: 'INFO:', title: re('INFO: suspicious RCU usage'), report: re(String.raw`INFO: suspicious RCU usage(?:.*\n)+?.*?{{SRC}}`), fmt: 'INFO: suspicious RCU usage in %2', stack: { ...TRACE_STACK, skip: ['rcu', 'kmem', 'slab'] } },
  { group: 'INFO:', title: re('INFO: task .* blocked (?:in I/O wait )?for more than [0-9]+ seconds'), fmt: 'INFO: task hung in %1', alt: ['hang in %1'], stack: { ...TRACE_STACK, extractor: hangExtractor } },
  { group: 'INFO:', title: re("INFO: task .* can't die for more than .* seconds"), fmt: "INFO: task can't die in %1", alt: ['hang in %1'], stack: { ...TRACE_STACK, skip: ['schedule'] } },
  { group: 'INFO:', title: /INFO:\s*$/, fmt: 'INFO: corrupted', corrupted: true },
  // Others
  { group: 'Unable to handle kernel', title: re('Unable to handle kernel (paging request|NULL pointer dereference|access to user memory)'), fmt: 'BUG: unable to handle kernel %1 in %2', alt: ['bad-access in %2'], stack: RIP_STACK },
  { group: 'general protection fault', title: re('general protection fault.*:'), fmt: 'general protection fault in %1', alt: ['bad-access in %1'], stack: RIP_STACK },
  { group: 'stack segment: ', title: re('stack segment: '), fmt: 'stack segment fault in %1', stack: RIP_STACK },
  { group: 'Kernel panic', title: re('Kernel panic - not syncing: stack-protector:'), report: re('Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: {{FUNC}}'), fmt: 'kernel panic: stack is corrupted in %1', noStackTrace: true },
  { group: 'Kernel panic', title: re('Kernel panic - not syncing: stack-protector:'), report: re('Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: [a-f0-9]+'), fmt: 'kernel panic: stack is corrupted in %1', stack: { ...TRACE_STACK, skip: ['stack_chk'] } },
  { group: 'Kernel panic', title: re('Kernel panic - not syncing: corrupted stack end'), report: re('Kernel panic - not syncing: corrupted stack end detected inside scheduler'), fmt: 'kernel panic: corrupted stack end in %1', alt: ['stack-overflow in %1'], stack: { ...TRACE_STACK, skip: ['schedule', 'retint_kernel'], extractor: stallExtractor } },
  { group: 'Kernel panic', title: re('Kernel panic - not syncing: kernel stack overflow'), fmt: 'kernel stack overflow in %1', alt: ['stack-overflow in %1'], stack: { ...TRACE_STACK, skip: ['bad_stack'], extractor: stallExtractor } },
  { group: 'Kernel panic', title: re('Kernel panic - not syncing: Attempted to kill init!'), fmt: 'kernel panic: Attempted to kill init!' },
  { group: 'Kernel panic', title: re("Kernel panic - not syncing: Couldn't open N_TTY ldisc for [^ ]+ --- error -[0-9]+"), fmt: "kernel panic: Couldn't open N_TTY ldisc" },
  { group: 'Kernel panic', title: re('Kernel panic - not syncing: Fatal exception'), fmt: 'kernel panic: Fatal exception', corrupted: true },
  { group: 'Kernel panic', title: re('Kernel panic - not syncing: panic_on_warn set'), fmt: 'kernel panic: panic_on_warn set', corrupted: true },
  { group: 'Kernel panic', title: re('Kernel panic - not syncing: hung_task: blocked tasks'), fmt: 'kernel panic: hung_task: blocked tasks', corrupted: true },
  { group: 'Kernel panic', title: re('Kernel panic - not syncing: (.*)'), fmt: 'kernel panic: %1' },
  { group: 'PANIC: double fault', title: re('PANIC: double fault'), fmt: 'PANIC: double fault in %1', stack: { parts: [RIP_FRAME] } },
  { group: 'kernel BUG', title: re('kernel BUG at mm/usercopy.c'), fmt: 'BUG: bad usercopy in %1', stack: { ...TRACE_STACK, skip: ['usercopy', '__check'] } },
  { group: 'kernel BUG', title: re('kernel BUG at lib/list_debug.c'), fmt: 'BUG: corrupted list in %1', alt: ['bad-access in %1'], stack: TRACE_STACK },
  { group: 'kernel BUG', title: re('kernel BUG at (.*)'), fmt: 'kernel BUG in %2', stack: { ...RIP_STACK, skip: ['^skb_'] } },
  { group: 'Kernel BUG', title: re('Kernel BUG (.*)'), fmt: 'kernel BUG %1' },
  { group: 'divide error:', title: re('divide error: '), fmt: 'divide error in %1', stack: { parts: [RIP_FRAME] } },
  { group: 'divide_error:', title: re('divide_error: '), fmt: 'divide error in %1', stack: { parts: [RIP_FRAME] } },
  { group: 'invalid opcode:', title: re('invalid opcode: '), fmt: 'invalid opcode in %1', stack: { parts: [RIP_FRAME] } },
  { group: 'UBSAN:', title: re('UBSAN:'), report: re('UBSAN: Undefined behaviour in'), fmt: 'UBSAN: undefined-behaviour in %1', stack: { ...TRACE_STACK, skip: ['ubsan', 'overflow'] } },
  { group: 'UBSAN:', title: re('UBSAN: array-index-out-of-bounds in'), fmt: 'UBSAN: array-index-out-of-bounds in %1', alt: ['bad-access in %1'], stack: { ...TRACE_STACK, skip: ['ubsan', 'overflow'] } },
  { group: 'UBSAN:', title: re('UBSAN:'), report: re('UBSAN: (.*?) in'), fmt: 'UBSAN: %1 in %2', stack: { ...TRACE_STACK, skip: ['ubsan', 'overflow'] } },
  { group: 'Internal error:', title: re('Internal error:'), fmt: 'Internal error in %1', alt: ['bad-access in %1'], stack: RIP_STACK },
  { group: 'Unhandled fault:', title: re('Unhandled fault:'), fmt: 'Unhandled fault in %1', alt: ['bad-access in %1'], stack: RIP_STACK },
  { group: 'Alignment trap:', title: re('Alignment trap:'), fmt: 'Alignment trap in %1', stack: RIP_STACK },
];

/** Lines that contain a header but are not reports (printed by sshd, lockdep, pkg/host…). */
export const TITLE_SUPPRESSIONS: RegExp[] = [
  /ODEBUG:/, /Boot_DEBUG:/, /xlog_status:/, /DEBUG:/, /BUG: no syscalls can create resource/,
  /WARNING: \/etc\/ssh\/moduli does not exist, using fixed modulus/, /WARNING: workqueue cpumask: online intersect > possible intersect/,
  /WARNING: [Tt]he mand mount option/, /WARNING: Unsupported flag value\(s\) of 0x%x in DT_FLAGS_1/, /WARNING: Unprivileged eBPF is enabled with eIBRS/,
  /WARNING: fbcon: Driver '(.*)' missed to adjust virtual screen size/, /WARNING: See https.* for mitigation options\./, /WARNING: kernel not compiled with CPU_SRSO/,
  /EXT4-[Ff][Ss](?: \(.*\))?:/, /warning: .* uses (deprecated v2 capabilities|wireless extensions)/i, /XFS \(\w+\): WARNING/,
  /INFO: lockdep is turned off/, /INFO: Stall ended before state dump start/, /INFO: NMI handler/, /INFO: recovery required on readonly filesystem/,
  /(handler|interrupt).*took too long/, /INFO: sys_.* is not present in \/proc\/kallsyms/, /INFO: no syscalls can create resource/, /rmt_storage:INFO:/, /_INFO:/,
  /general protection fault .* error:\d+ in /,
];

/** The header groups whose lines start a syzkaller-style report. */
export const TITLE_GROUPS = [...new Set(TITLE_FORMATS.map((f) => f.group))];

export function isTitledHeader(message: string): boolean {
  return TITLE_GROUPS.some((g) => message.includes(g)) && !TITLE_SUPPRESSIONS.some((s) => s.test(message));
}

/** Questionable x86 frames (`? f`) and powerpc `(unreliable)` frames are not read for titles. */
function titleLines(lines: string[]): string[] {
  return lines.filter((l) => !((/\] \? |^\s*\? /.test(l) && !l.includes('<EOI>')) || / \(unreliable\)\s*$/.test(l)));
}

function extractFrames(lines: string[], parts: Part[], skip: RegExp, extractor: Extractor | undefined): { frames: string[]; ok: boolean } {
  let raw: string[] = [];
  const results: string[] = [];
  let ok = true;
  let stacks = 0;
  const append = (m: RegExpExecArray | null) => {
    if (!m) return;
    for (const frame of m.slice(1)) if (frame !== undefined && !skip.test(frame)) raw.push(frame);
  };
  const pick = () => {
    let key: string | undefined;
    if (raw.length) {
      const stripped = raw.map(strip);
      key = extractor ? extractor(stripped)?.[0] : stripped[0];
    }
    if (!key) ok = false;
    results.push(key || 'corrupted');
    raw = [];
  };
  let pos = 0;
  /** The next report line; a fault-injection line spoils the stack and ends the part. */
  const nextLine = (): string | undefined => {
    const line = lines[pos];
    if (line === undefined) return undefined;
    pos++;
    if (CORRUPTING_LINES.some((c) => c.test(line))) {
      ok = false;
      return undefined;
    }
    return line;
  };
  for (let i = 0; ; i++) {
    if (i === parts.length || (parts[i] === STACK && stacks > 0)) pick();
    if (i === parts.length) break;
    const part = parts[i]!;
    if (part === STACK) {
      stacks++;
      for (let line = nextLine(); line !== undefined; line = nextLine()) {
        if (STACK_START.some((s) => s.test(line))) break;
        const following = parts[i + 1];
        const m = following !== undefined && following !== STACK ? following.exec(line) : null;
        if (m) {
          append(m);
          i++;
          break;
        }
        append(FRAME_LINES.map((f) => f.exec(line)).find((x) => x) ?? null);
      }
    } else {
      for (let line = nextLine(); line !== undefined; line = nextLine()) {
        const m = part.exec(line);
        if (m) {
          append(m);
          break;
        }
      }
    }
  }
  return { frames: results, ok };
}

function fill(fmt: string, args: string[]): string {
  return fmt.replace(/%(\d+)/g, (_, n: string) => args[Number(n) - 1] ?? '');
}

/** syzkaller's title clean-up: addresses, line numbers, offsets and numbers become placeholders. */
export function sanitizeTitle(title: string): string {
  return title
    .replace(/([a-zA-Z0-9_.\-/]+\.(?:c|h|S|rs)):\d+/g, '$1:LINE')
    .replace(/\b(0x)?[0-9a-f]{6,}\b/g, 'ADDR')
    .replace(/([a-zA-Z0-9_.]+)\+0x[0-9a-f]+\/0x[0-9a-f]+/g, '$1')
    .replace(/CPU#\d+/g, 'CPU')
    .replace(/syz-executor[0-9]+(?:[/:][0-9]+)?/g, 'syz-executor')
    .replace(/\b\d+\b/g, 'NUM')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 120);
}

export interface SyzTitle {
  title: string;
  alt: string[];
  corrupted: boolean;
}

/** The syzkaller-convention title of a report whose first line is its header. */
export function syzkallerTitle(reportLines: string[]): SyzTitle | undefined {
  const header = reportLines[0];
  if (header === undefined || !isTitledHeader(header)) return undefined;
  const group = TITLE_GROUPS.find((g) => header.includes(g))!;
  const text = titleLines(reportLines).join('\n');
  const candidates: { format: TitleFormat; index: number; order: number; m: RegExpExecArray }[] = [];
  TITLE_FORMATS.forEach((format, order) => {
    if (format.group !== group) return;
    const m = format.title.exec(text);
    if (m) candidates.push({ format, index: m.index, order, m });
  });
  candidates.sort((a, b) => a.index - b.index || a.order - b.order);
  // The earliest title wins; a format whose stricter report pattern fails gives way to the next.
  let chosen: { format: TitleFormat; args: string[] } | undefined;
  for (const c of candidates) {
    if (!c.format.report) {
      chosen = { format: c.format, args: c.m.slice(1).map((s) => s ?? '') };
      break;
    }
    const m = c.format.report.exec(text);
    if (m) {
      chosen = { format: c.format, args: m.slice(1).map((s) => s ?? '') };
      break;
    }
  }
  if (!chosen) return { title: sanitizeTitle(header), alt: [], corrupted: true };
  const { format } = chosen;
  let args = chosen.args;
  let corrupted = Boolean(format.corrupted);
  const lines = titleLines(reportLines);
  if (format.stack) {
    const skip = new RegExp([GLOBAL_SKIP.source, ...(format.stack.skip ?? [])].join('|'));
    let got = extractFrames(lines, format.stack.parts, skip, format.stack.extractor);
    if (!got.ok && format.stack.parts2) got = extractFrames(lines, format.stack.parts2, skip, format.stack.extractor);
    if (!got.ok && !format.noStackTrace) corrupted = true;
    args = [...args, ...got.frames];
  }
  return { title: sanitizeTitle(fill(format.fmt, args)), alt: (format.alt ?? []).map((a) => sanitizeTitle(fill(a, args))), corrupted };
}

/**
 * The title an operator reads. syzkaller says "in corrupted" when its stack recipe finds no frame
 * (e.g. arm64 `el1_irq` stalls, or a hung task whose whole trace is scheduler and wait frames:
 * the hang recipe skips them all, pkg/report's hang extractor). The syzkaller title stays in
 * `details.syzkallerTitle`; the title names the frame ktriage found, or says no more than is known.
 */
export function operatorTitle(title: string, event: KernelEvent): string {
  if (!/ in corrupted$/.test(title)) return title;
  if (event.guiltyFrame) return title.replace(/ in corrupted$/, ` in ${event.guiltyFrame}`);
  if (event.kind === 'hung-task') return fallbackTitle(event) ?? title.replace(/ in corrupted$/, '');
  return title;
}

/** ktriage's own titles for what syzkaller has no format for. */
export function fallbackTitle(event: KernelEvent): string | undefined {
  const f = event.guiltyFrame;
  const inF = (prefix: string) => (f ? `${prefix} in ${f}` : prefix);
  switch (event.kind) {
    case 'soft-lockup':
      return inF('BUG: soft lockup');
    case 'hard-lockup':
      return inF('hard LOCKUP');
    case 'rcu-stall':
      return inF('INFO: rcu detected stall');
    case 'hung-task': {
      if (event.details?.cantDie) return inF("INFO: task can't die");
      // Without a syzkaller header (a split or cut one) apply its hang recipe to the parsed frames.
      const frames = (event.frames ?? []).filter((fr) => fr.reliable && !GLOBAL_SKIP.test(fr.func)).map((fr) => strip(fr.func));
      const bucket = frames.length ? hangExtractor(frames)?.[0] : undefined;
      return bucket ? `INFO: task hung in ${bucket}` : inF('INFO: task hung');
    }
    case 'workqueue-lockup':
      return 'BUG: workqueue lockup';
    case 'panic':
      return `kernel panic: ${event.message ?? ''}`.trim();
    default:
      return undefined;
  }
}
