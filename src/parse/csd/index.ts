// CONFIG_CSD_LOCK_WAIT_DEBUG lines → `csd-lock-timeout` events: one per Detected/Continued report,
// cpu = the waiting CPU, details = target, callback, elapsed ns, target state, resolution.
// State, re-send, unstuck and history lines are joined to their report by the bug id (#N).
import type { KernelEvent, LineParser, LogLine, ParserContext, ParserFactory } from '../../model/records.js';
import { MAX_KEPT_EVENTS } from '../kernel/parser.js';
import { CSD_LINE_FORMATS, type CsdLineFormat } from './formats.js';

type Details = Record<string, string | number | boolean>;

function match(text: string): { format: CsdLineFormat; g: Record<string, string | undefined> } | undefined {
  for (const format of CSD_LINE_FORMATS) {
    const m = format.pattern.exec(text);
    if (m) return { format, g: m.groups ?? {} };
  }
  return undefined;
}

const STATES: Record<string, string> = {
  unresponsive: 'unresponsive',
  'handling this request': 'handling-this-request',
  'handling prior': 'handling-prior-request',
};

export class CsdParser implements LineParser {
  readonly kind = 'kernel-log' as const;
  /** Latest report per bug id in this segment. */
  private readonly byBug = new Map<number, KernelEvent>();
  /** Reports kept and only counted (a csd storm repeats every few seconds): see MAX_KEPT_EVENTS. */
  private kept = 0;
  private unkept = 0;
  /** History lines carry no bug id: they follow the report they belong to. */
  private last: KernelEvent | undefined;

  constructor(private readonly ctx: ParserContext) {}

  feed(line: LogLine): boolean {
    const hit = match(line.message);
    if (!hit) return false;
    const { format, g } = hit;
    const bug = g['bug'] !== undefined ? Number(g['bug']) : undefined;
    const report = bug !== undefined ? this.byBug.get(bug) : undefined;
    switch (format.kind) {
      case 'report': {
        const ns = g['ns'] !== undefined ? Number(g['ns']) : Number(g['secs']) * 1e9 + Number(g['millis']!.padEnd(3, '0').slice(0, 3)) * 1e6;
        const details: Details = {
          bugId: bug!,
          report: g['first'] === 'Detected' ? 'detected' : 'continued',
          target: Number(g['target']),
          callback: g['callback']!,
          info: g['info']!,
          waitedNs: ns,
          resolved: false,
        };
        const event = this.event(line, Number(g['cpu']), details);
        this.byBug.set(bug!, event);
        this.last = event;
        if (this.kept < MAX_KEPT_EVENTS) {
          this.kept++;
          this.ctx.bundle.kernelEvents.push(event);
        } else {
          this.unkept++;
        }
        return true;
      }
      case 'state':
        if (report?.details) {
          report.details['state'] = STATES[g['state']!] ?? g['state']!;
          if (g['prior']) report.details['priorCallback'] = g['prior'];
          report.endLine = line.line;
        } else this.ctx.warn(`line ${line.line}: csd state line for lock #${bug} without its report`);
        return true;
      case 'resend':
        if (report?.details) {
          report.details['resent'] = true;
          report.endLine = line.line;
        }
        return true;
      case 'unstuck': {
        // Every report of this lock resolved; keep a record even when the report itself was not captured.
        const matching = this.ctx.bundle.kernelEvents.filter((e) => e.kind === 'csd-lock-timeout' && e.details?.['bugId'] === bug && e.cpu === Number(g['cpu']));
        for (const e of matching) e.details!['resolved'] = true;
        if (matching.length === 0) {
          this.ctx.bundle.kernelEvents.push(this.event(line, Number(g['cpu']), { bugId: bug!, report: 'unstuck', target: Number(g['target']), resolved: true }));
        }
        return true;
      }
      case 'history': {
        const owner = this.last;
        if (owner?.details) {
          const entry = `${g['cnt']}: ${cpuText(g['src']!)}->${cpuText(g['dst']!)} ${g['event']}`;
          owner.details['history'] = owner.details['history'] ? `${owner.details['history']}; ${entry}` : entry;
          owner.endLine = line.line;
        }
        return true;
      }
      case 'history-now':
      case 'clock-backward':
        return true;
    }
  }

  private event(line: LogLine, cpu: number, details: Details): KernelEvent {
    const event: KernelEvent = {
      kind: 'csd-lock-timeout',
      cpu,
      source: { input: line.input, line: line.line },
      message: line.message.trim(),
      details,
    };
    if (line.uptime !== undefined) event.uptime = line.uptime;
    if (line.local) event.local = line.local;
    if (line.utcMillis !== undefined) event.utcMillis = line.utcMillis;
    if (line.host) event.host = line.host;
    return event;
  }

  end(): void {
    this.byBug.clear();
    this.last = undefined;
    if (this.unkept > 0) this.ctx.warn(`more than ${MAX_KEPT_EVENTS} csd-lock reports: the first ${MAX_KEPT_EVENTS} are analysed, ${this.unkept} more only counted`);
    this.unkept = 0;
  }
}

/** `ffff` is "no CPU" in the history lines; others are hex CPU numbers. */
function cpuText(hex: string): string {
  return hex.toLowerCase() === 'ffff' ? 'none' : String(parseInt(hex, 16));
}

export const csdParser: ParserFactory = {
  kind: 'kernel-log',
  create: (ctx) => new CsdParser(ctx),
  // Every row starts like PREFIX in formats.ts, in any program's message; two rows ignore case.
  fastLane: { reads: 'all-lines', opens: /\s*(?:[Ss][Mm][Pp]: )?\s*[Cc][Ss][Dd]: / },
};
