// Every knowledge-base entry with a listing fixture must be what the dataflow derives from it:
// the entries are learnt, not typed in.
import { describe, expect, it } from 'vitest';
import { deriveCsdRegisters } from '../../../src/analyze/waits/csd-dataflow.js';
import { Flow } from '../../../src/analyze/waits/dataflow.js';
import { arm64 } from '../../../src/analyze/waits/isa/arm64.js';
import { x86_64 } from '../../../src/analyze/waits/isa/x86.js';
import { KNOWLEDGE_BASE, lookupKnowledge } from '../../../src/analyze/waits/knowledge-base.js';
import { findWaits } from '../../../src/analyze/waits/index.js';
import type { CsdLockWaitFinding } from '../../../src/report/types.js';
import { consoleEvent, context, fixture, parseListings } from './helpers.js';

describe('knowledge base', () => {
  it.each(KNOWLEDGE_BASE.filter((e) => e.fixture).map((e) => [`${e.release} ${e.func}+0x${e.offset.toString(16)}`, e]))('%s is re-derived from its listing', (_name, entry) => {
    const listing = parseListings(fixture(entry.fixture!)).listings.find((l) => l.func === entry.func)!;
    const flow = new Flow(listing, entry.arch === 'arm64' ? arm64 : x86_64);
    const derived = deriveCsdRegisters(flow, flow.indexOf(entry.offset)!);
    expect(derived.ok).toBe(true);
    if (!derived.ok) return;
    expect(derived.cpuRegs[0]).toBe(entry.cpuReg);
    expect(derived.flagsRegs[0]).toBe(entry.flagsReg);
    expect(derived.flagsOffset).toBe(entry.flagsOffset);
  });

  it('matches only the exact build, function, offset and length', () => {
    const e = KNOWLEDGE_BASE[0]!;
    expect(lookupKnowledge(e.release, e.func, e.offset, e.length)).toBe(e);
    expect(lookupKnowledge(e.release, e.func, e.offset, e.length + 4)).toBeUndefined();
    expect(lookupKnowledge(`${e.release}.debug`, e.func, e.offset, e.length)).toBeUndefined();
    expect(lookupKnowledge(undefined, e.func, e.offset, e.length)).toBeUndefined();
  });

  it('answers with medium confidence when the listing is missing but the build matches', () => {
    const event = consoleEvent(fixture('incident-2024-03-27/console-softlockup.log'));
    const f = findWaits(context([event], [], { kernelRelease: KNOWLEDGE_BASE[0]!.release, arch: 'arm64' })).find((x) => x.kind === 'csd-lock-wait') as CsdLockWaitFinding;
    expect(f).toMatchObject({ waitingCpu: 65, targetCpu: 0, csdFlags: 3, method: 'knowledge-base', confidence: 'medium' });
  });

  it('says unknown for the same dump from another build of that kernel', () => {
    const event = consoleEvent(fixture('incident-2024-03-27/console-softlockup.log'));
    const f = findWaits(context([event], [], { kernelRelease: '4.18.0-372.9.1.el8.aarch64', arch: 'arm64' })).find((x) => x.kind === 'csd-lock-wait') as CsdLockWaitFinding;
    expect(f.targetCpu).toBeNull();
    expect(f.method).toBe('heuristic');
    expect(f.csdFlagNames).toEqual([]);
  });
});
