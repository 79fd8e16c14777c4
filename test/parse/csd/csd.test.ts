import { describe, expect, it } from 'vitest';
import { CSD_LINE_FORMATS } from '../../../src/parse/csd/formats.js';
import { CsdParser } from '../../../src/parse/csd/index.js';
import { emptyBundle, type KernelEvent } from '../../../src/model/records.js';
import { normaliseLine } from '../../../src/parse/prefix/normalise.js';

function parse(text: string): { events: KernelEvent[]; warnings: string[]; claimed: number } {
  const bundle = emptyBundle();
  const warnings: string[] = [];
  const parser = new CsdParser({ bundle, warn: (m) => warnings.push(m) });
  let claimed = 0;
  text.split('\n').forEach((t, i) => {
    if (parser.feed(normaliseLine({ input: 'dmesg', line: i + 1, text: t }))) claimed++;
  });
  parser.end();
  return { events: bundle.kernelEvents, warnings, claimed };
}

describe('csd debug line formats', () => {
  it.each(CSD_LINE_FORMATS.map((f) => [f.name, f]))('%s matches its own example', (_name, format) => {
    expect(format.pattern.test(format.example)).toBe(true);
  });
});

describe('CONFIG_CSD_LOCK_WAIT_DEBUG reports', () => {
  it('reads a ≥5.10 report with its state, continuation and resolution', () => {
    const { events, claimed } = parse(
      [
        '[ 4721.063421] smp: csd: Detected non-responsive CSD lock (#1) on CPU#3, waiting 5000000046 ns for CPU#05 flush_tlb_func+0x0/0x140(0xffffb8d1c3a4fd20).',
        '[ 4721.063427] smp: \tcsd: CSD lock (#1) unresponsive.',
        '[ 4726.063501] smp: csd: Continued non-responsive CSD lock (#1) on CPU#3, waiting 10000000133 ns for CPU#05 flush_tlb_func+0x0/0x140(0xffffb8d1c3a4fd20).',
        '[ 4726.063505] smp:         csd: CSD lock (#1) handling prior nohz_csd_func+0x0/0x40(0xffff88813bd2c940) request.',
        '[ 4729.412020] smp: csd: CSD lock (#1) got unstuck on CPU#03, CPU#05 released the lock.',
      ].join('\n'),
    );
    expect(claimed).toBe(5);
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ kind: 'csd-lock-timeout', cpu: 3, uptime: 4721.063421, details: { report: 'detected', target: 5, callback: 'flush_tlb_func+0x0/0x140', waitedNs: 5000000046, state: 'unresponsive', resolved: true, bugId: 1 } });
    expect(events[1]!.details).toMatchObject({ report: 'continued', waitedNs: 10000000133, state: 'handling-prior-request', priorCallback: 'nohz_csd_func+0x0/0x40', resolved: true });
  });

  it('reads the vendor-backport wording without the smp: prefix and with seconds', () => {
    const { events } = parse('csd: Detected non-responsive CSD lock (#2) on CPU#12, waiting 5.004 secs for CPU#07 do_nothing+0x0/0x10(0x0).');
    expect(events[0]).toMatchObject({ cpu: 12, details: { target: 7, callback: 'do_nothing+0x0/0x10', waitedNs: 5004000000 } });
  });

  it('keeps target -1 (irq_work/TTWU csds name no target) and the hex history lines', () => {
    const { events } = parse(
      [
        'smp: csd: Detected non-responsive CSD lock (#4) on CPU#130, waiting 5000000000 ns for CPU#-1 rto_push_irq_work_func+0x0/0xd0(0x0).',
        'smp: \tcsd: cnt(00056a3): ffff->0082 queue',
        'smp: \tcsd: cnt(00056a4): 0003->0082 ipi',
        'smp: \tcsd: cnt now: 00056b0',
      ].join('\n'),
    );
    expect(events[0]!.details).toMatchObject({ target: -1, history: '00056a3: none->130 queue; 00056a4: 3->130 ipi' });
  });

  it('warns about a state line whose report it never saw', () => {
    const { events, warnings } = parse('smp: \tcsd: CSD lock (#9) unresponsive.');
    expect(events).toEqual([]);
    expect(warnings[0]).toMatch(/#9 without its report/);
  });
});
