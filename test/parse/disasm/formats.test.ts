// gdb `disassemble /r` and objdump -dl listings of the same constructed x86 function.
import { describe, expect, it } from 'vitest';
import { findWaits } from '../../../src/analyze/waits/index.js';
import type { CsdLockWaitFinding } from '../../../src/report/types.js';
import { consoleEvent, context, fixture, parseListings } from '../../analyze/waits/helpers.js';

const host = { kernelRelease: '5.14.21-150400.24.46-default', arch: 'x86_64' as const };

describe('gdb disassemble /r', () => {
  const { listings, unclaimed } = parseListings(fixture('constructed/x86-5.14-scfmc.gdb.txt'), 'gdb.txt');
  it('reads the header, raw bytes, the => pc marker and the end of the dump', () => {
    expect(unclaimed).toEqual([]);
    expect(listings).toHaveLength(1);
    const [l] = listings;
    expect(l).toMatchObject({ func: 'smp_call_function_many_cond', format: 'gdb-disassemble', arch: 'x86_64', complete: true, length: 0x85 });
    expect(l!.instructions.find((i) => i.atPc)).toMatchObject({ offset: 110, mnemonic: 'mov', operands: ['0x8(%rcx)', '%edx'], size: 3, bytes: '8b 51 08' });
    expect(l!.instructions.find((i) => i.offset === 0x48)).toMatchObject({ mnemonic: 'call', callee: 'cpumask_next' });
  });
  it('gives the same answer as the objdump listing', () => {
    const f = findWaits(context([consoleEvent(fixture('constructed/x86-5.14-softlockup.log'))], listings, host)).find((x) => x.kind === 'csd-lock-wait') as CsdLockWaitFinding;
    expect(f).toMatchObject({ targetCpu: 11, csdFlags: 0x11, method: 'disassembly', confidence: 'high' });
  });
});

describe('objdump -dl', () => {
  it('keeps the source line of every instruction and the continuation bytes of long ones', () => {
    const { listings, unclaimed } = parseListings(fixture('constructed/x86-5.14-scfmc.objdump-dl.txt'), 'objdump-dl.txt');
    expect(unclaimed).toEqual([]);
    const [l] = listings;
    expect(l).toMatchObject({ complete: true, length: 0x85 });
    const add = l!.instructions.find((i) => i.offset === 0x5d)!;
    expect(add).toMatchObject({ mnemonic: 'add', size: 8, sourceLine: '/build/constructed/x86-5.14-scfmc.s: 33' });
  });
});
