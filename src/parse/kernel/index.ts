// Kernel console parser: lockups, stalls, oopses, hardware errors, register dumps and call
// traces, from any line prefix the prefix table understands. This is what ingest calls.
import type { LineParser, ParserFactory } from '../../model/records.js';
import { KernelConsoleParser } from './parser.js';
import { KERNEL_OPENS, KERNEL_WAKE } from './wake.js';

export const kernelLogParser: ParserFactory = {
  kind: 'kernel-log',
  create: (ctx): LineParser => {
    const parser = new KernelConsoleParser(ctx);
    return {
      kind: 'kernel-log',
      feed: (line) => parser.feed(line),
      end: () => parser.end(),
      resting: () => parser.resting(),
      wakeNow: () => parser.wakeNow(),
      skimmed: (run) => parser.skimmed(run.kernelLines, run.kernelMessages),
      wantsKernelMessages: () => parser.wantsKernelMessages(),
      counted: (lines) => parser.counted(lines),
      settled: () => parser.settled(),
    };
  },
  fastLane: { reads: 'kernel-messages', wake: KERNEL_WAKE, opens: KERNEL_OPENS },
};

export { consolidateKernelEvents } from './episodes.js';
