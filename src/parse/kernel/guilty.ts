// The guilty frame: the first frame that says what the CPU or task was doing, after skipping
// the machinery every report shares — locks, scheduler, watchdog/stack dumping, printk, IPI
// helpers and interrupt entry. For stalls the search starts after the interrupt boundary,
// because the frames above it are the timer interrupt that noticed the stall.
import type { Frame } from '../../report/types.js';

/** Frames that never explain a report (lock, sched, watchdog, printk, IPI helpers, entry). */
export const SKIP_FRAMES: RegExp[] = [
  // locking
  /^(?:_raw_|__raw_|do_raw_|native_queued_|queued_|__pv_queued_|pv_)(?:spin|read|write)_?lock/,
  /(?:^|_)(?:spin|read|write)_(?:un)?lock(?:_irq|_irqsave|_bh|_irqrestore)?$/,
  /^(?:__)?mutex_lock|^__mutex_|^mutex_|_slowpath$|^(?:__)?down(?:_|$)|rwsem|^rt_mutex|^__rt_mutex|^osq_lock|^lock_acquire|^lock_release|^__lock_acquire|^lock_is_held|^lockdep_|^debug_lockdep|^check_preemption_disabled|^__bit_spin_lock|^bit_spin_lock/,
  // scheduler and waiting
  /^(?:__)?schedule|^io_schedule|^preempt_schedule|^__switch_to|^context_switch|^finish_task_switch|^wait_for_completion|^__wait_for_common|^wait_for_common|^do_wait_for_common|^__wait_|^wait_on_|^out_of_line_wait_on_bit|^bit_wait|^do_nanosleep|^hrtimer_nanosleep|^prepare_to_wait|^finish_wait|^__cond_resched|^_cond_resched|^cond_resched|^yield|^sched_|^__sched_|^try_to_wake_up|^wake_up|^__wake_up|^kthread_|^__kthread|^autoremove_wake_function|^cpu_relax/,
  // watchdog, stack dumping, printk
  /watchdog|^dump_stack|^__dump_stack|^show_stack|^show_regs|^show_trace|^dump_backtrace|^sched_show_task|^dump_cpu_task|^rcu_dump_cpu_stacks|^print_cpu_stall|^print_other_cpu_stall|^rcu_|^__rcu_|^check_cpu_stall|^nmi_cpu_backtrace|^nmi_trigger_cpumask_backtrace|^arch_trigger_cpumask_backtrace|^trigger_|^panic|^__warn|^warn_slowpath|^report_bug|^handle_bug|^do_error_trap|^do_trap|^printk|^vprintk|^_printk|^console_unlock|^console_emit|^call_console|^irq_work|^__irq_work|^update_process_times|^tick_|^hrtimer_|^__hrtimer_|^__run_hrtimer|^run_timer|^__run_timers|^call_timer_fn|^account_|^khungtaskd|^check_hung|^hung_task|^debug_show_all_locks|^lockdep_print/,
  // IPI helpers: the waiter is a victim, its caller says why it waited
  /^smp_call_function|^generic_exec_single|^on_each_cpu|^(?:__)?csd_lock|^kick_all_cpus_sync|^native_flush_tlb|^flush_tlb_|^__flush_tlb|^text_poke|^smp_cond_load/,
  // interrupt entry and exception plumbing
  /^apic_timer_interrupt|^asm_|^sysvec_|^__sysvec_|^smp_apic_timer_interrupt|^irq_exit|^__irq_exit|^irq_enter|^do_softirq|^__do_softirq|^invoke_softirq|^run_ksoftirqd|^common_interrupt|^do_IRQ|^ret_from_intr|^handle_irq|^generic_handle_|^__handle_domain_irq|^handle_domain_irq|^handle_percpu|^gic_handle_irq|^el[01]h?_|^el[01]_|^ret_from_fork|^ret_from_exception|^entry_SYSCALL|^do_syscall|^__do_syscall|^x64_sys_call|^invoke_syscall|^do_el0_svc|^el0_svc|^arch_timer_handler|^timer_interrupt|^decrementer|^exc_|^do_IRQ|^__common_interrupt|^native_safe_halt|^default_idle|^arch_cpu_idle|^cpuidle_|^do_idle|^cpu_startup_entry|^secondary_startup|^start_secondary|^rest_init|^arch_call_rest_init|^start_kernel|^__sanitizer_cov|^kasan_|^__kasan|^check_memory_region|^memcpy$|^memset$|^memmove$/,
];

/** Frames that mark the end of interrupt machinery on top of the interrupted code. */
export const INTERRUPT_BOUNDARY = /^(?:apic_timer_interrupt|asm_sysvec_apic_timer_interrupt|asm_common_interrupt|ret_from_intr|common_interrupt|el1_irq|el1h_64_irq|el1_interrupt|el1h_64_irq_handler|el0_irq|el0t_64_irq|irq_exit|call_function_interrupt|hardware_interrupt_common|decrementer_common|handle_irq_event)$/;

export function isSkipped(func: string): boolean {
  return SKIP_FRAMES.some((p) => p.test(func));
}

/** The usable frames of a trace: reliable ones, or all when only unreliable ones exist. */
export function usableFrames(frames: Frame[]): Frame[] {
  const reliable = frames.filter((f) => f.reliable);
  return reliable.length ? reliable : frames;
}

/** Frames after the last interrupt boundary (x86 context markers or arm64 entry frames). */
export function interruptedFrames(frames: Frame[]): Frame[] {
  let cut = -1;
  frames.forEach((f, i) => {
    if (INTERRUPT_BOUNDARY.test(f.func)) cut = i;
  });
  if (cut >= 0 && cut < frames.length - 1) return frames.slice(cut + 1);
  const firstTask = frames.findIndex((f, i) => f.context === 'task' && i > 0 && frames[i - 1]!.context === 'irq');
  if (firstTask > 0) return frames.slice(firstTask);
  return frames;
}

export function pcFunc(pc: string | undefined): string | undefined {
  if (!pc) return undefined;
  const m = /^([A-Za-z_.$][\w.$]*)(?:\+0x|$)/.exec(pc);
  return m?.[1];
}

export function guiltyFrame(frames: Frame[], pc: string | undefined, stall: boolean): string | undefined {
  const usable = usableFrames(frames);
  const scope = stall ? interruptedFrames(usable) : usable;
  const funcs = scope.map((f) => f.func);
  const top = pcFunc(pc);
  if (top && funcs[0] !== top && (!stall || funcs.length === 0)) funcs.unshift(top);
  return funcs.find((f) => !isSkipped(f));
}

/** Entry point of the task: syscall, workqueue function, kthread function or interrupt. */
export function entryPoint(frames: Frame[]): string | undefined {
  const funcs = usableFrames(frames).map((f) => f.func);
  const work = funcs.indexOf('process_one_work');
  if (work > 0) return `workqueue:${funcs[work - 1]}`;
  for (const f of funcs) {
    const sys = /^(?:__x64_sys_|__ia32_sys_|__arm64_sys_|__se_sys_|__do_sys_|__sys_|compat_SyS_|SyS_|sys_|ksys_|__x64_compat_sys_|__arm64_compat_sys_)(\w+)$/.exec(f);
    if (sys) return `syscall:${sys[1]}`;
  }
  const kthread = funcs.indexOf('kthread');
  if (kthread > 0) return `kthread:${funcs[kthread - 1]}`;
  if (funcs.includes('cpu_startup_entry') || funcs.includes('do_idle')) return 'idle';
  const irq = frames.find((f) => f.context === 'irq' && !isSkipped(f.func));
  if (irq) return `irq:${irq.func}`;
  return undefined;
}
