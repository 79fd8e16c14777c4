// x86_64 soft lockups answered from the oops `Code:` bytes and the register dump alone: the CPU
// index followed through every copy to the register that still holds it at RIP, flags from the
// register loaded from csd->flags, the csd addressed as base + index, a `Code:` line cut short.
// Fixtures: test/fixtures/waits/SOURCES.md.
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/engine.js';
import { decodeWindow, loadX86Decoder, parseCodeBytes } from '../../../src/analyze/waits/code-bytes.js';
import { x86_64 } from '../../../src/analyze/waits/isa/x86.js';
import { sourceFromText } from '../../../src/ingest/source.js';
import type { CsdLockWaitFinding } from '../../../src/report/types.js';
import { fixture } from './helpers.js';

async function csdOf(name: string, file = name): Promise<CsdLockWaitFinding> {
  const report = await analyze([sourceFromText(file, fixture(name))]);
  const found = report.findings.filter((f) => f.kind === 'csd-lock-wait') as CsdLockWaitFinding[];
  expect(found).toHaveLength(1);
  return found[0]!;
}

const registerTexts = (f: CsdLockWaitFinding) => f.evidence.map((e) => e.text);

describe('x86 instruction semantics for the CPU copy chain', () => {
  it('reads movslq/movsxd and 16-bit zero/sign extensions as copies, byte extensions and string moves not', () => {
    expect(x86_64.semantics('movslq', ['%ebp', '%rax'])).toMatchObject({ defs: ['rax'], copyFrom: 'rbp' });
    expect(x86_64.semantics('movsxd', ['%r12d', '%rdx'])).toMatchObject({ defs: ['rdx'], copyFrom: 'r12' });
    expect(x86_64.semantics('movzwl', ['%bx', '%ecx'])).toMatchObject({ defs: ['rcx'], copyFrom: 'rbx' });
    expect(x86_64.semantics('movzbl', ['%al', '%ecx'])).toEqual({ defs: ['rcx'] });
    expect(x86_64.semantics('movsq', [])).toEqual({ defs: ['rcx', 'rdi', 'rsi', 'rax'] });
  });
});

describe('Code: bytes', () => {
  it('keeps the whole bytes of a line cut short mid-byte and says what was dropped', () => {
    expect(parseCodeBytes('f3 90 <8b> 42 08 a8 01 75 f7 44 7')).toEqual({ bytes: [0xf3, 0x90, 0x8b, 0x42, 0x08, 0xa8, 0x01, 0x75, 0xf7, 0x44], ip: 2, cut: '7' });
    expect(parseCodeBytes('f3 90 <8b> 42 08 zz 01')).toBeUndefined();
  });

  it('prefers the decoding that does not start inside an instruction (no addb/REX.W byte op from a displacement)', async () => {
    // The window of x86-6.1-movslq-ebp.s starting inside `e8 37 00 00 00` (call _find_next_bit).
    const code = parseCodeBytes('00 00 00 39 05 b6 f3 a7 01 89 c5 76 21 48 63 c5 48 8b 3b 48 03 3c c5 00 e3 a3 82 8b 47 08 a8 01 74 cf f3 90 <8b> 57 08 83 e2 01 75 f6')!;
    const decoder = await loadX86Decoder();
    if (typeof decoder === 'string') throw new Error(decoder);
    const decoded = decodeWindow(code, { func: 'smp_call_function_many_cond', offset: 0x61, length: 0x77 }, decoder)!;
    expect(decoded[0]).toMatchObject({ address: 0x40, mnemonic: 'cmpl' });
    expect(decoded.map((i) => i.mnemonic)).not.toContain('addb');
  });
});

describe('x86_64 csd waits from Code: bytes (constructed from what the kernel prints)', () => {
  it('movslq %ebp,%rax: rax is overwritten by the flags load, ebp still holds the CPU → RBP', async () => {
    const f = await csdOf('constructed/x86-6.1-movslq-ebp.log');
    expect(f).toMatchObject({ waitingCpu: 3, targetCpu: 23, csdFlags: 0x11, csdFlagNames: ['CSD_FLAG_LOCK', 'CSD_TYPE_SYNC'], flagLayout: '>=5.8', method: 'code-bytes', confidence: 'high' });
    expect(registerTexts(f)).toEqual(expect.arrayContaining(['rbp: 0000000000000017', 'rax: 0000000000000011']));
    const derivation = f.derivation!.join('\n');
    expect(derivation).toMatch(/\+0x46 movl %eax, %ebp +; copy: rbp ← rax/);
    expect(derivation).toMatch(/\+0x4a movslq %ebp, %rax +; copy: rax ← rbp/);
    expect(derivation).toMatch(/pc: rbp still holds the CPU/);
  });

  it('a Code: line cut short mid-byte still decodes the whole instructions it holds', async () => {
    const f = await csdOf('constructed/x86-4.19-cut-code.log');
    expect(f).toMatchObject({ waitingCpu: 17, targetCpu: 42, csdFlags: 0x3, csdFlagNames: ['CSD_FLAG_LOCK', 'CSD_FLAG_SYNCHRONOUS'], flagLayout: '<=5.7', method: 'code-bytes' });
    // The callee-saved copy is named first; rdx holds the same CPU.
    expect(f.derivation!.join('\n')).toMatch(/pc: r12, rdx still hold the CPU/);
    expect(f['notes']).toEqual(expect.arrayContaining([expect.stringMatching(/Code: line was cut short after 56 whole bytes \('6' dropped\)/)]));
  });

  it('flags tested in place at base + index: walks both address registers to the per-CPU offset and finds the CPU in r13', async () => {
    const f = await csdOf('constructed/x86-6.8-inplace-test.log');
    expect(f).toMatchObject({ waitingCpu: 30, targetCpu: 7, csdFlags: null, method: 'code-bytes', flagLayout: '>=5.8' });
    expect(registerTexts(f)).toContain('r13: 0000000000000007');
    const derivation = f.derivation!.join('\n');
    expect(derivation).toMatch(/movq -0x7c8e5b00\(, %rax, 8\), %rax +; rax = per-CPU offset/);
    expect(derivation).toMatch(/testb \$1, 8\(%rdx, %rax\) +; address 0x8\[rdx, rax\*1\] = csd = rdx \(cfd->csd\) \+ per-CPU offset/);
    expect(f['notes']).toEqual(expect.arrayContaining(['the loop tests the flags in memory: their value is not in a register']));
  });
});

describe('Code: printed after the call trace (4.15-era show_regs())', () => {
  it('is still the event\'s code: CPU 4 in RAX after rcx took the flags, flags 0x3 in RCX', async () => {
    const f = await csdOf('constructed/x86-4.15-code-after-trace.log');
    expect(f).toMatchObject({ waitingCpu: 11, targetCpu: 4, csdFlags: 0x3, flagLayout: '<=5.7', method: 'code-bytes' });
    expect(registerTexts(f)).toEqual(expect.arrayContaining(['rax: 0000000000000004', 'rcx: 0000000000000003']));
  });
});

describe('x86_64 csd waits in real reports (field corpus copies)', () => {
  it('jailhouse-dev, 5.10, Code: line cut by the author: CPU 1 in RDI, flags 0x11 in RAX', async () => {
    const f = await csdOf('field/x86-csd-jailhouse-r7425-rcu/dmesg.txt', 'dmesg.txt');
    expect(f).toMatchObject({ waitingCpu: 0, targetCpu: 1, csdFlags: 0x11, csdFlagNames: ['CSD_FLAG_LOCK', 'CSD_TYPE_SYNC'], method: 'code-bytes' });
    expect(registerTexts(f)).toEqual(expect.arrayContaining(['rdi: 0000000000000001', 'rax: 0000000000000011']));
  });

  it('linux-fsdevel mail, 6.12, format=flowed wrapping: movslq %ebp,%rax then the flags load takes rax — CPU 1 in RBP', async () => {
    const f = await csdOf('field/x86-csd-oracle-6.12-hung-softlockup-panic/serial-console.txt', 'serial-console.txt');
    expect(f).toMatchObject({ waitingCpu: 10, targetCpu: 1, csdFlags: 0x11, method: 'code-bytes' });
    expect(registerTexts(f)).toEqual(expect.arrayContaining(['rbp: 0000000000000001', 'rax: 0000000000000011']));
    expect(f.derivation!.join('\n')).toMatch(/movslq %ebp, %rax +; copy: rax ← rbp/);
  });

  it('nuumio/xbuild-loop README, 4.15, Markdown-indented, Code: after the trace: CPU 2 in RAX', async () => {
    const f = await csdOf('field/x86-csd-ryzen-4.15-rcu-indented/README-excerpt.md', 'README-excerpt.md');
    expect(f).toMatchObject({ waitingCpu: 5, targetCpu: 2, method: 'code-bytes' });
    expect(registerTexts(f)).toContain('rax: 0000000000000002');
  });

  it('Linux Mint journal, 5.0: movslq %eax,%rcx then rcx overwritten by the flags: CPU 0 in RAX, flags not in a register', async () => {
    const f = await csdOf('field/x86-csd-ubuntu-journal-md-udevd/journal.txt', 'journal.txt');
    expect(f).toMatchObject({ waitingCpu: 7, targetCpu: 0, csdFlags: null, method: 'code-bytes', flagLayout: '<=5.7' });
    expect(registerTexts(f)).toContain('rax: 0000000000000000');
  });
});
