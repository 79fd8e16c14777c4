// Register-dump lines of the three architectures, one row per line shape, each with a real
// example. Names are lower-cased as printed (x0…x30, sp, pstate; rax…r15, rip, rsp, eflags;
// gpr00…, nip, lr); values are the hex digits as printed, without `0x`.
export type RegArch = 'arm64' | 'x86_64' | 'powerpc';

export interface RegisterUpdate {
  arch: RegArch;
  registers?: Record<string, string>;
  pc?: string;
  lr?: string;
  /** x86 `Code:` bytes as printed. */
  code?: string;
  /** x86 user-mode RIP (`RIP: 0033:`): the kernel part of the dump has ended. */
  userMode?: boolean;
}

export interface RegisterRow {
  name: string;
  arch: RegArch;
  example: string;
  pattern: RegExp;
  parse(m: RegExpExecArray): Omit<RegisterUpdate, 'arch'>;
}

function pairs(text: string, pattern: RegExp): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(pattern)) out[m[1]!.toLowerCase().replace(/\s+/g, '')] = m[2]!;
  return out;
}

/** `smp_call_function_many_cond+0x34c/0x3a0 kernel/smp.c:123` → the symbol as printed. */
function symbol(text: string): string {
  return text.trim().split(/\s+/)[0] ?? text.trim();
}

export const REGISTER_ROWS: RegisterRow[] = [
  // ---- arm64 ----
  {
    name: 'arm64-pstate',
    arch: 'arm64',
    example: 'pstate: 80c00009 (Nzcv daif +PAN +UAO)',
    pattern: /^pstate: ([0-9a-f]+)(?: \((.*)\))?/,
    parse: (m) => ({ registers: { pstate: m[1]! } }),
  },
  {
    name: 'arm64-pc',
    arch: 'arm64',
    example: 'pc : smp_call_function_many_cond+0x34c/0x3a0',
    pattern: /^pc ?: (?:\[<([0-9a-f]+)>\] lr ?: \[<([0-9a-f]+)>\] pstate: ([0-9a-f]+)|(\S+))/,
    parse: (m) => (m[4] ? { pc: symbol(m[4]) } : { registers: { pc: m[1]!, lr: m[2]!, pstate: m[3]! } }),
  },
  {
    name: 'arm64-lr',
    arch: 'arm64',
    example: 'lr : smp_call_function_many_cond+0x308/0x3a0',
    pattern: /^lr ?: (\S+)/,
    parse: (m) => ({ lr: symbol(m[1]!) }),
  },
  {
    name: 'arm-pc-is-at',
    arch: 'arm64',
    example: 'PC is at smp_call_function_many+0x2a4/0x300',
    pattern: /^(PC|LR) is at (\S+)/,
    parse: (m) => (m[1] === 'PC' ? { pc: symbol(m[2]!) } : { lr: symbol(m[2]!) }),
  },
  {
    name: 'arm64-sp',
    arch: 'arm64',
    example: 'sp : ffff80003344f900',
    pattern: /^sp ?: ([0-9a-f]+)/,
    parse: (m) => ({ registers: { sp: m[1]! } }),
  },
  {
    name: 'arm64-pmr',
    arch: 'arm64',
    example: 'pmr_save: 000000e0',
    pattern: /^(pmr_save|pmr): ([0-9a-f]+)/,
    parse: (m) => ({ registers: { [m[1]!]: m[2]! } }),
  },
  {
    // Two per line with a trailing blank (≤5.12) or three per line (≥5.13); `x9 :` padding.
    name: 'arm64-gprs',
    arch: 'arm64',
    example: 'x29: ffff80003344f900 x28: fffff10eea740000 ',
    pattern: /^(?:x\d{1,2}\s*: [0-9a-f]{8,16}\s*)+$/,
    parse: (m) => ({ registers: pairs(m[0], /(x\d{1,2})\s*: ([0-9a-f]{8,16})/g) }),
  },
  // ---- x86_64 ----
  {
    name: 'x86-rip',
    arch: 'x86_64',
    example: 'RIP: 0010:smp_call_function_many_cond+0x14d/0x3c0',
    pattern: /^RIP: (\d{4}):(?:\[<([0-9a-f]+)>\]\s+\[<[0-9a-f]+>\]\s+)?(.*)$/,
    parse: (m) => {
      const user = m[1] !== '0010' && m[1] !== '0008' && m[1] !== '0060';
      const text = m[3]!.trim();
      const out: Omit<RegisterUpdate, 'arch'> = user ? { userMode: true } : { pc: symbol(text) };
      const addr = m[2] ?? (/^0x([0-9a-f]+)$/.exec(text)?.[1]);
      if (addr) out.registers = { rip: addr };
      return out;
    },
  },
  {
    name: 'x86-rsp',
    arch: 'x86_64',
    example: 'RSP: 0018:ffffc90000187d48 EFLAGS: 00000202 ORIG_RAX: ffffffffffffff13',
    pattern: /^RSP: ([0-9a-f]{4}):([0-9a-f]+)\s+EFLAGS: ([0-9a-f]+)(?:\s+ORIG_RAX: ([0-9a-f]+))?/,
    parse: (m) => ({ registers: { rsp: m[2]!, eflags: m[3]!, ...(m[4] ? { orig_rax: m[4] } : {}) } }),
  },
  {
    name: 'x86-gprs',
    arch: 'x86_64',
    example: 'RAX: 0000000000000011 RBX: ffff88807c83a040 RCX: 0000000000000000',
    pattern: /^(?:(?:R[A-Z0-9]{2}|CR[0-4]): [0-9a-f]{8,16}\s*)+$/,
    parse: (m) => ({ registers: pairs(m[0], /((?:R[A-Z0-9]{2})|CR[0-4]): ([0-9a-f]{8,16})/g) }),
  },
  {
    name: 'x86-code',
    arch: 'x86_64',
    example: 'Code: 89 c7 e8 4d 2c 5f 00 3b 05 2b 1d 0b 02 89 c5 73 2c 48 63 d0 49 8b 0e 48 03 0c d5 80 f9 d8 82 8b 41 08 a8 01 74 09 f3 90 <8b> 51 08 83 e2 01 75 f7',
    pattern: /^Code: (.*)$/,
    parse: (m) => ({ code: m[1]!.trim() }),
  },
  // ---- powerpc ----
  {
    name: 'ppc-nip-lr-ctr',
    arch: 'powerpc',
    example: 'NIP:  c0000000001d5d8c LR: c0000000001d5d78 CTR: c00000000025e4f0',
    pattern: /^NIP:\s+([0-9a-f]+) LR: ([0-9a-f]+) CTR: ([0-9a-f]+)/,
    parse: (m) => ({ registers: { nip: m[1]!, lr: m[2]!, ctr: m[3]! } }),
  },
  {
    name: 'ppc-msr',
    arch: 'powerpc',
    example: 'MSR:  8000000000029033 <SF,EE,ME,IR,DR,RI,LE>  CR: 44002822  XER: 00000000',
    pattern: /^MSR:\s+([0-9a-f]+)(?: <[^>]*>)?\s+CR: ([0-9a-f]+)(?:\s+XER: ([0-9a-f]+))?/,
    parse: (m) => ({ registers: { msr: m[1]!, cr: m[2]!, ...(m[3] ? { xer: m[3] } : {}) } }),
  },
  {
    name: 'ppc-gprs',
    arch: 'powerpc',
    example: 'GPR00: c0000000001d5d78 c000000fe3b1f990 c000000001519900 0000000000000001',
    pattern: /^GPR(\d\d): ((?:[0-9a-f]{8,16}\s*)+)$/,
    parse: (m) => {
      const registers: Record<string, string> = {};
      m[2]!
        .trim()
        .split(/\s+/)
        .forEach((value, i) => {
          registers[`gpr${String(Number(m[1]) + i).padStart(2, '0')}`] = value;
        });
      return { registers };
    },
  },
  {
    name: 'ppc-nip-symbol',
    arch: 'powerpc',
    example: 'NIP [c0000000001d5d8c] smp_call_function_many+0x2fc/0x3d0',
    pattern: /^NIP \[([0-9a-f]+)\] (\S+)/,
    parse: (m) => ({ pc: symbol(m[2]!) }),
  },
  {
    name: 'ppc-lr-symbol',
    arch: 'powerpc',
    example: 'LR [c0000000001d5d78] smp_call_function_many+0x2e8/0x3d0',
    pattern: /^LR \[([0-9a-f]+)\] (\S+)/,
    parse: (m) => ({ lr: symbol(m[2]!) }),
  },
];

export function matchRegisterLine(message: string): RegisterUpdate | undefined {
  const text = message.trim();
  for (const row of REGISTER_ROWS) {
    const m = row.pattern.exec(text);
    if (m) return { arch: row.arch, ...row.parse(m) };
  }
  return undefined;
}
