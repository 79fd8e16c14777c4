// Splits the instruction part of a listing line into mnemonic, operands, branch target and
// callee, whatever tool printed it. Human annotations (`// …`) are dropped; objdump's own
// `# ffff… <sym>` comment is kept as the symbol it names.
import { X86_PREFIXES } from './formats.js';

export interface ParsedInstructionText {
  mnemonic: string;
  operands: string[];
  /** Symbol and offset named in `<sym+N>` (branch/call target). */
  targetSymbol?: string;
  targetOffset?: number;
  /** Raw address of a branch/call target, when printed. */
  targetAddress?: string;
  commentSymbol?: string;
  /** The instruction text without annotations. */
  text: string;
}

/** Removes a human `//` annotation (arm64 objdump's own `// #504` comments go too: they only repeat an immediate). */
export function stripAnnotation(text: string): string {
  const at = text.indexOf('//');
  return (at >= 0 ? text.slice(0, at) : text).trimEnd();
}

/** Splits on commas that are not inside (), [], <> or {}. */
export function splitOperands(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(' || ch === '[' || ch === '<' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '>' || ch === '}') depth = Math.max(0, depth - 1);
    if (ch === ',' && depth === 0) {
      out.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

const SYMBOL_REF = /<([^<>+\s]+)(?:\+(0x[0-9a-f]+|\d+))?>/i;
const BARE_ADDRESS = /^(?:0x)?([0-9a-f]{4,16})$/i;
const ADDRESS_BEFORE_SYMBOL = /(?:^|\s|\*)(?:0x)?([0-9a-f]{4,16})\s+<[^<>]+>/i;

/**
 * @param hexOffsets true for objdump (`<f+0x34c>`), false for crash and gdb (`<f+844>`).
 */
export function parseInstructionText(raw: string, hexOffsets: boolean): ParsedInstructionText | undefined {
  let text = stripAnnotation(raw).trim();
  let commentSymbol: string | undefined;
  // objdump/gdb x86 comments: `# 0xffffffff82a5c1d0 <nr_cpu_ids>`; AT&T never uses `#` otherwise.
  const hash = /\s#\s*(?:0x)?[0-9a-f]*\s*(?:<([^<>]+)>)?.*$/i.exec(text);
  if (hash && text.includes('%')) {
    commentSymbol = hash[1]?.replace(/\+.*$/, '');
    text = text.slice(0, hash.index).trimEnd();
  }
  if (!text) return undefined;
  const words = text.split(/\s+/);
  let index = 0;
  const prefixes: string[] = [];
  while (index < words.length - 1 && X86_PREFIXES.has(words[index]!.toLowerCase())) prefixes.push(words[index++]!.toLowerCase());
  const mnemonic = words[index]?.toLowerCase();
  if (!mnemonic || !/^[a-z][a-z0-9._]*$/.test(mnemonic)) return undefined;
  const operandText = words.slice(index + 1).join(' ');
  const operands = operandText ? splitOperands(operandText) : [];
  const out: ParsedInstructionText = { mnemonic, operands, text: [...prefixes, mnemonic, operandText].filter(Boolean).join(' ') };
  if (commentSymbol) out.commentSymbol = commentSymbol;
  for (const operand of operands) {
    const ref = SYMBOL_REF.exec(operand);
    if (ref) {
      out.targetSymbol = ref[1]!;
      const off = ref[2];
      out.targetOffset = off === undefined ? 0 : off.toLowerCase().startsWith('0x') ? parseInt(off, 16) : hexOffsets ? parseInt(off, 16) : parseInt(off, 10);
      const address = ADDRESS_BEFORE_SYMBOL.exec(operand);
      if (address) out.targetAddress = address[1]!.toLowerCase();
      break;
    }
    const bare = BARE_ADDRESS.exec(operand.replace(/^\*/, ''));
    if (bare && isBranchLike(mnemonic)) out.targetAddress = bare[1]!.toLowerCase();
  }
  return out;
}

function isBranchLike(mnemonic: string): boolean {
  return /^(b|bl|b\..+|cbz|cbnz|tbz|tbnz|j[a-z]+|call[lq]?|jmp[lq]?)$/.test(mnemonic);
}
