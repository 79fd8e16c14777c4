// x86 `Code:` bytes → a small listing around RIP, decoded with Capstone (WebAssembly port, loaded
// only when a dump needs it). The bytes start at an arbitrary byte, so every start position is
// tried and the decoding that lands on the `<..>` byte with the fewest implausible instructions
// wins. Limits: only the ~63 bytes the kernel printed are seen, so code outside the window
// (branches into it, the cpumask_next call when it is further back) is unknown to the dataflow.
import { createRequire } from 'node:module';
import type { Instruction, KernelEvent, Listing, ParsedBundle } from '../../model/records.js';
import { parseInstructionText } from '../../parse/disasm/instruction.js';
import { CSD_WAIT_FUNCTIONS, parsePc, type PcRef } from './pc.js';

export interface CodeBytes {
  bytes: number[];
  /** Index of the `<..>` byte (RIP). */
  ip: number;
  /** What was left off the end: the text after the last whole byte of a line cut short. */
  cut?: string;
}

// The kernel prints every byte as `%02x` (arch/x86/kernel/dumpstack.c show_opcodes(): `<%02x>`
// for the byte at RIP). A last token that is not a whole byte — `44 7`, `89 …`, `...` — is
// where the author's terminal or editor cut the line: the bytes before it are still the
// kernel's, and the instructions they hold whole still decode.
const CUT_TAIL = /^(?:[0-9a-f]|\.{2,}|…|\[?\.\.\.\]?|<[0-9a-f]?)$/i;

export function parseCodeBytes(text: string): CodeBytes | undefined {
  const bytes: number[] = [];
  let ip = -1;
  const tokens = text.trim().split(/\s+/);
  let cut: string | undefined;
  for (const [i, token] of tokens.entries()) {
    const m = /^(<|\()?([0-9a-f]{2})(>|\))?$/i.exec(token);
    if (!m) {
      if (i === tokens.length - 1 && i > 0 && CUT_TAIL.test(token)) {
        cut = token;
        break;
      }
      return undefined;
    }
    if (m[1] === '<') ip = bytes.length;
    bytes.push(parseInt(m[2]!, 16));
  }
  if (ip < 0) return undefined;
  return cut === undefined ? { bytes, ip } : { bytes, ip, cut };
}

interface Decoded {
  address: number;
  size: number;
  bytes: number[];
  mnemonic: string;
  opStr: string;
}

type Decoder = (bytes: number[], address: number) => Decoded[];
type CapstoneFactory = (typeof import('@alexaltea/capstone-js'))['default'];

let decoderPromise: Promise<Decoder | string> | undefined;

/**
 * Capstone's loader is CommonJS: required directly, Node does not first scan its 330 KB for
 * named exports, as its ES module loader does for an `import()` (~35 ms of CPU in profiles of a
 * big log). A bundle without node_modules beside it (the Action's dist/, which ships its own copy
 * of the loader) takes the `import()`, which the bundler maps. Node gives a CommonJS module to
 * `import()` as `default`; a bundler may hand over module.exports itself.
 */
async function importCapstone(): Promise<{ default?: CapstoneFactory } & CapstoneFactory> {
  try {
    return createRequire(import.meta.url)('@alexaltea/capstone-js') as { default?: CapstoneFactory } & CapstoneFactory;
  } catch {
    return (await import('@alexaltea/capstone-js')) as unknown as { default?: CapstoneFactory } & CapstoneFactory;
  }
}

/** Loads Capstone once; resolves to a reason string when it cannot be loaded. */
export function loadX86Decoder(): Promise<Decoder | string> {
  decoderPromise ??= (async () => {
    try {
      const loaded = await importCapstone();
      const factory: CapstoneFactory = loaded.default ?? loaded;
      const cs = await factory();
      const decoder = new cs.Capstone(cs.ARCH_X86, cs.MODE_64);
      decoder.option(cs.OPT_SYNTAX, cs.OPT_SYNTAX_ATT);
      return (bytes: number[], address: number) => {
        try {
          return decoder.disasm(bytes, address).map((i) => ({ address: Number(i.address), size: i.size, bytes: [...i.bytes], mnemonic: i.mnemonic, opStr: i.op_str }));
        } catch {
          return []; // Capstone throws when not even the first instruction decodes.
        }
      };
    } catch (error) {
      return `x86 disassembler unavailable: ${error instanceof Error ? error.message : String(error)}`;
    }
  })();
  return decoderPromise;
}

// Instructions that do not occur in the kernel's csd wait loops; a decoding full of them started mid-instruction.
const IMPLAUSIBLE = /^(in[sbwl]?|out[sbwl]?|hlt|les|lds|lret|iret[dq]?|ljmp|lcall|int1?|into|aaa|aas|aad|aam|daa|das|bound|arpl|sahf|lahf|fwait|wait|xlatb|cmc|std|enter|leave|f\w+|ud1|ud0|salc|icebp)$/;

/**
 * Signs of a decoding that started inside an instruction, beyond opcodes compilers never emit:
 * a REX.W prefix (0x48–0x4f) on a byte operation, where it has no effect; the legacy high-byte
 * registers (%ah…%dh), which GCC and Clang all but never allocate; and `addb %reg,(mem)`, opcode
 * 0x00, which is what a run of displacement or immediate bytes (`00 …`) decodes to.
 */
function misaligned(i: Decoded): boolean {
  if (/^[a-z]+b$/.test(i.mnemonic) && i.bytes[0]! >= 0x48 && i.bytes[0]! <= 0x4f) return true;
  if (/%[abcd]h\b/.test(i.opStr)) return true;
  return i.bytes[0] === 0x00 || (i.bytes[0]! >= 0x40 && i.bytes[0]! <= 0x4f && i.bytes[1] === 0x00);
}

function implausibility(decoded: Decoded[]): number {
  return decoded.reduce((n, i) => n + (IMPLAUSIBLE.test(i.mnemonic) || /\(bad\)/.test(i.opStr) || /%[cdefgs]s:/.test(i.opStr) || misaligned(i) ? 1 : 0), 0);
}

/** Decodes the window around RIP; offsets are function offsets (RIP offset = pc offset). */
export function decodeWindow(code: CodeBytes, pc: PcRef, decode: Decoder): Decoded[] | undefined {
  const base = pc.offset - code.ip;
  let best: { decoded: Decoded[]; penalty: number; start: number } | undefined;
  for (let start = 0; start < Math.min(code.ip, 16) + 1; start++) {
    const decoded = decode(code.bytes.slice(start), base + start);
    if (!decoded.some((i) => i.address === pc.offset)) continue;
    const before = decoded.filter((i) => i.address < pc.offset);
    const penalty = implausibility(before) * 4 + (decoded.length > 0 && decoded[decoded.length - 1]!.address + decoded[decoded.length - 1]!.size < base + code.bytes.length ? 1 : 0);
    if (!best || penalty < best.penalty) best = { decoded, penalty, start };
  }
  return best?.decoded;
}

function toListing(event: KernelEvent, pc: PcRef, code: CodeBytes, decoded: Decoded[]): Listing {
  const instructions: Instruction[] = [];
  for (const d of decoded) {
    const parsed = parseInstructionText(`${d.mnemonic} ${d.opStr}`, true);
    if (!parsed) continue;
    const insn: Instruction = {
      offset: d.address,
      mnemonic: parsed.mnemonic,
      operands: parsed.operands.map((op) => op.replace(/\s+/g, '')),
      text: `${d.mnemonic} ${d.opStr}`.trim(),
      size: d.size,
      bytes: d.bytes.map((b) => b.toString(16).padStart(2, '0')).join(' '),
      source: event.source,
    };
    // Branch targets print as absolute values of our function-offset addresses.
    const target = /^(j\w+|call\w?)$/.test(d.mnemonic) ? /^(?:0x)?([0-9a-f]+)$/i.exec(d.opStr.trim()) : null;
    if (target) {
      const value = parseInt(target[1]!, 16);
      if (value >= 0 && value < pc.length && !d.mnemonic.startsWith('call')) insn.target = value;
    }
    instructions.push(insn);
  }
  const listing: Listing = { func: pc.func, arch: 'x86_64', format: 'code-bytes', instructions, source: event.source };
  if (code.cut !== undefined) {
    const end = pc.offset - code.ip + code.bytes.length;
    const last = decoded[decoded.length - 1];
    const lost = last && last.address + last.size < end ? `; the ${end - last.address - last.size} byte(s) after +0x${(last.address + last.size - 1).toString(16)} start an instruction the cut left incomplete` : '';
    listing.notes = [`the Code: line was cut short after ${code.bytes.length} whole bytes ('${code.cut}' dropped)${lost}`];
  }
  return listing;
}

/** An event whose Code: bytes are decoded: a csd wait's program counter with the bytes around it. */
export function needsX86Decoder(event: KernelEvent): boolean {
  const pc = parsePc(event.pc);
  return pc !== undefined && CSD_WAIT_FUNCTIONS.has(pc.func) && typeof event.details?.['code'] === 'string';
}

/**
 * For every kernel event whose RIP is in a csd wait function and that carries `Code:` bytes,
 * adds a `code-bytes` listing to the bundle. Returns warnings (decoder missing, bytes unreadable).
 */
export async function decodeCodeBytes(bundle: ParsedBundle): Promise<{ input: string; message: string }[]> {
  const warnings: { input: string; message: string }[] = [];
  const wanted = bundle.kernelEvents.filter(needsX86Decoder);
  if (wanted.length === 0) return warnings;
  const decoder = await loadX86Decoder();
  if (typeof decoder === 'string') return wanted.map((event) => ({ input: event.source.input, message: decoder }));
  for (const event of wanted) {
    const pc = parsePc(event.pc)!;
    const code = parseCodeBytes(String(event.details!['code']));
    if (!code) {
      warnings.push({ input: event.source.input, message: `line ${event.source.line}: Code: bytes without a <..> RIP byte, not decoded` });
      continue;
    }
    const decoded = decodeWindow(code, pc, decoder);
    if (!decoded) {
      warnings.push({ input: event.source.input, message: `line ${event.source.line}: Code: bytes do not decode to an instruction at RIP` });
      continue;
    }
    bundle.listings.push(toListing(event, pc, code, decoded));
  }
  return warnings;
}
