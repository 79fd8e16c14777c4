// CONFIG_CSD_LOCK_WAIT_DEBUG messages of kernel/smp.c (pr_fmt "smp: "; vendor backports may
// lack the prefix), one row per wording with a real example. Second-level lines start with a tab
// that consoles often render as spaces.

export type CsdLineKind = 'report' | 'state' | 'resend' | 'unstuck' | 'history' | 'history-now' | 'clock-backward';

export interface CsdLineFormat {
  name: string;
  kind: CsdLineKind;
  pattern: RegExp;
  example: string;
}

const PREFIX = String.raw`^\s*(?:smp: )?\s*csd: `;

export const CSD_LINE_FORMATS: readonly CsdLineFormat[] = [
  {
    // v5.10+: elapsed ns (%llu, %lld since ~6.8); target zero-padded, -1 for irq_work/TTWU csds.
    name: 'non-responsive-ns',
    kind: 'report',
    pattern: new RegExp(
      PREFIX +
        String.raw`(?<first>Detected|Continued) non-responsive CSD lock \(#(?<bug>\d+)\) on CPU#(?<cpu>\d+), waiting (?<ns>-?\d+) ns for CPU#(?<target>-?\d+) (?<callback>\S+?)\((?<info>[^)]*)\)\.?\s*$`,
    ),
    example: 'smp: csd: Detected non-responsive CSD lock (#1) on CPU#3, waiting 5000000059 ns for CPU#05 flush_tlb_func+0x0/0x3a0(0xffffc90000d4bd40).',
  },
  {
    // The first wording (v5.10-rc, kept by some vendor backports to 3.10/4.18): seconds with millis.
    name: 'non-responsive-secs',
    kind: 'report',
    pattern: new RegExp(
      PREFIX +
        String.raw`(?<first>Detected|Continued) non-responsive CSD lock \(#(?<bug>\d+)\) on CPU#(?<cpu>\d+), waiting (?<secs>\d+)\.(?<millis>\d+) secs for CPU#(?<target>-?\d+) (?<callback>\S+?)\((?<info>[^)]*)\)\.?\s*$`,
    ),
    example: 'csd: Detected non-responsive CSD lock (#1) on CPU#12, waiting 5.000 secs for CPU#07 do_nothing+0x0/0x10(0x0).',
  },
  {
    name: 'state-unresponsive',
    kind: 'state',
    pattern: new RegExp(PREFIX + String.raw`CSD lock \(#(?<bug>\d+)\) (?<state>unresponsive)\.?\s*$`),
    example: '\tcsd: CSD lock (#1) unresponsive.',
  },
  {
    name: 'state-handling-this',
    kind: 'state',
    pattern: new RegExp(PREFIX + String.raw`CSD lock \(#(?<bug>\d+)\) (?<state>handling this request)\.?\s*$`),
    example: '\tcsd: CSD lock (#1) handling this request.',
  },
  {
    name: 'state-handling-prior',
    kind: 'state',
    pattern: new RegExp(PREFIX + String.raw`CSD lock \(#(?<bug>\d+)\) (?<state>handling prior) (?<prior>\S+?)\((?<info>[^)]*)\) request\.?\s*$`),
    example: '\tcsd: CSD lock (#1) handling prior nohz_csd_func+0x0/0x40(0xffff88813bd2c940) request.',
  },
  {
    name: 're-sending',
    kind: 'resend',
    pattern: new RegExp(PREFIX + String.raw`Re-sending CSD lock \(#(?<bug>\d+)\) IPI from CPU#(?<cpu>\d+) to CPU#(?<target>\d+)\s*$`),
    example: 'smp: csd: Re-sending CSD lock (#1) IPI from CPU#03 to CPU#05',
  },
  {
    name: 'got-unstuck',
    kind: 'unstuck',
    pattern: new RegExp(PREFIX + String.raw`CSD lock \(#(?<bug>\d+)\) got unstuck on CPU#(?<cpu>\d+), CPU#(?<target>\d+) released the lock\.?\s*$`),
    example: 'smp: csd: CSD lock (#1) got unstuck on CPU#03, CPU#05 released the lock.',
  },
  {
    // csdlock_debug=ext (~5.17 to ~6.2): hex counter, hex source and destination CPUs (ffff = none).
    name: 'history',
    kind: 'history',
    pattern: new RegExp(PREFIX + String.raw`cnt\((?<cnt>[0-9a-f]+)\): (?<src>[0-9a-f]{4})->(?<dst>[0-9a-f]{4}) (?<event>.+?)\s*$`, 'i'),
    example: '\tcsd: cnt(00056a3): ffff->0005 ipi',
  },
  {
    name: 'history-now',
    kind: 'history-now',
    pattern: new RegExp(PREFIX + String.raw`cnt now: (?<cnt>[0-9a-f]+)\s*$`, 'i'),
    example: '\tcsd: cnt now: 00056b0',
  },
  {
    name: 'sched-clock-backward',
    kind: 'clock-backward',
    pattern: /^\s*(?:smp: )?sched_clock on CPU (?<cpu>\d+) went backward by (?<ns>\d+) ns/,
    example: 'smp: sched_clock on CPU 3 went backward by 1234 ns',
  },
];
