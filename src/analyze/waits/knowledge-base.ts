// Register roles learnt for specific kernel builds: used only when release, function, pc offset
// and function length all match, and then with medium confidence (the dump is from the same
// build, but the listing that proved the roles is not part of this analysis).
// Each entry says where it came from; test/analyze/waits/knowledge-base.test.ts re-derives every
// entry that has a listing fixture with the disassembly dataflow.

export interface KnowledgeEntry {
  release: string;
  arch: 'arm64' | 'x86_64';
  func: string;
  offset: number;
  length: number;
  cpuReg: string;
  flagsReg: string;
  flagsOffset: number;
  /** Where the roles were established. */
  source: string;
  /** Fixture with the listing that proves the entry (relative to test/fixtures/waits). */
  fixture?: string;
}

export const KNOWLEDGE_BASE: readonly KnowledgeEntry[] = [
  {
    release: '4.18.0-372.19.1.es8_10.aarch64',
    arch: 'arm64',
    func: 'smp_call_function_many_cond',
    offset: 0x34c,
    length: 0x3a0,
    cpuReg: 'x0',
    flagsReg: 'x1',
    flagsOffset: 0x18,
    source:
      'ktriage disassembly dataflow over the crash `dis -l smp_call_function_many_cond` listing of the 2024-03-27 incident write-up (cpu = cpumask_next result in w0 at +772, flags = ldar w1 at +844)',
    fixture: 'incident-2024-03-27/dis-smp_call_function_many_cond.txt',
  },
];

export function lookupKnowledge(release: string | undefined, func: string, offset: number, length: number): KnowledgeEntry | undefined {
  if (!release) return undefined;
  return KNOWLEDGE_BASE.find((e) => e.release === release.trim() && e.func === func && e.offset === offset && e.length === length);
}
