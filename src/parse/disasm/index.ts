// Disassembly listing parsers: crash `dis`/`dis -l`, objdump -d/-dl, gdb `disassemble`,
// arm64 and x86_64 (AT&T). Lines are grouped into one Listing per function and pushed into
// the bundle at the end of the segment (a file, or one pasted Markdown block).
import type { Instruction, LineParser, Listing, LogLine, ParserContext, ParserFactory } from '../../model/records.js';
import { LISTING_LINE_FORMATS, type ListingLineFormat } from './formats.js';
import { parseInstructionText } from './instruction.js';

interface OpenListing {
  func: string;
  format: string;
  hexOffsets: boolean;
  start?: bigint;
  instructions: Instruction[];
  source: { input: string; line: number };
  pendingGap: boolean;
  pendingSourceLine?: string;
  /** Relocations seen by offset (objdump -r), to name `bl 0 <self>` callees. */
  relocations: Map<number, string>;
  /** objdump/gdb printed an explicit end of the function. */
  ended: boolean;
}

function match(text: string): { format: ListingLineFormat; groups: Record<string, string | undefined> } | undefined {
  for (const format of LISTING_LINE_FORMATS) {
    const m = format.pattern.exec(text);
    if (m) return { format, groups: m.groups ?? {} };
  }
  return undefined;
}

function archOf(instructions: Instruction[]): Listing['arch'] {
  let x86 = 0;
  let arm = 0;
  for (const insn of instructions) {
    const ops = insn.operands.join(',');
    if (ops.includes('%')) x86++;
    else if (/\b[xw](?:[12]?\d|30)\b|\bsp\b|\bxzr\b|\bwzr\b/.test(ops) || /^(ldar|ldxr|ldr|str|stp|ldp|adrp|bl|b\.\w+|cbn?z|tbn?z|wfe|sevl)$/.test(insn.mnemonic)) arm++;
  }
  if (x86 === 0 && arm === 0) return 'unknown';
  return x86 > arm ? 'x86_64' : 'arm64';
}

export class ListingParser implements LineParser {
  readonly kind = 'disassembly' as const;
  private open: OpenListing | undefined;
  /** Function named by a header line, waiting for its first instruction. */
  private header: { func: string; format: string; start?: bigint; line: number } | undefined;

  constructor(private readonly ctx: ParserContext) {}

  feed(line: LogLine): boolean {
    const text = line.text.replace(/\r$/, '');
    const hit = match(text);
    if (!hit) {
      // Comment-only lines pasted between instructions belong to the listing being read.
      return this.open !== undefined && /^\s*\/\//.test(text);
    }
    const { format, groups } = hit;
    switch (format.kind) {
      case 'function-header':
        this.finish();
        this.header = { func: groups['func']!, format: format.name === 'gdb-function' ? 'gdb-disassemble' : 'objdump-d', line: line.line };
        if (groups['address']) this.header.start = BigInt(`0x${groups['address']}`);
        return true;
      case 'end':
        if (!this.open && !this.header) return false;
        if (this.open) this.open.ended = true;
        this.finish();
        return true;
      case 'instruction':
        return this.instruction(line, format, groups);
      case 'objdump-instruction':
        return this.objdumpInstruction(line, groups);
      case 'relocation': {
        if (!this.open) return false;
        const offset = this.offsetOf(groups['address']!);
        if (offset !== undefined) this.open.relocations.set(offset, groups['symbol']!);
        return true;
      }
      case 'source-line':
        if (!this.open && !this.header) {
          // crash `dis -l` starts with a source line before the first instruction.
          this.pendingSourceLine = `${groups['file']}: ${groups['line']}`;
          return true;
        }
        if (this.open) this.open.pendingSourceLine = `${groups['file']}: ${groups['line']}`;
        return true;
      case 'source-text':
        return this.open !== undefined || this.header !== undefined;
      case 'gap':
        if (!this.open) return false;
        this.open.pendingGap = true;
        return true;
    }
  }

  private pendingSourceLine: string | undefined;

  private offsetOf(address: string): number | undefined {
    if (!this.open) return undefined;
    const value = BigInt(`0x${address}`);
    if (this.open.start === undefined) return undefined;
    const delta = value - this.open.start;
    return delta >= 0n && delta < 1n << 32n ? Number(delta) : undefined;
  }

  private ensureOpen(func: string, format: string, hexOffsets: boolean, line: LogLine): OpenListing {
    if (this.open && this.open.func === func) return this.open;
    const header = this.header;
    this.finish();
    this.header = header;
    this.open = {
      func,
      format,
      hexOffsets,
      instructions: [],
      source: { input: line.input, line: this.header?.line ?? line.line },
      pendingGap: false,
      relocations: new Map(),
      ended: false,
    };
    if (this.header?.start !== undefined) this.open.start = this.header.start;
    if (this.pendingSourceLine) this.open.pendingSourceLine = this.pendingSourceLine;
    this.pendingSourceLine = undefined;
    this.header = undefined;
    return this.open;
  }

  private instruction(line: LogLine, format: ListingLineFormat, groups: Record<string, string | undefined>): boolean {
    const func = groups['func'] ?? this.header?.func ?? this.open?.func;
    if (!func) return false;
    // gdb `disassemble /r` puts the raw bytes (pairs, or one arm64 word) between the offset and the instruction.
    const raw = /^(?<bytes>(?:[0-9a-f]{2} ?)+|[0-9a-f]{8})\s*\t\s*(?<rest>.*)$/i.exec(groups['insn']!);
    const parsed = parseInstructionText(raw?.groups?.['rest'] ?? groups['insn']!, false);
    if (!parsed) return false;
    const listingFormat = format.name === 'gdb-disassemble' || this.header?.format === 'gdb-disassemble' ? 'gdb-disassemble' : 'crash-dis';
    const open = this.ensureOpen(func, listingFormat, false, line);
    const offset = groups['offset'] !== undefined ? parseInt(groups['offset'], 10) : 0;
    const address = BigInt(`0x${groups['address']}`);
    if (open.start === undefined) open.start = address - BigInt(offset);
    else if (open.start + BigInt(offset) !== address) {
      this.ctx.warn(`line ${line.line}: address 0x${groups['address']} does not match <${func}+${offset}> (listing start 0x${open.start.toString(16)}); instruction ignored`);
      return true;
    }
    const insn = this.push(open, line, offset, parsed, groups['address']!);
    const bytes = raw?.groups?.['bytes']?.trim();
    if (bytes) {
      insn.bytes = bytes;
      insn.size = bytes.includes(' ') || bytes.length === 2 ? bytes.split(/\s+/).length : bytes.length / 2;
    }
    if (groups['pc']) insn.atPc = true;
    return true;
  }

  private objdumpInstruction(line: LogLine, groups: Record<string, string | undefined>): boolean {
    const open = this.open;
    const rest = groups['rest']!;
    // `bytes \t mnemonic operands`, or only bytes (an x86 instruction continued on the next line).
    const m = /^(?<bytes>(?:[0-9a-f]{2} )+|[0-9a-f]{8}\s|[0-9a-f]{4} [0-9a-f]{4}\s)?\s*\t?(?<insn>.*)$/i.exec(rest);
    const bytes = m?.groups?.['bytes']?.trim();
    const insnText = m?.groups?.['insn']?.trim() ?? '';
    if (!insnText) {
      if (open && bytes) {
        const last = open.instructions[open.instructions.length - 1];
        if (last && last.size !== undefined && /^(?:[0-9a-f]{2} ?)+$/i.test(bytes)) {
          last.size += bytes.split(/\s+/).length;
          last.bytes = `${last.bytes ?? ''} ${bytes}`.trim();
        }
        return true;
      }
      return false;
    }
    const func = this.header?.func ?? open?.func;
    if (!func) return false;
    const parsed = parseInstructionText(insnText, true);
    if (!parsed) return false;
    const listing = this.ensureOpen(func, 'objdump-d', true, line);
    const offset = this.offsetOf(groups['address']!);
    if (offset === undefined) return false;
    const insn = this.push(listing, line, offset, parsed, groups['address']!);
    if (bytes) {
      insn.bytes = bytes;
      insn.size = /^[0-9a-f]{8}$/i.test(bytes.replace(/\s/g, '')) && !bytes.includes(' ') ? 4 : bytes.split(/\s+/).length;
    }
    return true;
  }

  private push(open: OpenListing, line: LogLine, offset: number, parsed: ReturnType<typeof parseInstructionText> & object, address: string): Instruction {
    const insn: Instruction = {
      address: address.toLowerCase(),
      offset,
      mnemonic: parsed.mnemonic,
      operands: parsed.operands,
      text: parsed.text,
      source: { input: line.input, line: line.line },
    };
    if (parsed.targetSymbol !== undefined) {
      if (parsed.targetSymbol === open.func) insn.target = parsed.targetOffset;
      else insn.callee = parsed.targetSymbol;
    } else if (parsed.targetAddress !== undefined && open.start !== undefined) {
      const delta = BigInt(`0x${parsed.targetAddress}`) - open.start;
      if (delta >= 0n && delta < 1n << 20n) insn.target = Number(delta);
    }
    if (parsed.commentSymbol) insn.commentSymbol = parsed.commentSymbol;
    if (open.pendingSourceLine) insn.sourceLine = open.pendingSourceLine;
    open.pendingSourceLine = undefined;
    const previous = open.instructions[open.instructions.length - 1];
    if (open.pendingGap || (previous && offset <= previous.offset)) insn.gapBefore = true;
    open.pendingGap = false;
    open.instructions.push(insn);
    return insn;
  }

  private finish(): void {
    const open = this.open;
    this.open = undefined;
    this.header = undefined;
    if (!open || open.instructions.length === 0) return;
    const instructions = [...open.instructions].sort((a, b) => a.offset - b.offset);
    const arch = archOf(instructions);
    if (arch === 'arm64') {
      for (const insn of instructions) insn.size ??= 4;
    }
    for (const [offset, symbol] of open.relocations) {
      const insn = instructions.find((i) => i.offset === offset || (i.offset < offset && offset < i.offset + (i.size ?? 1)));
      if (insn && /^(bl|call[q]?|b|jmp[q]?)$/.test(insn.mnemonic)) {
        insn.callee = symbol;
        delete insn.target;
      }
    }
    // A jump in offsets the instruction sizes do not explain is a gap too (an arm64 paste with lines cut).
    for (let i = 1; i < instructions.length; i++) {
      const prev = instructions[i - 1]!;
      const cur = instructions[i]!;
      if (prev.size !== undefined && prev.offset + prev.size !== cur.offset) cur.gapBefore = true;
    }
    const first = instructions[0]!;
    const last = instructions[instructions.length - 1]!;
    const gapless = first.offset === 0 && instructions.every((insn, i) => i === 0 || !insn.gapBefore);
    const listing: Listing = {
      func: open.func,
      arch,
      format: open.format,
      instructions,
      source: open.source,
    };
    if (open.start !== undefined) listing.start = open.start.toString(16);
    if (gapless && (open.ended || open.format !== 'gdb-disassemble')) {
      listing.complete = true;
      if (last.size !== undefined) listing.length = last.offset + last.size;
    }
    this.ctx.bundle.listings.push(listing);
  }

  end(): void {
    this.finish();
    this.pendingSourceLine = undefined;
  }
}

export const listingParsers: ParserFactory[] = [
  {
    kind: 'disassembly',
    create: (ctx) => new ListingParser(ctx),
    // Every listing row is anchored on an address, a header or a path: never a `Mon dd hh:mm:ss` line.
    fastLane: { reads: 'all-lines' },
  },
];
