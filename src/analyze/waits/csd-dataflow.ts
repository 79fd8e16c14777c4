// Which registers hold the loop's `cpu` and the loaded `csd->flags` at the pc of a CPU spinning
// in csd_lock_wait(), derived from the instructions alone:
//   1. the smallest backward-branch loop containing pc;
//   2. in it, a load tested for bit 0 (CSD_FLAG_LOCK) — the flags load;
//   3. its address walked back through `add #off` to the per-CPU add `cfd->csd + __per_cpu_offset[i]`;
//   4. `i`, the index of the 8-byte per-CPU offset table, is the CPU; its value is followed through
//      copies to its root (the `cpumask_next` result) and every register still holding that root at
//      pc is a source for the CPU number (caller-saved registers die at calls).
import type { Instruction } from '../../model/records.js';
import { Flow, rootKey, type Root } from './dataflow.js';
import { isMem, type MemOperand } from './isa/types.js';

export interface CsdDerivation {
  ok: true;
  /** Registers holding the target CPU at pc (canonical names), best first. */
  cpuRegs: string[];
  /** Registers holding the loaded flags at pc; empty when the loop tests memory directly. */
  flagsRegs: string[];
  /** Registers holding the flags address at pc, with what to subtract to get the csd pointer. */
  pointerRegs: { reg: string; minus: number }[];
  flagsOffset: number;
  /** What the CPU value is: `cpumask_next` result, a function argument, … */
  cpuOrigin: string;
  /** True when the CPU value comes from a cpumask_next-family call. */
  cpuFromCpumask: boolean;
  steps: { at: number; note: string }[];
  notes: string[];
}

export interface CsdFailure {
  ok: false;
  reason: string;
  /** The csd lives on the waiter's stack (smp_call_function_single): the target is an argument. */
  onStack?: boolean;
}

const CPUMASK_CALLS = /^(cpumask_next\w*|_?find_next\w*bit\w*|__?find_next\w*|cpumask_any\w*|cpumask_first\w*|_?find_first\w*bit\w*)$/;

interface AddressChain {
  /** The per-CPU add producing the csd pointer (for an address mode, the load itself). */
  csdAt: number;
  /** Identifies the csd pointer: two loads of the same flags word have the same key. */
  csdKey: string;
  /** Offset from the csd pointer to the flags word. */
  offset: number;
  percpuIndexReg: string;
  percpuAt: number;
  steps: { at: number; note: string }[];
}

function memText(mem: MemOperand): string {
  const disp = mem.disp ? `${mem.disp < 0 ? '-' : mem.symbol ? '+' : ''}0x${Math.abs(mem.disp).toString(16)}` : '';
  return `${mem.symbol ?? ''}${disp}[${mem.base ?? ''}${mem.index ? `, ${mem.index}*${mem.scale}` : ''}]`;
}

/**
 * Walks the address of a flags load back to the per-CPU add. The add may be an instruction
 * (`add __per_cpu_offset(,%rax,8),%rdx`, `add x1, x1, x2`) or the load's own addressing: newer
 * x86 builds test the flags in place, `testb $0x1,0x8(%rdx,%rax,1)`, with cfd->csd in one
 * address register and __per_cpu_offset[cpu] in the other, so both are walked.
 */
function resolveAddress(flow: Flow, mem: MemOperand, at: number): AddressChain | { onStack: true } | undefined {
  const steps: { at: number; note: string }[] = [];
  let offset = mem.disp;
  if (mem.index) {
    if (mem.scale !== 1 || !mem.base || mem.symbol) return undefined;
    // The same csd whenever both address registers hold the same values.
    const roots = [mem.base, mem.index].map((r) => flow.roots(r, at).map(rootKey).sort().join('|'));
    if (roots.some((r) => r === '')) return undefined;
    return percpuSum(flow, [mem.base, mem.index], at, `address ${memText(mem)}`, { offset, steps, key: `sum:${roots.sort().join('+')}` });
  }
  let reg = mem.base;
  let position = at;
  for (let guard = 0; guard < 16 && reg; guard++) {
    if (reg === 'sp' || reg === 'rsp') return { onStack: true };
    const root = flow.root(reg, position);
    if (!root || root.kind !== 'def') return undefined;
    const s = flow.sem[root.at]!;
    if (s.addImm) {
      steps.push({ at: root.at, note: `${reg} = ${s.addImm.src} ${s.addImm.imm >= 0 ? '+' : '-'} 0x${Math.abs(s.addImm.imm).toString(16)}` });
      offset += s.addImm.imm;
      reg = s.addImm.src;
      position = root.at;
      continue;
    }
    if (s.addTwo) return percpuSum(flow, [s.addTwo.a, s.addTwo.b], root.at, reg, { offset, steps, key: `add:${root.at}` });
    return undefined;
  }
  return undefined;
}

/** `csd = cfd->csd + __per_cpu_offset[cpu]`: one side of a sum is the per-CPU offset of a CPU index. */
function percpuSum(
  flow: Flow,
  sides: (string | MemOperand)[],
  at: number,
  what: string,
  walked: { offset: number; steps: { at: number; note: string }[]; key: string },
): AddressChain | undefined {
  const { offset, steps, key } = walked;
  for (let k = 0; k < 2; k++) {
    const percpu = percpuIndex(flow, sides[k]!, at);
    if (!percpu) continue;
    const other = sides[1 - k]!;
    steps.push({ at, note: `${what} = csd = ${isMem(other) ? memText(other) : other} (cfd->csd) + per-CPU offset` });
    steps.push(...percpu.steps);
    return { csdAt: at, csdKey: key, offset, percpuIndexReg: percpu.index, percpuAt: percpu.at, steps };
  }
  return undefined;
}

/** A register or memory operand that is `__per_cpu_offset[i]`: an 8-byte table entry indexed by a register. */
function percpuIndex(flow: Flow, side: string | MemOperand, at: number): { index: string; at: number; steps: { at: number; note: string }[] } | undefined {
  if (isMem(side)) {
    if (side.index && side.scale === 8) return { index: side.index, at, steps: [{ at, note: `per-CPU offset table ${memText(side)}: index ${side.index} is the CPU` }] };
    return undefined;
  }
  const root = flow.root(side, at);
  if (!root || root.kind !== 'def') return undefined;
  const load = flow.sem[root.at]!.load;
  if (load?.mem.index && load.mem.scale === 8 && load.width === 64) {
    return { index: load.mem.index, at: root.at, steps: [{ at: root.at, note: `${side} = per-CPU offset ${memText(load.mem)}: index ${load.mem.index} is the CPU` }] };
  }
  return undefined;
}

function addressKey(flow: Flow, mem: MemOperand, at: number): string | undefined {
  const chain = resolveAddress(flow, mem, at);
  return chain && 'csdAt' in chain ? `${chain.csdKey}+${chain.offset}` : undefined;
}

function describeRoot(flow: Flow, root: Root): { text: string; cpumask: boolean } {
  const insn = flow.insn(root.at);
  if (root.kind === 'entry') {
    return { text: `the value of ${root.reg} entering the listed code at +0x${insn.offset.toString(16)} (its origin is not in the listing)`, cpumask: false };
  }
  const s = flow.sem[root.at]!;
  if (s.call) {
    const callee = insn.callee ?? insn.commentSymbol;
    if (callee) return { text: `the result of ${callee} (+0x${insn.offset.toString(16)})`, cpumask: CPUMASK_CALLS.test(callee) };
    return { text: `the result of the call at +0x${insn.offset.toString(16)} (callee not named)`, cpumask: false };
  }
  return { text: `the value computed by \`${insn.text ?? insn.mnemonic}\` at +0x${insn.offset.toString(16)}`, cpumask: false };
}

export function deriveCsdRegisters(flow: Flow, pcIndex: number): CsdDerivation | CsdFailure {
  const loops = flow.loopsAround(pcIndex);
  if (loops.length === 0) return { ok: false, reason: 'no backward branch around pc: pc is not in a spin loop of this listing' };
  let sawOnStack = false;
  for (const loop of loops) {
    // Flags loads in the loop: loads whose value is tested for bit 0 before it is overwritten.
    for (let i = loop.head; i <= loop.latch; i++) {
      const s = flow.sem[i]!;
      if (!s.load || (s.load.width > 32 && !s.testBit0)) continue;
      let tested: number | undefined;
      if (s.testBit0?.mem) tested = i;
      else if (s.load.dst) {
        for (let k = i + 1; k <= loop.latch; k++) {
          const t = flow.sem[k]!.testBit0;
          if (t?.reg && flow.roots(t.reg, k).some((r) => r.kind === 'def' && r.at === i)) {
            tested = k;
            break;
          }
        }
      }
      if (tested === undefined) continue;
      const chain = resolveAddress(flow, s.load.mem, i);
      if (!chain) continue;
      if ('onStack' in chain) {
        sawOnStack = true;
        continue;
      }
      const result = finish(flow, pcIndex, loop, i, tested, chain);
      if (result.ok || !result.reason.startsWith('skip')) return result;
    }
  }
  if (sawOnStack) return { ok: false, onStack: true, reason: 'the spin loop tests a csd on the stack (smp_call_function_single): its target is a function argument, not a loop variable' };
  return { ok: false, reason: 'no load tested for bit 0 (CSD_FLAG_LOCK) whose address comes from a per-CPU csd in the loop around pc' };
}

function finish(
  flow: Flow,
  pcIndex: number,
  loop: { head: number; latch: number },
  loadAt: number,
  testAt: number,
  chain: AddressChain,
): CsdDerivation | CsdFailure {
  const notes: string[] = [];
  const off = (i: number) => `+0x${flow.insn(i).offset.toString(16)}`;
  const steps: { at: number; note: string }[] = [
    { at: loop.latch, note: `spin loop ${off(loop.head)}..${off(loop.latch)} (smallest backward branch around pc ${off(pcIndex)})` },
    { at: loadAt, note: `flags load: ${flow.sem[loadAt]!.load!.width}-bit load of csd+0x${chain.offset.toString(16)}` },
    { at: testAt, note: 'tests bit 0 (CSD_FLAG_LOCK) of the loaded flags' },
    ...chain.steps,
  ];
  const cpuRoot = flow.root(chain.percpuIndexReg, chain.percpuAt);
  if (!cpuRoot) return { ok: false, reason: `the per-CPU index ${chain.percpuIndexReg} at ${off(chain.percpuAt)} has more than one possible origin` };
  const origin = describeRoot(flow, cpuRoot);
  steps.push(
    ...flow.copyChain(chain.percpuIndexReg, chain.percpuAt).map((at) => ({ at, note: copyNote(flow, at) })),
  );
  if (cpuRoot.kind === 'def') steps.push({ at: cpuRoot.at, note: `CPU = ${origin.text}` });
  if (flow.reachesAvoiding(pcIndex, cpuRoot, chain.percpuAt)) {
    return { ok: false, reason: `the CPU value's origin ${off(cpuRoot.at)} can reach pc without passing the per-CPU lookup ${off(chain.percpuAt)}: registers at pc may hold a newer CPU than the csd being waited on` };
  }
  const key = rootKey(cpuRoot);
  const cpuRegs = flow.isa.registers.filter((reg) => {
    const r = flow.root(reg, pcIndex);
    return r !== undefined && rootKey(r) === key;
  });
  // Prefer callee-saved copies (they survive calls in instrumented loops), then the register defined last.
  cpuRegs.sort((a, b) => rank(flow, a, pcIndex) - rank(flow, b, pcIndex));
  if (cpuRegs[0]) {
    for (const at of flow.copyChain(cpuRegs[0], pcIndex)) steps.push({ at, note: copyNote(flow, at) });
    steps.push({ at: pcIndex, note: `pc: ${cpuRegs.join(', ')} still hold${cpuRegs.length === 1 ? 's' : ''} the CPU (no redefinition or clobbering call on any path since)` });
  }
  const flagsKey = `${chain.csdKey}+${chain.offset}`;
  const flagsRegs = flow.isa.registers.filter((reg) => {
    const roots = flow.roots(reg, pcIndex);
    return (
      roots.length > 0 &&
      roots.every((r) => {
        if (r.kind !== 'def') return false;
        const load = flow.sem[r.at]!.load;
        return load !== undefined && load.dst === reg && load.width <= 32 && addressKey(flow, load.mem, r.at) === flagsKey;
      })
    );
  });
  const loadMem = flow.sem[loadAt]!.load!.mem;
  const pointerRegs: { reg: string; minus: number }[] = [];
  // With an index in the address (`0x8(%rdx,%rax,1)`) no one register points at the csd.
  if (loadMem.base && !loadMem.index) {
    const baseRoot = flow.root(loadMem.base, loadAt);
    if (baseRoot) {
      for (const reg of flow.isa.registers) {
        const r = flow.root(reg, pcIndex);
        if (r && rootKey(r) === rootKey(baseRoot)) pointerRegs.push({ reg, minus: chain.offset - loadMem.disp });
      }
    }
  }
  if (cpuRegs.length === 0) notes.push('no register still holds the CPU at pc (overwritten or clobbered by a call)');
  if (flagsRegs.length === 0) notes.push(flow.sem[loadAt]!.testBit0?.mem ? 'the loop tests the flags in memory: their value is not in a register' : 'no register holds the loaded flags at pc');
  if (!origin.cpumask) notes.push(`the CPU value is ${origin.text}, not a named cpumask_next-family result`);
  return {
    ok: true,
    cpuRegs,
    flagsRegs,
    pointerRegs,
    flagsOffset: chain.offset,
    cpuOrigin: origin.text,
    cpuFromCpumask: origin.cpumask,
    steps: dedupeSteps(steps),
    notes,
  };
}

function copyNote(flow: Flow, at: number): string {
  const s = flow.sem[at]!;
  return s.copyFrom === s.defs[0] ? `copy: ${s.copyFrom} widened in place` : `copy: ${s.defs[0]} ← ${s.copyFrom}`;
}

function rank(flow: Flow, reg: string, pcIndex: number): number {
  const defs = flow.reachingDefs(reg, pcIndex);
  const last = defs.length === 1 && defs[0]!.kind === 'def' ? defs[0]!.at : -1;
  return (flow.isa.calleeSaved.includes(reg) ? 0 : 1_000_000) - last;
}

function dedupeSteps(steps: { at: number; note: string }[]): { at: number; note: string }[] {
  const seen = new Set<string>();
  return steps.filter((s) => {
    const key = `${s.at}:${s.note}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function instructionText(insn: Instruction): string {
  return `+0x${insn.offset.toString(16)} ${insn.text ?? `${insn.mnemonic} ${insn.operands.join(', ')}`}`;
}
