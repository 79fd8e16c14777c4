// Line formats of disassembly listings, one row per format with a real example.
// crash and gdb print decimal offsets (`<func+844>`), objdump prints hex addresses and
// `<func+0x34c>` branch targets; all of them may be interleaved with source-line markers.

export type ListingLineKind =
  | 'instruction' // an instruction with address and offset
  | 'objdump-instruction' // an instruction whose offset comes from the function header
  | 'function-header' // objdump `ffff… <func>:` / gdb `Dump of assembler code for function func:`
  | 'end' // gdb `End of assembler dump.`
  | 'source-line' // `file: line` / `file:line` marker before the instructions it describes
  | 'source-text' // gdb /s and crash `dis -s` source text lines
  | 'relocation' // objdump -r relocation naming a call target
  | 'gap'; // `...`: something left out

export interface ListingLineFormat {
  name: string;
  kind: ListingLineKind;
  pattern: RegExp;
  example: string;
}

export const LISTING_LINE_FORMATS: readonly ListingLineFormat[] = [
  {
    // crash `dis`/`dis -l` and gdb `x/i`: the symbol and a decimal offset on every line (`<func>` for +0).
    name: 'crash-dis',
    kind: 'instruction',
    pattern: /^\s*(?<pc>=>)?\s*0x(?<address>[0-9a-f]{4,16})\s+<(?<func>[^<>+\s]+)(?:\+(?<offset>\d+))?>:?\s+(?<insn>\S.*)$/i,
    example: '0xffff8000101ba1bc <smp_call_function_many_cond+804>:   ldar    w1, [x2]',
  },
  {
    // gdb `disassemble` (with or without /r /s): the function is in the header, offsets decimal.
    name: 'gdb-disassemble',
    kind: 'instruction',
    pattern: /^\s*(?<pc>=>)?\s*0x(?<address>[0-9a-f]{4,16})\s+<\+(?<offset>\d+)>:\s+(?<insn>\S.*)$/i,
    example: '   0xffffffff8113b37d <+173>:\tmov    0x8(%rdx),%eax',
  },
  {
    name: 'objdump-function',
    kind: 'function-header',
    pattern: /^(?<address>[0-9a-f]{1,16})\s+<(?<func>[^<>]+)>:\s*$/i,
    example: 'ffff8000101b9e98 <smp_call_function_many_cond>:',
  },
  {
    name: 'gdb-function',
    kind: 'function-header',
    pattern: /^Dump of assembler code for function (?<func>[^\s:]+):?\s*$/,
    example: 'Dump of assembler code for function smp_call_function_many_cond:',
  },
  {
    name: 'gdb-end',
    kind: 'end',
    pattern: /^End of assembler dump\.\s*$/,
    example: 'End of assembler dump.',
  },
  {
    // objdump -d: address, tab, raw bytes (x86 byte pairs or an arm64 32-bit word), tab, instruction.
    name: 'objdump-d',
    kind: 'objdump-instruction',
    pattern: /^\s*(?<address>[0-9a-f]{1,16}):\t(?<rest>.*)$/i,
    example: 'ffff8000101ba1bc:\t88dffc41 \tldar\tw1, [x2]',
  },
  {
    name: 'objdump-relocation',
    kind: 'relocation',
    pattern: /^\s*(?<address>[0-9a-f]{1,16}):\s+(?<type>R_[A-Z0-9_]+)\s+(?<symbol>[^\s+]+)/,
    example: '\t\t\t19c: R_AARCH64_CALL26\tcpumask_next',
  },
  {
    // crash `dis -l`: `path: line`; objdump -l: `path:line (discriminator n)`.
    name: 'source-line',
    kind: 'source-line',
    pattern: /^\s*(?<file>(?:\/|\.{1,2}\/|[\w.-]+\/)[^\s:]*\.[A-Za-z]+):\s?(?<line>\d+)(?:\s+\(discriminator \d+\))?\s*$/,
    example: '/usr/src/debug/kernel-4.18.0/linux-4.18.0.aarch64/kernel/smp.c: 463',
  },
  {
    // objdump -l prints the function name before its first source line.
    name: 'objdump-l-function',
    kind: 'source-text',
    pattern: /^(?<func>[A-Za-z_][\w.$]*)\(\):\s*$/,
    example: 'smp_call_function_many_cond():',
  },
  {
    // gdb `disassemble /s`: `file:` then `NNN\tsource text`.
    name: 'gdb-source',
    kind: 'source-text',
    pattern: /^(?:(?<file>\S+\.[A-Za-z]+):|(?<line>\d+)\t.*)\s*$/,
    example: '466\t\t\tcsd = per_cpu_ptr(cfd->csd, cpu);',
  },
  {
    name: 'gap',
    kind: 'gap',
    pattern: /^\s*(?:\.\.\.|…)\s*$/,
    example: '...',
  },
];

/** x86 instruction prefixes printed as separate words by objdump/crash/gdb. */
export const X86_PREFIXES = new Set(['lock', 'rep', 'repz', 'repe', 'repnz', 'repne', 'notrack', 'bnd', 'data16', 'addr32', 'cs', 'ds', 'es', 'ss', 'fs', 'gs', 'rex', 'rex.w', 'rex.b', 'rex.r', 'rex.x']);
