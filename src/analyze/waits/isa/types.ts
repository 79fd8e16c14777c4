// What the dataflow needs to know about one instruction, whatever the architecture.

export interface MemOperand {
  base?: string;
  index?: string;
  /** Bytes per index step (8 for a table of 64-bit per-CPU offsets). */
  scale: number;
  disp: number;
  /** Symbolic displacement (`__per_cpu_offset(,%rax,8)`), when printed. */
  symbol?: string;
}

export interface Semantics {
  /** Canonical registers written. */
  defs: string[];
  /** A pure copy of this register into defs[0] (mov, sxtw, movslq, 32-bit zero extension). */
  copyFrom?: string;
  /** defs[0] (or nothing, for a memory test) loaded from memory. */
  load?: { dst?: string; mem: MemOperand; width: number };
  /** defs[0] = src + imm (add/sub immediate, lea disp(base)). */
  addImm?: { src: string; imm: number };
  /** defs[0] = a + b, where each side is a register or a memory operand (x86 `add mem,%reg`). */
  addTwo?: { a: string | MemOperand; b: string | MemOperand };
  /** Tests bit 0 of a register, or of memory (`testb $0x1,(%r15)`). */
  testBit0?: { reg?: string; mem?: MemOperand };
  call?: { callee?: string };
  branch?: { conditional: boolean; indirect?: boolean };
  /** No fall-through to the next instruction (unconditional jump, return, trap). */
  terminator?: boolean;
}

export interface Isa {
  name: 'arm64' | 'x86_64';
  /** Registers a called function may clobber; the first is the return value. */
  callerSaved: readonly string[];
  calleeSaved: readonly string[];
  /** Every general-purpose register, in dump order. */
  registers: readonly string[];
  semantics(mnemonic: string, operands: readonly string[]): Semantics;
  /** Register as written in the listing → canonical name, or undefined when it is not a GPR. */
  canonical(name: string): string | undefined;
  /** Name of the register in a register dump (`x0`, `rax`). */
  dumpName(reg: string): string;
}

export function isMem(value: string | MemOperand): value is MemOperand {
  return typeof value !== 'string';
}
