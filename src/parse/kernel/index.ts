// Kernel console parser: lockups, stalls, oopses, register dumps and call traces.
// (Being widened in issue 3; this entry point is what the ingest stage calls.)
import type { LineParser, LogLine, ParserContext, ParserFactory } from '../../model/records.js';

class KernelLogParser implements LineParser {
  readonly kind = 'kernel-log' as const;
  constructor(private readonly ctx: ParserContext) {}
  feed(line: LogLine): boolean {
    void this.ctx;
    return line.kernel;
  }
  end(): void {}
}

export const kernelLogParser: ParserFactory = {
  kind: 'kernel-log',
  create: (ctx) => new KernelLogParser(ctx),
};
