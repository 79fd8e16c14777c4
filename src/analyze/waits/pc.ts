// The `sym+0xOFF/0xLEN` text of a pc/RIP line and the functions that spin in csd_lock_wait().

export interface PcRef {
  func: string;
  offset: number;
  length: number;
  module?: string;
}

const PC = /([A-Za-z_.$][\w.$]*)\+0x([0-9a-f]+)\/0x([0-9a-f]+)(?:\s+\[([\w-]+)\])?/i;

export function parsePc(text: string | undefined): PcRef | undefined {
  const m = text ? PC.exec(text) : null;
  if (!m) return undefined;
  const ref: PcRef = { func: m[1]!, offset: parseInt(m[2]!, 16), length: parseInt(m[3]!, 16) };
  if (m[4]) ref.module = m[4];
  return ref;
}

/** Functions whose spin is a csd_lock_wait() on another CPU (inlined or out of line). */
export const CSD_WAIT_FUNCTIONS = new Set([
  'smp_call_function_many_cond',
  'smp_call_function_many',
  'smp_call_function_single',
  'smp_call_function_any',
  'generic_exec_single',
  'csd_lock_wait',
  '__csd_lock_wait',
  'csd_lock_wait_toolong',
  'csd_lock',
  'on_each_cpu_cond_mask',
  'on_each_cpu_mask',
  'smp_call_function',
  'on_each_cpu',
]);

/** Functions where the per-CPU csd is a loop variable (a listing can name the target CPU). */
export const MANY_FUNCTIONS = new Set(['smp_call_function_many_cond', 'smp_call_function_many', 'on_each_cpu_cond_mask', 'on_each_cpu_mask']);

/** The function name of a frame text like `smp_call_function_many_cond+0x34c/0x3a0`. */
export function frameFunc(text: string): string {
  return text.trim().replace(/^\?\s*/, '').replace(/[+\s].*$/, '');
}

/** The source-level name: compiler clones (`.cold`, `.isra.0`, `.constprop.3`, `.part.1`) folded away. */
export function baseFunc(name: string): string {
  return name.replace(/\.(?:cold|isra|constprop|part|lto_priv|llvm)(?:\.\d+)*.*$/, '');
}
