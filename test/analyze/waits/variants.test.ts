// Variants the reference incident does not cover: other CPUs and registers, a newer kernel's
// flag layout, a listing of another build, x86 Code: bytes, nothing conclusive.
import { describe, expect, it } from 'vitest';
import { findWaits } from '../../../src/analyze/waits/index.js';
import { decodeCodeBytes } from '../../../src/analyze/waits/code-bytes.js';
import { emptyBundle } from '../../../src/model/records.js';
import type { CsdLockWaitFinding } from '../../../src/report/types.js';
import { consoleEvent, context, event, fixture, parseListings, registers } from './helpers.js';

const csd = (findings: ReturnType<typeof findWaits>) => findings.find((f) => f.kind === 'csd-lock-wait') as CsdLockWaitFinding;
const REF_LISTING = () => parseListings(fixture('incident-2024-03-27/dis-smp_call_function_many_cond.txt')).listings;
const RHEL8 = { kernelRelease: '4.18.0-425.3.1.el8.aarch64', arch: 'arm64' as const };

function arm64Dump(values: Record<string, string>): Record<string, string> {
  const regs: Record<string, string> = {};
  for (let i = 0; i <= 30; i++) regs[`x${i}`] = '0000000000000000';
  return { ...regs, ...values };
}

/** Pointer-like values everywhere, as in a real dump, so only the planted values stand out. */
function realisticDump(values: Record<string, string>): Record<string, string> {
  const regs: Record<string, string> = {};
  for (let i = 0; i <= 30; i++) regs[`x${i}`] = `ffff8000${(0x11b7d718 + i * 0x1040).toString(16).padStart(8, '0')}`;
  return { ...regs, ...values };
}

describe('≤5.7 listing, other CPUs and values', () => {
  it('reads CPU 47 from x0 = 0x2f and flags from w1 for waiter CPU 3', () => {
    const e = event({ kind: 'soft-lockup', cpu: 3, pc: 'smp_call_function_many_cond+0x34c/0x3a0', registers: arm64Dump({ x0: '000000000000002f', x1: '0000000000000003', x2: 'ffff2f3e7d9a4518', x24: '0000000000000003' }) });
    const f = csd(findWaits(context([e], REF_LISTING(), RHEL8)));
    expect(f).toMatchObject({ waitingCpu: 3, targetCpu: 47, csdFlags: 3, method: 'disassembly', confidence: 'high', flagLayout: '<=5.7' });
  });

  it('treats flags 0x1 as LOCK only and never names the waiter itself', () => {
    const e = event({ kind: 'soft-lockup', cpu: 9, pc: 'smp_call_function_many_cond+0x34c/0x3a0', registers: arm64Dump({ x0: '0000000000000009', x1: '0000000000000001', x2: 'ffff2f3e7d9a4518' }) });
    const f = csd(findWaits(context([e], REF_LISTING(), RHEL8)));
    expect(f.targetCpu).toBeNull();
    expect(f.csdFlagNames).toEqual(['CSD_FLAG_LOCK']);
    expect(f['notes']).toEqual(expect.arrayContaining([expect.stringContaining('is the waiting CPU itself')]));
  });

  it('reads the flag layout from the code when the kernel release is unknown (flags at csd+0x18: <=5.7)', () => {
    const e = event({ kind: 'soft-lockup', cpu: 3, pc: 'smp_call_function_many_cond+0x34c/0x3a0', registers: arm64Dump({ x0: '0000000000000005', x1: '0000000000000003', x2: 'ffff2f3e7d9a4518' }) });
    const f = csd(findWaits(context([e], REF_LISTING(), { arch: 'arm64' })));
    expect(f).toMatchObject({ targetCpu: 5, csdFlags: 3, csdFlagNames: ['CSD_FLAG_LOCK', 'CSD_FLAG_SYNCHRONOUS'], flagLayout: '<=5.7' });
    expect(f['notes']).toEqual(expect.arrayContaining([expect.stringContaining('read from the code: the loop tests csd+0x18')]));
  });

  it('rejects the listing when pc falls between its instructions (another build)', () => {
    const e = event({ kind: 'soft-lockup', cpu: 3, pc: 'smp_call_function_many_cond+0x34e/0x3a0', registers: arm64Dump({ x0: '0000000000000002', x1: '0000000000000003' }) });
    const f = csd(findWaits(context([e], REF_LISTING(), RHEL8)));
    expect(f.targetCpu).toBeNull();
    expect(f.method).not.toBe('disassembly');
    expect(f['notes']).toEqual(expect.arrayContaining([expect.stringMatching(/rejected: .*falls inside an instruction/)]));
  });
});

describe('≥5.8 KCOV-style listing: flags at csd+0x8, CPU kept in callee-saved x23', () => {
  const listing = () => parseListings(fixture('constructed/arm64-5.10-kcov.dis'), 'arm64-5.10-kcov.dis').listings;
  const dump = fixture('constructed/arm64-5.10-softlockup.log');
  const host = { kernelRelease: '5.10.0-60.18.0.50.oe2203.aarch64', arch: 'arm64' as const };

  it('parses the listing as complete with its length', () => {
    const [l] = listing();
    expect(l).toMatchObject({ complete: true, length: 0xf0, arch: 'arm64' });
  });

  it('finds CPU 47 in x23 (x0 is clobbered by the coverage call) and flags 0x11 = LOCK|TYPE_SYNC', () => {
    const f = csd(findWaits(context([consoleEvent(dump)], listing(), host)));
    expect(f).toMatchObject({ waitingCpu: 12, targetCpu: 47, csdFlags: 0x11, csdFlagNames: ['CSD_FLAG_LOCK', 'CSD_TYPE_SYNC'], flagLayout: '>=5.8', method: 'disassembly', confidence: 'high' });
    expect(f.evidence.map((e) => e.text)).toEqual(expect.arrayContaining(['x23: 000000000000002f', 'x1: 0000000000000011']));
    expect(f.derivation!.join('\n')).toMatch(/add x28, x1, #0x8/);
  });

  it('rejects the same listing for a pc line of another build (length mismatch)', () => {
    const other = dump.replace(/\/0xf0/g, '/0x100');
    const f = csd(findWaits(context([consoleEvent(other)], listing(), host)));
    expect(f.targetCpu).toBeNull();
    expect(f.method).toBe('heuristic');
    expect(f['notes']).toEqual(expect.arrayContaining([expect.stringMatching(/function length 0xf0 in the listing differs from 0x100/)]));
    expect(f.candidates?.some((c) => c.method === 'heuristic')).toBe(true);
  });

  it('lowers confidence when the flags offset contradicts the kernel layout', () => {
    const f = csd(findWaits(context([consoleEvent(dump)], listing(), { kernelRelease: '4.19.90-2102.2.0.0062.oe1.aarch64', arch: 'arm64' })));
    expect(f.confidence).toBe('medium');
    expect(f['notes']).toEqual(expect.arrayContaining([expect.stringContaining('the <=5.7 layout has them at +0x18')]));
  });
});

describe('x86_64', () => {
  const dump = fixture('constructed/x86-5.14-softlockup.log');
  const host = { kernelRelease: '5.14.21-150400.24.46-default', arch: 'x86_64' as const };

  it('derives the target from an objdump -d listing (CPU in r12, flags in eax)', () => {
    const { listings } = parseListings(fixture('constructed/x86-5.14-scfmc.objdump.txt'), 'scfmc.objdump');
    expect(listings[0]).toMatchObject({ arch: 'x86_64', complete: true, length: 0x85 });
    const f = csd(findWaits(context([consoleEvent(dump)], listings, host)));
    expect(f).toMatchObject({ waitingCpu: 7, targetCpu: 11, csdFlags: 0x11, method: 'disassembly', confidence: 'high' });
    expect(f.evidence.map((e) => e.text)).toEqual(expect.arrayContaining(['r12: 000000000000000b', 'rax: 0000000000000011']));
  });

  it('resolves a soft lockup from the Code: bytes alone', async () => {
    const e = consoleEvent(dump);
    const bundle = emptyBundle();
    bundle.kernelEvents.push({ ...e, details: e['details'] as Record<string, string> });
    expect(await decodeCodeBytes(bundle)).toEqual([]);
    expect(bundle.listings[0]).toMatchObject({ format: 'code-bytes', arch: 'x86_64' });
    const f = csd(findWaits(context([e], bundle.listings, host)));
    expect(f).toMatchObject({ waitingCpu: 7, targetCpu: 11, csdFlags: 0x11, csdFlagNames: ['CSD_FLAG_LOCK', 'CSD_TYPE_SYNC'], method: 'code-bytes' });
    expect(f.confidence).not.toBe('low');
    const derivation = f.derivation!.join('\n');
    expect(derivation).toMatch(/\+0x5d addq -0x7d5c1d00\(, %rax, 8\), %rcx .*index rax is the CPU/);
    expect(derivation).toMatch(/\+0x53 movl %eax, %r12d/);
    expect(derivation).toMatch(/\+0x48 callq/);
  });
});

describe('nothing conclusive', () => {
  it('says unknown and keeps the heuristic candidate in the details', () => {
    const e = event({ kind: 'soft-lockup', cpu: 20, pc: 'smp_call_function_many_cond+0x1a4/0x3e0', registers: realisticDump({ x0: '0000000000000006', x3: '0000000000000006', x19: '0000000000000006', x1: '0000000000000011' }) });
    const f = csd(findWaits(context([e], [], { kernelRelease: '6.1.0-18-arm64', arch: 'arm64' })));
    expect(f.targetCpu).toBeNull();
    expect(f.confidence).toBe('low');
    expect(f.method).toBe('heuristic');
    expect(f.summary).toMatch(/unknown CPU/);
    expect(f.candidates).toEqual([expect.objectContaining({ method: 'heuristic', targetCpu: 6, csdFlags: 0x11 })]);
    expect(f['notes']).toEqual(expect.arrayContaining([expect.stringContaining('no disassembly listing')]));
  });
});
void registers;
