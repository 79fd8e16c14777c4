// A small backward dataflow over one listing: control-flow predecessors, reaching
// definitions of a register at an instruction, and the root each value was copied from.
// Listings may be partial (`...`): code we cannot see enters as an `entry` root.
import type { Instruction, Listing } from '../../model/records.js';
import type { Isa, Semantics } from './isa/types.js';

export type Root = { kind: 'def'; at: number; reg: string } | { kind: 'entry'; at: number; reg: string };

export function rootKey(root: Root): string {
  return `${root.kind}:${root.at}:${root.reg}`;
}

export class Flow {
  readonly sem: Semantics[];
  readonly preds: number[][];
  /** Instructions reachable from code not in the listing (first one, after a gap). */
  readonly entries: Set<number>;
  private readonly byOffset = new Map<number, number>();
  private readonly rootMemo = new Map<string, Root[]>();

  constructor(
    readonly listing: Listing,
    readonly isa: Isa,
  ) {
    const insns = listing.instructions;
    insns.forEach((insn, i) => this.byOffset.set(insn.offset, i));
    this.sem = insns.map((insn) => this.semanticsOf(insn));
    this.preds = insns.map(() => []);
    this.entries = new Set();
    insns.forEach((insn, i) => {
      const s = this.sem[i]!;
      const next = insns[i + 1];
      if (next && !next.gapBefore && !s.terminator) this.preds[i + 1]!.push(i);
      if (s.branch && insn.target !== undefined) {
        const t = this.byOffset.get(insn.target);
        if (t !== undefined) this.preds[t]!.push(i);
      }
      if (i === 0 || insn.gapBefore) this.entries.add(i);
    });
  }

  private semanticsOf(insn: Instruction): Semantics {
    const s = this.isa.semantics(insn.mnemonic, insn.operands);
    if (s.call) {
      // A call clobbers every caller-saved register; the first one carries the result.
      return { ...s, defs: [...new Set([...s.defs, ...this.isa.callerSaved])], call: { callee: insn.callee } };
    }
    return s;
  }

  indexOf(offset: number): number | undefined {
    return this.byOffset.get(offset);
  }

  insn(i: number): Instruction {
    return this.listing.instructions[i]!;
  }

  /** Definitions of `reg` that may reach the entry of instruction `at`. */
  reachingDefs(reg: string, at: number): Root[] {
    const out: Root[] = [];
    const seen = new Set<number>();
    const stack: number[] = [];
    const visitPredsOf = (i: number) => {
      if (this.entries.has(i)) out.push({ kind: 'entry', at: i, reg });
      for (const p of this.preds[i]!) stack.push(p);
    };
    visitPredsOf(at);
    while (stack.length) {
      const p = stack.pop()!;
      if (seen.has(p)) continue;
      seen.add(p);
      if (this.sem[p]!.defs.includes(reg)) out.push({ kind: 'def', at: p, reg });
      else visitPredsOf(p);
    }
    return dedupe(out);
  }

  /** Where the value of `reg` at the entry of `at` comes from, following register copies. */
  roots(reg: string, at: number): Root[] {
    const key = `${reg}@${at}`;
    const memo = this.rootMemo.get(key);
    if (memo) return memo;
    this.rootMemo.set(key, []); // a copy cycle adds nothing new
    const out: Root[] = [];
    for (const def of this.reachingDefs(reg, at)) {
      const s = this.sem[def.at]!;
      if (def.kind === 'def' && s.copyFrom && s.defs[0] === reg) out.push(...this.roots(s.copyFrom, def.at));
      else out.push(def);
    }
    const result = dedupe(out);
    this.rootMemo.set(key, result);
    return result;
  }

  /** The single root of `reg` at `at`, or undefined when paths disagree. */
  root(reg: string, at: number): Root | undefined {
    const r = this.roots(reg, at);
    return r.length === 1 ? r[0] : undefined;
  }

  /** Copy instructions between the root and `at` that carried the value (for the derivation). */
  copyChain(reg: string, at: number): number[] {
    const chain: number[] = [];
    let current = reg;
    let position = at;
    for (let guard = 0; guard < 64; guard++) {
      const defs = this.reachingDefs(current, position);
      if (defs.length !== 1 || defs[0]!.kind !== 'def') break;
      const s = this.sem[defs[0]!.at]!;
      if (!s.copyFrom || s.defs[0] !== current) break;
      chain.push(defs[0]!.at);
      if (s.copyFrom === current && defs[0]!.at === position) break;
      current = s.copyFrom;
      position = defs[0]!.at;
    }
    return chain;
  }

  /** True when some path backwards from `from` reaches `target` without passing `block`. */
  reachesAvoiding(from: number, target: Root, block: number): boolean {
    const seen = new Set<number>();
    const stack = [...this.preds[from]!];
    if (target.kind === 'entry' && target.at === from) return true;
    while (stack.length) {
      const p = stack.pop()!;
      if (p === block || seen.has(p)) continue;
      seen.add(p);
      if (target.kind === 'def' && p === target.at) return true;
      if (target.kind === 'entry' && p === target.at) return true;
      stack.push(...this.preds[p]!);
    }
    return false;
  }

  /** Backward branches whose loop body [target, branch] contains `at`, smallest first. */
  loopsAround(at: number): { head: number; latch: number }[] {
    const loops: { head: number; latch: number }[] = [];
    this.listing.instructions.forEach((insn, i) => {
      if (!this.sem[i]!.branch || insn.target === undefined) return;
      const head = this.byOffset.get(insn.target);
      if (head === undefined || head > i) return;
      if (head <= at && at <= i) loops.push({ head, latch: i });
    });
    const span = (l: { head: number; latch: number }) => this.insn(l.latch).offset - this.insn(l.head).offset;
    return loops.sort((a, b) => span(a) - span(b));
  }
}

function dedupe(roots: Root[]): Root[] {
  const seen = new Map<string, Root>();
  for (const r of roots) seen.set(rootKey(r), r);
  return [...seen.values()];
}
