// Which architecture a report comes from, read from lines only one architecture prints: its
// register dump, its syscall-entry frames, its release suffix and the platform its
// `Hardware name:` names. One row per line shape, each with a real example and the kernel source
// that prints it; test/parse/kernel/arch.test.ts checks every example against its row.
import type { Arch } from '../../report/types.js';

/** How an architecture was read, strongest first (host.ts keeps the strongest statement). */
export type ArchMethod = 'register-dump' | 'trace-frame' | 'release-suffix' | 'hardware-name';

export const ARCH_METHOD_RANK: Record<ArchMethod, number> = { 'register-dump': 0, 'trace-frame': 1, 'release-suffix': 2, 'hardware-name': 3 };

export interface ArchRow {
  name: string;
  arch: Arch;
  method: ArchMethod;
  /** The kernel source (or packaging convention) that prints this shape. */
  printedBy: string;
  example: string;
  pattern: RegExp;
}

/** Rows read on a kernel message (trimmed). */
export const ARCH_LINE_ROWS: ArchRow[] = [
  // ---- x86 ----
  {
    name: 'x86_64-rip',
    arch: 'x86_64',
    method: 'register-dump',
    printedBy: 'arch/x86/kernel/dumpstack.c show_ip (`%sRIP: %04x:%pS`); ≤4.14 arch/x86/kernel/process_64.c __show_regs',
    example: 'RIP: 0010:smp_call_function_many_cond+0x312/0x4e0',
    pattern: /^RIP: [0-9a-f]{4}:/,
  },
  {
    name: 'x86_64-rsp',
    arch: 'x86_64',
    method: 'register-dump',
    printedBy: 'arch/x86/kernel/process_64.c __show_regs (`RSP: %04x:%016lx EFLAGS: %08lx`)',
    example: 'RSP: 0018:ffffc0c8c2d9fc38 EFLAGS: 00000202',
    pattern: /^RSP: [0-9a-f]{4}:[0-9a-f]{16}\s+EFLAGS:/,
  },
  {
    name: 'x86_64-gprs',
    arch: 'x86_64',
    method: 'register-dump',
    printedBy: 'arch/x86/kernel/process_64.c __show_regs (`RAX: %016lx RBX: %016lx RCX: %016lx`)',
    example: 'RAX: 0000000000000011 RBX: ffff9ff73fb37900 RCX: 0000000000000000',
    pattern: /^RAX: [0-9a-f]{16} RBX: /,
  },
  {
    name: 'i386-eip',
    arch: 'i386',
    method: 'register-dump',
    printedBy: 'arch/x86/kernel/process_32.c __show_regs / dumpstack.c show_ip (`EIP: %pS`)',
    example: 'EIP: native_safe_halt+0x5/0x10',
    pattern: /^EIP: (?:[0-9a-f]{4}:)?\S/,
  },
  {
    name: 'x86_64-syscall-entry',
    arch: 'x86_64',
    method: 'trace-frame',
    printedBy: 'arch/x86/entry/entry_64.S entry_SYSCALL_64 (≥4.2); 3.x arch/x86/kernel/entry_64.S system_call_fastpath',
    example: 'entry_SYSCALL_64_after_hwframe+0x76/0x7e',
    pattern: /^(?:\[<[0-9a-f]+>\] )?(?:\? )?(?:entry_SYSCALL_64\w*|system_call_fastpath)\+0x[0-9a-f]+\/0x/,
  },
  // ---- arm64 ----
  {
    name: 'arm64-pstate',
    arch: 'arm64',
    method: 'register-dump',
    printedBy: 'arch/arm64/kernel/process.c __show_regs / print_pstate (`pstate: %08llx (%c%c%c%c …)`)',
    example: 'pstate: 01400005 (nzcv daif +PAN -UAO -TCO +DIT -SSBS BTYPE=--)',
    pattern: /^pstate: [0-9a-f]{8}\b/,
  },
  {
    // 32-bit ARM prints `pc : [<%08lx>]    lr : [<%08lx>]    psr:`: a symbol, or 64-bit addresses, are arm64's.
    name: 'arm64-pc',
    arch: 'arm64',
    method: 'register-dump',
    printedBy: 'arch/arm64/kernel/process.c __show_regs (`pc : %pS`, ≤4.15 `pc : [<%016llx>] lr : [<%016llx>] pstate: %08llx`)',
    example: 'pc : queued_spin_lock_slowpath+0x5c/0x528',
    pattern: /^pc : (?:[^\s[]+\+0x[0-9a-f]+\/0x|\[<[0-9a-f]{16}>\])/,
  },
  {
    name: 'arm64-x29',
    arch: 'arm64',
    method: 'register-dump',
    printedBy: 'arch/arm64/kernel/process.c __show_regs (`x%-2d: %016llx`, from x29 down)',
    example: 'x29: ffff8000863d3720 x28: ffff0000c45a8ff8 x27: 0800000103b24003',
    pattern: /^x29: [0-9a-f]{16}/,
  },
  {
    name: 'arm64-el0-entry',
    arch: 'arm64',
    method: 'trace-frame',
    printedBy: 'arch/arm64/kernel/entry.S / entry-common.c (el0_svc, el0t_64_sync, el1h_64_irq; ≤5.x el0_sync, el1_irq)',
    example: 'el0t_64_sync+0x1a4/0x1a8',
    pattern: /^(?:\[<[0-9a-f]+>\] )?(?:el0_svc|el0t_64_sync|el0_sync|el1h_64_irq|el1_irq)\w*\+0x[0-9a-f]+\/0x/,
  },
  // ---- powerpc ----
  {
    // MSR_SF is 64-bit mode and MSR_LE little-endian: both set is ppc64le.
    name: 'ppc64le-msr',
    arch: 'ppc64le',
    method: 'register-dump',
    printedBy: 'arch/powerpc/kernel/process.c show_regs (`MSR:  %016lx <…>`, printbits(msr, msr_bits) names SF and LE)',
    example: 'MSR:  8000000000009033 <SF,EE,ME,IR,DR,RI,LE>  CR: 4800444f  XER: 00000000',
    pattern: /^MSR:\s+[0-9a-f]{16} <(?=[^>]*\bSF\b)(?=[^>]*\bLE\b)[^>]*>/,
  },
  {
    name: 'powerpc-msr',
    arch: 'powerpc',
    method: 'register-dump',
    printedBy: 'arch/powerpc/kernel/process.c show_regs (`MSR:  %lx <…>  CR: %08lx`)',
    example: 'MSR:  9000000000029033 <SF,HV,EE,ME,IR,DR,RI>  CR: 24002822  XER: 00000000',
    pattern: /^MSR:\s+[0-9a-f]{8,16} <[^>]*>\s+CR:/,
  },
  {
    name: 'powerpc-nip',
    arch: 'powerpc',
    method: 'register-dump',
    printedBy: 'arch/powerpc/kernel/process.c show_regs (`NIP:  %lx LR: %lx CTR: %lx`)',
    example: 'NIP:  c00000000000b01c LR: c00000000001bbd4 CTR: c000000000828840',
    pattern: /^NIP:\s+[0-9a-f]{8,16} LR: [0-9a-f]{8,16} CTR:/,
  },
  {
    name: 'powerpc-regs',
    arch: 'powerpc',
    method: 'register-dump',
    printedBy: 'arch/powerpc/kernel/process.c show_regs (`REGS: %px TRAP: %04lx   %s  (%s)`)',
    example: 'REGS: c0000000076c7d80 TRAP: 0100   Tainted: G           OE     (4.15.0-21-generic)',
    pattern: /^REGS: [0-9a-f]{8,16} TRAP: [0-9a-f]{4}/,
  },
  // ---- s390 ----
  {
    // 64-bit PSW mask and address (%px, 16 digits); 31-bit s390 printed 8.
    name: 's390x-psw',
    arch: 's390x',
    method: 'register-dump',
    printedBy: 'arch/s390/kernel/dumpstack.c show_registers (`Krnl PSW : %px %px`)',
    example: 'Krnl PSW : 0704c00180000000 000000000011bd1e (arch_spin_lock_wait+0x46/0xa0)',
    pattern: /^Krnl PSW : [0-9a-f]{16} [0-9a-f]{16}/,
  },
  // ---- the platform named by `Hardware name:` (dump_stack_set_arch_desc) ----
  {
    name: 'hardware-qemu-pc',
    arch: 'x86_64',
    method: 'hardware-name',
    printedBy: 'QEMU hw/i386/pc_piix.c, pc_q35.c SMBIOS product names; printed by lib/dump_stack.c dump_stack_print_info',
    example: 'Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.5.1 06/16/2021',
    pattern: /^Hardware name: .*\bStandard PC \((?:i440FX \+ PIIX|Q35 \+ ICH9)\b/,
  },
  {
    name: 'hardware-power',
    arch: 'powerpc',
    method: 'hardware-name',
    printedBy: 'arch/powerpc/kernel/setup-common.c (`… POWER9 … PowerNV` / `… pSeries`)',
    example: 'Hardware name: IBM pSeries (emulated by qemu) POWER9 (raw) 0x4e1202 0xf000005 of:SLOF,HEAD hv:linux,kvm pSeries',
    pattern: /^Hardware name: .*\bPOWER(?:[4-9]|1\d)\b.*\b(?:pSeries|PowerNV)\b/,
  },
  {
    name: 'hardware-s390',
    arch: 's390x',
    method: 'hardware-name',
    printedBy: 'arch/s390/kernel/setup.c setup_arch_desc (`IBM %4s %s %s (%s)`: machine type, model, LPAR/z/VM/KVM)',
    example: 'Hardware name: IBM 3906 M04 708 (z/VM 6.4.0)',
    pattern: /^Hardware name: IBM [0-9A-F]{4} \S+ \S+ \((?:LPAR|z\/VM[^)]*|KVM\/Linux)\)/,
  },
];

/** Release suffixes: RPM `%{_arch}` (`.x86_64`) and Debian flavour names (`-amd64`). */
export const ARCH_RELEASE_ROWS: ArchRow[] = [
  { name: 'release-aarch64', arch: 'arm64', method: 'release-suffix', printedBy: 'RPM/Debian kernel naming', example: '4.18.0-372.19.1.es8_10.aarch64', pattern: /[.-](?:aarch64|arm64)$/ },
  { name: 'release-x86_64', arch: 'x86_64', method: 'release-suffix', printedBy: 'RPM/Debian kernel naming', example: '5.14.0-362.8.1.el9_3.x86_64', pattern: /[.-](?:x86_64|amd64)$/ },
  { name: 'release-ppc64le', arch: 'ppc64le', method: 'release-suffix', printedBy: 'RPM/Debian kernel naming', example: '4.18.0-305.el8.ppc64le', pattern: /[.-](?:ppc64le|powerpc64le)$/ },
  { name: 'release-ppc64', arch: 'powerpc', method: 'release-suffix', printedBy: 'RPM kernel naming', example: '3.10.0-1160.el7.ppc64', pattern: /\.ppc64$/ },
  { name: 'release-s390x', arch: 's390x', method: 'release-suffix', printedBy: 'RPM/Debian kernel naming', example: '4.18.0-477.10.1.el8_8.s390x', pattern: /[.-]s390x$/ },
  { name: 'release-i686', arch: 'i386', method: 'release-suffix', printedBy: 'RPM/Debian kernel naming', example: '2.6.32-754.el6.i686', pattern: /[.-](?:i[3-6]86|686-pae)$/ },
  { name: 'release-riscv64', arch: 'riscv64', method: 'release-suffix', printedBy: 'RPM/Debian kernel naming', example: '6.1.0-9-riscv64', pattern: /[.-]riscv64$/ },
];

export interface ArchStatement {
  arch: Arch;
  method: ArchMethod;
  row: string;
}

const statement = (row: ArchRow): ArchStatement => ({ arch: row.arch, method: row.method, row: row.name });

/** The architecture a kernel message states, if it is one of the shapes above. */
export function archOfMessage(text: string): ArchStatement | undefined {
  const row = ARCH_LINE_ROWS.find((r) => r.pattern.test(text));
  return row ? statement(row) : undefined;
}

export function archOfRelease(release: string): ArchStatement | undefined {
  const row = ARCH_RELEASE_ROWS.find((r) => r.pattern.test(release));
  return row ? statement(row) : undefined;
}

/** A statement that narrows another down (`ppc64le` is a `powerpc`), not one that contradicts it. */
export const ARCH_REFINES: Partial<Record<Arch, Arch>> = { ppc64le: 'powerpc', s390x: 's390' };
