// csd flag layouts by kernel generation (kernel/smp.c, include/linux/smp_types.h).
// Names are only ever printed from the layout matching the kernel that produced the dump.

export interface CsdLayout {
  /** Label used in reports (`<=5.7`, `>=5.8`). */
  name: string;
  /** Kernel versions (major.minor, inclusive) this layout applies to. */
  from: [number, number];
  to: [number, number];
  /** Offset of the flags word inside call_single_data (64-bit). */
  flagsOffset: number;
  /** Single bits (mask → name). */
  bits: { mask: number; name: string }[];
  /** A type field (mask, value → name), when the layout has one. */
  type?: { mask: number; values: Record<number, string> };
  /** Whether a value seen by a waiter is plausible for this layout. */
  plausible(flags: number): boolean;
  source: string;
}

export const CSD_LAYOUTS: readonly CsdLayout[] = [
  {
    // enum in kernel/smp.c; RHEL 8's 4.18 keeps it despite its backported smp_call_function_many_cond.
    name: '<=5.7',
    from: [4, 0],
    to: [5, 7],
    flagsOffset: 0x18,
    bits: [
      { mask: 0x01, name: 'CSD_FLAG_LOCK' },
      { mask: 0x02, name: 'CSD_FLAG_SYNCHRONOUS' },
    ],
    plausible: (flags) => flags === 0x1 || flags === 0x3,
    source: 'kernel/smp.c enum (v4.0–v5.7): CSD_FLAG_LOCK = 0x01, CSD_FLAG_SYNCHRONOUS = 0x02; struct llist/func/info/flags',
  },
  {
    name: '>=5.8',
    from: [5, 8],
    to: [99, 99],
    flagsOffset: 0x8,
    bits: [{ mask: 0x01, name: 'CSD_FLAG_LOCK' }],
    type: { mask: 0xf0, values: { 0x00: 'CSD_TYPE_ASYNC', 0x10: 'CSD_TYPE_SYNC', 0x20: 'CSD_TYPE_IRQ_WORK', 0x30: 'CSD_TYPE_TTWU' } },
    // Bits 0x02–0x08 are irq_work's (BUSY, LAZY, HARD_IRQ) and appear only with the IRQ_WORK type.
    plausible: (flags) => (flags & 0x01) === 1 && flags <= 0x3f && ((flags & 0x0e) === 0 || (flags & 0xf0) === 0x20),
    source: 'include/linux/smp.h (v5.8–5.9) and smp_types.h (v5.10+): CSD_FLAG_LOCK = 0x01, CSD_TYPE_* in bits 4–7; flags at offset 8',
  },
];

export function kernelVersion(release: string | undefined): [number, number] | undefined {
  const m = release ? /^(\d+)\.(\d+)/.exec(release.trim()) : null;
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

function cmp(a: [number, number], b: [number, number]): number {
  return a[0] - b[0] || a[1] - b[1];
}

export function layoutFor(release: string | undefined): CsdLayout | undefined {
  const version = kernelVersion(release);
  if (!version) return undefined;
  return CSD_LAYOUTS.find((layout) => cmp(version, layout.from) >= 0 && cmp(version, layout.to) <= 0);
}

/**
 * The layout whose flags offset a csd_lock_wait() loop reads (64-bit): 0x18 before v5.8, 0x8 from
 * commit 4b44a21dd640 ("irq_work, smp: Allow irq_work on call_single_queue", v5.8), which moved
 * `flags` next to the llist and introduced CSD_TYPE_*; 545b8c8df41f ("smp: Cleanup
 * smp_call_function*()", v5.11) renamed it `node.u_flags` at the same offset. Offset and values
 * changed in the same commit, so the code a CPU runs says which names its flags have.
 */
export function layoutForFlagsOffset(offset: number): CsdLayout | undefined {
  const matching = CSD_LAYOUTS.filter((layout) => layout.flagsOffset === offset);
  return matching.length === 1 ? matching[0] : undefined;
}

/** Flag names of `flags` in `layout`; unknown bits are named as hex so nothing is hidden. */
export function flagNames(flags: number, layout: CsdLayout | undefined): string[] {
  if (!layout) return [];
  const names: string[] = [];
  let rest = flags;
  for (const bit of layout.bits) {
    if (flags & bit.mask) {
      names.push(bit.name);
      rest &= ~bit.mask;
    }
  }
  if (layout.type) {
    const value = flags & layout.type.mask;
    const name = layout.type.values[value];
    if (name) {
      names.push(name);
      rest &= ~layout.type.mask;
    }
  }
  if (rest) names.push(`0x${rest.toString(16)}`);
  return names;
}
