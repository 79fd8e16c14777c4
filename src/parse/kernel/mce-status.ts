// Decodes an x86 machine-check bank status (MCi_STATUS) as the kernel prints it in
// `mce: [Hardware Error]: CPU %d: Machine Check%s: %Lx Bank %d: %016Lx` (arch/x86/kernel/cpu/mce/core.c,
// __print_mce). Bit names follow arch/x86/include/asm/mce.h (MCI_STATUS_*) and the Intel SDM
// Vol. 3B §16.3.2.2 / AMD APM Vol. 2 §9.3.2.2; the low 16 bits are the architectural MCA error
// code (SDM Vol. 3B §16.9, tables "IA32_MCi_Status [15:0] Simple/Compound Error Code Encoding").

/** Bits both vendors define, high to low, as `mce.h` names them. */
const COMMON_BITS: readonly (readonly [bit: bigint, name: string])[] = [
  [63n, 'VAL'], // the register holds a valid error
  [62n, 'OVER'], // an earlier error was lost (overflow)
  [61n, 'UC'], // uncorrected
  [60n, 'EN'], // error reporting was enabled: a live #MC was signalled for it
  [59n, 'MISCV'], // MCi_MISC valid
  [58n, 'ADDRV'], // MCi_ADDR valid: the printed ADDR is the failing physical address
  [57n, 'PCC'], // processor context corrupt: execution cannot continue
];
/** Intel software-error-recovery bits (MCI_STATUS_S / MCI_STATUS_AR). */
const INTEL_BITS: readonly (readonly [bigint, string])[] = [
  [56n, 'S'], // signalled as a machine check (SRAR/SRAO), not CMCI
  [55n, 'AR'], // action required before the interrupted context resumes
];
/** AMD bits (MCI_STATUS_TCC, MCI_STATUS_SYNDV, MCI_STATUS_DEFERRED, MCI_STATUS_POISON). */
const AMD_BITS: readonly (readonly [bigint, string])[] = [
  [55n, 'TCC'], // task context corrupt
  [53n, 'SyndV'],
  [44n, 'Deferred'],
  [43n, 'Poison'],
];

/** `PROCESSOR %u:%x` prints boot_cpu_data.x86_vendor first (arch/x86/include/asm/processor.h X86_VENDOR_*). */
export function cpuVendorName(vendor: number): string | undefined {
  return ({ 0: 'Intel', 2: 'AMD', 5: 'Centaur', 9: 'Hygon', 10: 'Zhaoxin' } as Record<number, string>)[vendor];
}

const LEVEL = ['L0', 'L1', 'L2', 'generic level'];
const TRANSACTION = ['instruction', 'data', 'generic'];
const REQUEST = ['generic', 'read', 'write', 'data read', 'data write', 'instruction fetch', 'prefetch', 'eviction', 'snoop'];
const MEMORY_TRANSACTION = ['generic', 'read', 'write', 'address/command', 'scrubbing'];
const PARTICIPATION = ['local processor originated the request', 'local processor responded', 'local processor observed as third party', 'generic'];

/** Names the architectural MCA error code (bits 15:0), ignoring the corrected-filtering bit 12. */
export function mcaErrorCodeText(code: number): string | undefined {
  const c = code & ~0x1000;
  const simple: Record<number, string> = {
    0x0000: 'no error',
    0x0001: 'unclassified',
    0x0002: 'microcode ROM parity error',
    0x0003: 'external error (from another processor or the platform)',
    0x0004: 'FRC error',
    0x0005: 'internal parity error',
    0x0006: 'SMM handler code access violation',
    0x0400: 'internal timer error (processor watchdog)',
  };
  if (simple[c] !== undefined) return simple[c];
  if ((c & 0xfc00) === 0x0400) return 'internal unclassified error';
  if ((c & 0xfffc) === 0x000c) return `generic cache hierarchy error, ${LEVEL[c & 3]}`;
  if ((c & 0xfff0) === 0x0010) return `TLB error, ${TRANSACTION[(c >> 2) & 3] ?? 'reserved'} ${LEVEL[c & 3]}`;
  if ((c & 0xff80) === 0x0080) {
    const channel = c & 0xf;
    return `memory controller ${MEMORY_TRANSACTION[(c >> 4) & 7] ?? 'reserved'} error, ${channel === 0xf ? 'channel unspecified' : `channel ${channel}`}`;
  }
  if ((c & 0xff00) === 0x0100) return `cache hierarchy ${REQUEST[(c >> 4) & 0xf] ?? 'reserved'} error, ${TRANSACTION[(c >> 2) & 3] ?? 'reserved'} ${LEVEL[c & 3]}`;
  if ((c & 0xf800) === 0x0800) {
    const timeout = (c & 0x100) !== 0 ? ', timed out' : '';
    return `bus/interconnect ${REQUEST[(c >> 4) & 0xf] ?? 'reserved'} error (${PARTICIPATION[(c >> 9) & 3]})${timeout}`;
  }
  return undefined;
}

export interface MciStatus {
  /** Set bits by name, high to low (`VAL|UC|EN|ADDRV|PCC`). */
  bits: string[];
  valid: boolean;
  uncorrected: boolean;
  overflow: boolean;
  /** A machine-check exception was signalled for it (EN): not merely found by polling. */
  enabled: boolean;
  addressValid: boolean;
  miscValid: boolean;
  processorContextCorrupt: boolean;
  /** Low 16 bits (`0x0090`). */
  errorCode: string;
  errorCodeText?: string;
  /** Bits 31:16, model-specific. */
  modelCode: string;
}

/** `vendor` from the record's `PROCESSOR v:cpuid` line or the AMD decoder; unknown reads only the common bits. */
export function decodeMciStatus(statusHex: string, vendor?: 'Intel' | 'AMD' | string): MciStatus | undefined {
  if (!/^[0-9a-f]{1,16}$/i.test(statusHex)) return undefined;
  const status = BigInt(`0x${statusHex}`);
  const set = (bit: bigint) => ((status >> bit) & 1n) === 1n;
  const table = [...COMMON_BITS, ...(vendor === 'Intel' ? INTEL_BITS : vendor === 'AMD' || vendor === 'Hygon' ? AMD_BITS : [])];
  const bits = table.filter(([bit]) => set(bit)).map(([, name]) => name);
  const code = Number(status & 0xffffn);
  const text = mcaErrorCodeText(code);
  return {
    bits,
    valid: set(63n),
    uncorrected: set(61n),
    overflow: set(62n),
    enabled: set(60n),
    addressValid: set(58n),
    miscValid: set(59n),
    processorContextCorrupt: set(57n),
    errorCode: `0x${code.toString(16).padStart(4, '0')}`,
    ...(text ? { errorCodeText: text } : {}),
    modelCode: `0x${Number((status >> 16n) & 0xffffn).toString(16).padStart(4, '0')}`,
  };
}
