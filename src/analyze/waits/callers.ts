// Who called smp_call_function_many_cond() and what that implies (kernel-formats.md §1.5):
// one row per caller family, matched on the first frame below the csd-wait functions.
import type { ReportEvent } from '../../report/types.js';
import { CSD_WAIT_FUNCTIONS, baseFunc, frameFunc } from './pc.js';

export interface CallerRow {
  name: string;
  frames: RegExp;
  /** What kind of wait this is, for the report. */
  wait: string;
  implication: string;
}

export const CALLERS: readonly CallerRow[] = [
  {
    name: 'kick_all_cpus_sync',
    frames: /^kick_all_cpus_sync$/,
    wait: 'kick_all_cpus_sync (empty do_nothing IPI to every CPU)',
    implication: 'the callback is empty: a CPU that does not complete it is not taking interrupts at all (IRQs masked for long, deep idle not waking, held by firmware/EL3, or a hardware fault)',
  },
  {
    name: 'tlb-shootdown',
    frames: /^(native_flush_tlb_others|native_flush_tlb_multi|flush_tlb_mm_range|flush_tlb_kernel_range|flush_tlb_others|__purge_vmap_area_lazy|flush_tlb_func\w*|do_kernel_range_flush|arch_tlbbatch_flush|try_to_unmap_flush\w*)$/,
    wait: 'TLB shootdown (flush_tlb_func IPI)',
    implication: 'a CPU running the mm (or any CPU for kernel ranges) has not flushed its TLB: it is not taking interrupts',
  },
  {
    name: 'invalidate_bh_lrus',
    frames: /^(invalidate_bh_lrus\w*)$/,
    wait: 'invalidate_bh_lrus (buffer-head LRU flush on CPUs that hold buffer heads)',
    implication: 'block-device page migration/compaction (often kcompactd) waits for CPUs with buffer heads in their LRU',
  },
  {
    name: 'tlb_remove_table_sync',
    frames: /^(tlb_remove_table_sync_one|tlb_remove_table_smp_sync)$/,
    wait: 'page-table freeing synchronisation with lockless GUP',
    implication: 'every CPU must take the IPI; one that does not has interrupts off',
  },
  {
    name: 'text-patching',
    frames: /^(text_poke_bp\w*|text_poke_sync|text_poke_finish|do_sync_core|aarch64_insn_patch_text\w*|arch_jump_label_transform\w*|static_key_\w+|ftrace_\w+|klp_\w+)$/,
    wait: 'code patching (sync-core IPI to every CPU)',
    implication: 'every CPU must take the IPI; one that does not has interrupts off',
  },
  {
    name: 'membarrier',
    frames: /^(membarrier_\w+|__x64_sys_membarrier|__arm64_sys_membarrier)$/,
    wait: 'membarrier expedited command',
    implication: 'CPUs running the mm must take the IPI',
  },
  {
    name: 'clock_was_set',
    frames: /^(clock_was_set\w*|retrigger_next_event)$/,
    wait: 'clock change propagated to every CPU',
    implication: 'every CPU must take the IPI',
  },
  {
    name: 'kvm',
    frames: /^(kvm_make_all_cpus_request\w*|kvm_flush_remote_tlbs\w*|kvm_make_vcpus_request_mask)$/,
    wait: 'KVM request to vCPU host CPUs',
    implication: 'a host CPU running a vCPU did not take the IPI',
  },
  {
    name: 'single',
    frames: /^(smp_call_function_single|smp_call_function_any|rdmsr_on_cpu|wrmsr_on_cpu|\w*_on_cpu|cpu_function_call|generic_exec_single)$/,
    wait: 'smp_call_function_single (one target CPU, its argument)',
    implication: 'the one target CPU has not run the callback',
  },
];

/** The caller row of a waiting event, from the frames below the csd-wait functions. */
export function callerOf(event: ReportEvent): { row: CallerRow; frame: string } | undefined {
  for (const frame of event.frames ?? []) {
    const func = baseFunc(frame.func || frameFunc(frame.raw));
    for (const row of CALLERS) {
      if (row.name === 'single' && CSD_WAIT_FUNCTIONS.has(func) && func !== 'smp_call_function_single') continue;
      if (row.frames.test(func)) return { row, frame: func };
    }
  }
  const pcFunc = event.pc ? frameFunc(event.pc) : undefined;
  const single = CALLERS.find((r) => r.name === 'single')!;
  if (pcFunc === 'smp_call_function_single' || pcFunc === 'generic_exec_single') return { row: single, frame: pcFunc };
  return undefined;
}
