// AArch64 instruction semantics for the csd-wait dataflow (AAPCS64 calling convention).
import type { Isa, MemOperand, Semantics } from './types.js';

const GPRS = Array.from({ length: 31 }, (_, i) => `x${i}`);

function canonical(name: string): string | undefined {
  const n = name.trim().toLowerCase();
  const m = /^[xw](\d{1,2})$/.exec(n);
  if (m && Number(m[1]) <= 30) return `x${Number(m[1])}`;
  if (n === 'sp' || n === 'wsp') return 'sp';
  if (n === 'fp') return 'x29';
  if (n === 'lr') return 'x30';
  return undefined;
}

function immediate(op: string | undefined): number | undefined {
  if (op === undefined) return undefined;
  const m = /^#?(-?)(0x[0-9a-f]+|\d+)$/i.exec(op.trim());
  if (!m) return undefined;
  const v = Number(m[2]);
  return m[1] ? -v : v;
}

/** `[x20, w0, sxtw #3]`, `[x19,#8]`, `[x1, #0x18]!`, `[sp]`. */
function memory(op: string | undefined): { mem: MemOperand; writeback: boolean } | undefined {
  if (!op) return undefined;
  const m = /^\[([^\]]*)\](!?)$/.exec(op.trim());
  if (!m) return undefined;
  const parts = m[1]!.split(',').map((p) => p.trim()).filter(Boolean);
  const base = canonical(parts[0] ?? '');
  if (!base) return undefined;
  const mem: MemOperand = { base, scale: 1, disp: 0 };
  const second = parts[1];
  if (second !== undefined) {
    const imm = immediate(second);
    if (imm !== undefined) mem.disp = imm;
    else {
      const index = canonical(second);
      if (!index) return undefined;
      mem.index = index;
      const shift = /#(\d+)/.exec(parts.slice(2).join(' '));
      mem.scale = shift ? 2 ** Number(shift[1]) : 1;
    }
  }
  return { mem, writeback: m[2] === '!' };
}

function loadWidth(mnemonic: string, dst: string): number {
  if (/b$/.test(mnemonic) && !/^ldsetb?$/.test(mnemonic)) return 8;
  if (/h$/.test(mnemonic)) return 16;
  if (mnemonic === 'ldrsw') return 32;
  return dst.trim().toLowerCase().startsWith('w') ? 32 : 64;
}

const NO_EFFECT = /^(nop|hint|wfe|wfi|sev|sevl|yield|dmb|dsb|isb|prfm|prfum|msr|dc|ic|at|tlbi|bti|paciasp|autiasp|pacibsp|autibsp|csdb|ssbb|sb|esb|clrex|hvc|smc|svc)$/;

function semantics(mnemonic: string, ops: readonly string[]): Semantics {
  const reg = (i: number) => (ops[i] !== undefined ? canonical(ops[i]!) : undefined);
  const defsOf = (...regs: (string | undefined)[]) => regs.filter((r): r is string => r !== undefined);
  if (NO_EFFECT.test(mnemonic)) return { defs: [] };
  switch (mnemonic) {
    case 'b':
      return { defs: [], branch: { conditional: false }, terminator: true };
    case 'br':
      return { defs: [], branch: { conditional: false, indirect: true }, terminator: true };
    case 'ret':
    case 'eret':
    case 'brk':
    case 'udf':
      return { defs: [], terminator: true };
    case 'bl':
      return { defs: [], call: { callee: undefined } };
    case 'blr':
      return { defs: [], call: {} };
    case 'cbz':
    case 'cbnz':
      return { defs: [], branch: { conditional: true } };
    case 'tbz':
    case 'tbnz': {
      const bit = immediate(ops[1]);
      const r = reg(0);
      return { defs: [], branch: { conditional: true }, ...(bit === 0 && r ? { testBit0: { reg: r } } : {}) };
    }
    case 'tst': {
      const r = reg(0);
      return { defs: [], ...(immediate(ops[1]) === 1 && r ? { testBit0: { reg: r } } : {}) };
    }
    case 'cmp':
    case 'cmn':
    case 'ccmp':
    case 'ccmn':
    case 'fcmp':
      return { defs: [] };
    case 'mov': {
      const d = reg(0);
      const s = reg(1);
      if (d && s) return { defs: [d], copyFrom: s };
      return { defs: defsOf(d) };
    }
    case 'sxtw':
    case 'uxtw': {
      const d = reg(0);
      const s = reg(1);
      return d && s ? { defs: [d], copyFrom: s } : { defs: defsOf(d) };
    }
    case 'orr': {
      const d = reg(0);
      if (d && /^[wx]zr$/i.test(ops[1] ?? '') && reg(2) && ops.length === 3) return { defs: [d], copyFrom: reg(2)! };
      return { defs: defsOf(d) };
    }
    case 'add':
    case 'sub': {
      const d = reg(0);
      const a = reg(1);
      const imm = immediate(ops[2]);
      if (d && a && imm !== undefined && ops.length === 3) return { defs: [d], addImm: { src: a, imm: mnemonic === 'sub' ? -imm : imm } };
      const b = reg(2);
      if (d && a && b && ops.length === 3 && mnemonic === 'add') return { defs: [d], addTwo: { a, b } };
      return { defs: defsOf(d) };
    }
    case 'ands': {
      const d = reg(0);
      const s = reg(1);
      return { defs: defsOf(d), ...(s && immediate(ops[2]) === 1 ? { testBit0: { reg: s } } : {}) };
    }
  }
  if (/^b\.\w+$/.test(mnemonic)) return { defs: [], branch: { conditional: true } };
  if (/^cas/.test(mnemonic)) return { defs: defsOf(reg(0)) };
  if (/^(swp|ldadd|ldclr|ldset|ldeor|ldsmax|ldsmin|ldumax|ldumin)/.test(mnemonic)) return { defs: defsOf(reg(1)) };
  if (/^(ldp|ldnp|ldxp|ldaxp|ldpsw)$/.test(mnemonic)) {
    const m = memory(ops[2]);
    return { defs: defsOf(reg(0), reg(1), m && (m.writeback || immediate(ops[3]) !== undefined) ? m.mem.base : undefined) };
  }
  if (/^ld[a-z]*$/.test(mnemonic)) {
    const d = reg(0);
    const m = memory(ops[1]);
    if (d && m) {
      const writeback = m.writeback || immediate(ops[2]) !== undefined;
      return {
        defs: defsOf(d, writeback ? m.mem.base : undefined),
        load: { dst: d, mem: m.mem, width: loadWidth(mnemonic, ops[0]!) },
      };
    }
    return { defs: defsOf(d) };
  }
  if (/^(stxr|stlxr|stxp|stlxp)[bh]?$/.test(mnemonic)) return { defs: defsOf(reg(0)) };
  if (/^st/.test(mnemonic)) {
    const memIndex = ops.findIndex((op) => op.trim().startsWith('['));
    const m = memIndex >= 0 ? memory(ops[memIndex]) : undefined;
    const writeback = m && (m.writeback || immediate(ops[memIndex + 1]) !== undefined);
    return { defs: defsOf(writeback ? m.mem.base : undefined) };
  }
  // Everything else with a destination writes its first operand.
  return { defs: defsOf(reg(0)) };
}

export const arm64: Isa = {
  name: 'arm64',
  callerSaved: [...GPRS.slice(0, 19), 'x30'],
  calleeSaved: GPRS.slice(19, 29),
  registers: GPRS,
  semantics,
  canonical,
  dumpName: (reg) => reg,
};
