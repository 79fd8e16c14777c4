// x86_64 AT&T instruction semantics for the csd-wait dataflow (SysV calling convention).
// Mnemonics may carry a size suffix (Capstone prints `movl`, objdump `mov`); both are accepted.
import type { Isa, MemOperand, Semantics } from './types.js';

const REGS = ['rax', 'rbx', 'rcx', 'rdx', 'rsi', 'rdi', 'rbp', 'rsp', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15'] as const;

/** Every name of a GPR (64/32/16/8-bit views) → canonical 64-bit name and width. */
const VIEWS = new Map<string, { reg: string; width: number }>();
for (const [r, e, w, b, h] of [
  ['rax', 'eax', 'ax', 'al', 'ah'],
  ['rbx', 'ebx', 'bx', 'bl', 'bh'],
  ['rcx', 'ecx', 'cx', 'cl', 'ch'],
  ['rdx', 'edx', 'dx', 'dl', 'dh'],
  ['rsi', 'esi', 'si', 'sil', ''],
  ['rdi', 'edi', 'di', 'dil', ''],
  ['rbp', 'ebp', 'bp', 'bpl', ''],
  ['rsp', 'esp', 'sp', 'spl', ''],
] as const) {
  VIEWS.set(r, { reg: r, width: 64 });
  VIEWS.set(e, { reg: r, width: 32 });
  VIEWS.set(w, { reg: r, width: 16 });
  VIEWS.set(b, { reg: r, width: 8 });
  if (h) VIEWS.set(h, { reg: r, width: 8 });
}
for (let i = 8; i <= 15; i++) {
  VIEWS.set(`r${i}`, { reg: `r${i}`, width: 64 });
  VIEWS.set(`r${i}d`, { reg: `r${i}`, width: 32 });
  VIEWS.set(`r${i}w`, { reg: `r${i}`, width: 16 });
  VIEWS.set(`r${i}b`, { reg: `r${i}`, width: 8 });
  VIEWS.set(`r${i}l`, { reg: `r${i}`, width: 8 });
}

function view(op: string | undefined): { reg: string; width: number } | undefined {
  if (!op) return undefined;
  const m = /^%([a-z0-9]+)$/i.exec(op.trim());
  return m ? VIEWS.get(m[1]!.toLowerCase()) : undefined;
}

function immediate(op: string | undefined): number | undefined {
  const m = op ? /^\$(-?)(0x[0-9a-f]+|\d+)$/i.exec(op.trim()) : null;
  if (!m) return undefined;
  const v = Number(m[2]);
  return m[1] ? -v : v;
}

/** `disp(base,index,scale)`, `%gs:0x10`, `__per_cpu_offset(,%rax,8)`, `-0x7e5c1d00(,%rax,8)`. */
function memory(op: string | undefined): MemOperand | undefined {
  if (!op) return undefined;
  const m = /^(?:%[a-z]s:)?(?<disp>[^(%$]*)\((?<inner>[^)]*)\)$/i.exec(op.trim());
  if (!m) {
    const abs = /^(?:%[a-z]s:)?(-?0x[0-9a-f]+|-?\d+)$/i.exec(op.trim());
    return abs ? { scale: 1, disp: Number(abs[1]) } : undefined;
  }
  const disp = m.groups!['disp']!.trim();
  const [baseText, indexText, scaleText] = m.groups!['inner']!.split(',').map((s) => s.trim());
  const mem: MemOperand = { scale: scaleText ? Number(scaleText) : 1, disp: 0 };
  const base = view(baseText)?.reg ?? (baseText?.toLowerCase() === '%rip' ? 'rip' : undefined);
  if (base) mem.base = base;
  const index = view(indexText)?.reg;
  if (index) mem.index = index;
  if (/^-?(0x[0-9a-f]+|\d+)$/i.test(disp)) mem.disp = disp.startsWith('-') ? -Number(disp.slice(1)) : Number(disp);
  else if (disp) mem.symbol = disp.replace(/\+.*$/, '');
  return mem;
}

const SUFFIXED = /^(mov|add|sub|and|or|xor|test|cmp|lea|inc|dec|neg|not|shl|shr|sar|imul|bt|xchg|xadd|cmpxchg|push|pop|call|jmp|ret|movabs)[bwlq]$/;
const NO_EFFECT = /^(nop[lwq]?|pause|lfence|mfence|sfence|endbr64|endbr32|cli|sti|hlt|clac|stac|int3|ud2|cld|std|prefetch\w*|clflush\w*|wbinvd|invlpg|cmp[bwlq]?|test[bwlq]?|bt[bwlq]?|push[q]?|ucomis[sd]|comis[sd])$/;

function base(mnemonic: string): string {
  return SUFFIXED.test(mnemonic) ? mnemonic.slice(0, -1) : mnemonic;
}

function semantics(rawMnemonic: string, ops: readonly string[]): Semantics {
  const mnemonic = base(rawMnemonic.toLowerCase());
  const src = ops[0];
  const dst = ops[ops.length - 1];
  const d = view(dst);
  const def = (v: { reg: string; width: number } | undefined): string[] => (v ? [v.reg] : []);

  if (mnemonic === 'ret' || mnemonic === 'ud2' || mnemonic === 'int3' || mnemonic === 'hlt') return { defs: [], terminator: true };
  if (mnemonic === 'jmp') return { defs: [], branch: { conditional: false, indirect: (src ?? '').startsWith('*') }, terminator: true };
  if (/^j[a-z]+$/.test(mnemonic)) return { defs: [], branch: { conditional: true } };
  if (mnemonic === 'call') return { defs: [], call: {} };
  if (mnemonic === 'test' || mnemonic === 'bt') {
    const imm = immediate(ops[0]);
    if ((mnemonic === 'test' && imm === 1) || (mnemonic === 'bt' && imm === 0)) {
      const r = view(ops[1]);
      if (r) return { defs: [], testBit0: { reg: r.reg } };
      const mem = memory(ops[1]);
      if (mem) return { defs: [], testBit0: { mem }, load: { mem, width: /b$/.test(rawMnemonic) ? 8 : 32 } };
    }
    return { defs: [] };
  }
  if (NO_EFFECT.test(mnemonic)) return { defs: [] };
  if (mnemonic === 'cltq' || mnemonic === 'cdqe') return { defs: ['rax'], copyFrom: 'rax' };
  if (/^(cqto|cqo|cltd|cdq)$/.test(mnemonic)) return { defs: ['rdx'] };
  if (/^(rdtscp?|rdmsr|rdpmc)$/.test(mnemonic)) return { defs: ['rax', 'rdx', ...(mnemonic === 'rdtscp' ? ['rcx'] : [])] };
  if (mnemonic === 'cpuid') return { defs: ['rax', 'rbx', 'rcx', 'rdx'] };
  if (/^(mul|div|idiv)$/.test(mnemonic) || (mnemonic === 'imul' && ops.length === 1)) return { defs: ['rax', 'rdx'] };
  if (/^(xchg|xadd)$/.test(mnemonic)) return { defs: [...def(view(ops[0])), ...def(d)] };
  if (mnemonic === 'cmpxchg') return { defs: ['rax', ...def(d)] };
  // String instructions (`rep movsq`, `stosl`): exact names, so that `movslq`/`movsbl` stay moves.
  if (/^(rep\w*|stos[bwlq]?|movs[bwlq]?|lods[bwlq]?|scas[bwlq]?|cmps[bwlq]?)$/.test(mnemonic) && !view(dst)) return { defs: ['rcx', 'rdi', 'rsi', 'rax'] };
  if (mnemonic === 'pop') return { defs: def(view(ops[0])) };

  if (/^(mov|movabs|movslq|movsxd)$/.test(mnemonic)) {
    if (!d) return { defs: [] }; // a store
    const s = view(src);
    // 32-bit writes zero-extend and movslq sign-extends: both keep a CPU number intact. 8/16-bit writes merge.
    if (s && d.width >= 32 && s.width >= 32) return { defs: [d.reg], copyFrom: s.reg };
    const mem = memory(src);
    if (mem && d.width >= 32) return { defs: [d.reg], load: { dst: d.reg, mem, width: mnemonic === 'movslq' ? 32 : d.width } };
    return { defs: [d.reg] };
  }
  if (/^mov[sz][bw][lqw]?$/.test(mnemonic) || /^mov[sz]x$/.test(mnemonic)) {
    const mem = memory(src);
    const s = view(src);
    if (d && mem) return { defs: [d.reg], load: { dst: d.reg, mem, width: mnemonic.includes('b') ? 8 : 16 } };
    // A 16-bit view still holds any CPU number (CONFIG_NR_CPUS is at most 8192); a byte does not.
    if (d && s && s.width >= 16) return { defs: [d.reg], copyFrom: s.reg };
    return { defs: def(d) };
  }
  if (mnemonic === 'lea' && d) {
    const mem = memory(src);
    if (mem?.base && !mem.index && !mem.symbol && mem.base !== 'rip') return { defs: [d.reg], addImm: { src: mem.base, imm: mem.disp } };
    if (mem?.base && mem.index && mem.scale === 1 && mem.disp === 0 && !mem.symbol) return { defs: [d.reg], addTwo: { a: mem.base, b: mem.index } };
    return { defs: [d.reg] };
  }
  if ((mnemonic === 'add' || mnemonic === 'sub') && d && d.width === 64) {
    const imm = immediate(src);
    if (imm !== undefined) return { defs: [d.reg], addImm: { src: d.reg, imm: mnemonic === 'sub' ? -imm : imm } };
    if (mnemonic === 'add') {
      const s = view(src);
      if (s) return { defs: [d.reg], addTwo: { a: d.reg, b: s.reg } };
      const mem = memory(src);
      if (mem) return { defs: [d.reg], addTwo: { a: d.reg, b: mem } };
    }
    return { defs: [d.reg] };
  }
  if (mnemonic === 'and' && d && immediate(src) === 1) return { defs: [d.reg], testBit0: { reg: d.reg } };
  if (mnemonic === 'xor' && d && view(src)?.reg === d.reg) return { defs: [d.reg] };
  // Anything else with a register destination writes it.
  return { defs: def(d) };
}

export const x86_64: Isa = {
  name: 'x86_64',
  callerSaved: ['rax', 'rcx', 'rdx', 'rsi', 'rdi', 'r8', 'r9', 'r10', 'r11'],
  calleeSaved: ['rbx', 'rbp', 'r12', 'r13', 'r14', 'r15'],
  registers: REGS,
  semantics,
  canonical: (name) => view(name.startsWith('%') ? name : `%${name}`)?.reg,
  dumpName: (reg) => reg,
};
