// The fast lane: most of a week of /var/log/messages is lines no parser needs one by one (a
// daemon's chatter, kernel noise between incidents). Such a line is counted and skipped instead
// of being normalised and offered to every parser, and the report stays identical to the full
// path's (test/ingest/fast-lane.test.ts compares both on every fixture and on the corpus).
//
// A line is skimmed only when all of this holds:
// - it is a `bsd-syslog` line of the same host and the same ten-minute window of the clock as
//   the last line the full path read, so no gap, boot or new host can hide in it (a gap is 30
//   minutes; boots have wake tokens);
// - every parser that reads such lines has a fast-lane contract (model/records.ts), is resting,
//   and finds none of its wake tokens in it; kernel messages also need the kernel parser at
//   rest and no printk timestamp;
// - the line after it starts a record too, so no terminal-wrapped continuation is glued to it.
// Skimmed lines are reported to the parsers in runs (`skimmed`), before the next line that
// takes the full path.
import type { LineParser, LogLine, ParserFactory, SkimmedRun } from '../model/records.js';
import { normaliseLine } from '../parse/prefix/normalise.js';

/** `Mon dd hh:m` of a bsd-syslog line, with its `<PRI>`: the window a run shares. */
const WINDOW = /^(?:<\d{1,3}>)?[A-Z][a-z]{2} {1,2}\d{1,2} \d\d:\d/;
/** Any bsd-syslog line (the row of prefix/table.ts): a line that starts a record. */
const SYSLOG_RECORD = /(?:<\d{1,3}>)?[A-Z][a-z]{2} {1,2}\d{1,2} \d\d:\d\d:\d\d(?:\.\d+)? \S+ [^\s:[]+(?:\[\d+\])?: ?/y;

function startsSyslogRecord(text: string, at: number): boolean {
  SYSLOG_RECORD.lastIndex = at;
  return SYSLOG_RECORD.test(text);
}

const TRAILING_BLANKS = /\s+$/;

/** Run patterns kept per input: windows change every ten minutes of log, hosts rarely. */
const MAX_CACHED_RUNS = 32;

export interface LaneSink {
  /** One whole line (without its break) through the full path. */
  full(raw: string): void;
  /** The full path consumes the line it holds back (the wrap joiner's). */
  settle(): void;
  /** Accounts for skimmed lines; `lines` numbers them and returns the last one's number. */
  skimmed(lines: number, run: (lastLine: number) => SkimmedRun): void;
  /** False inside a pasted Markdown block, whose lines are accounted one by one. */
  open(): boolean;
  parsers(): readonly LineParser[];
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface RunPatterns {
  /** One line of another program than `kernel` and the programs contracts name. */
  plain: RegExp;
  /** One kernel message line. */
  kernel: RegExp;
  /** As many `plain` lines in a row as there are, with their messages. */
  bulk: RegExp;
}

export class FastLane {
  private readonly allWake: RegExp | undefined;
  private readonly allOpens: RegExp | undefined;
  private readonly kernelWake: RegExp | undefined;
  private readonly kernelOpens: RegExp | undefined;
  private readonly excluded: string;
  private readonly allOpensSource: string | undefined;
  private readonly runs = new Map<string, RunPatterns>();

  /** The last line the full path consumed, and whether state must be read again. */
  private last: LogLine | undefined;
  private stale = true;
  /** The full path may hold a line back (the wrap joiner waits for the next one). */
  private held = true;

  private run: RunPatterns | undefined;
  private kernelResting = false;
  /** Wake tokens parsers need in their current state, for every line and for kernel messages. */
  private dynamicWake: RegExp[] = [];
  private kernelDynamicWake: RegExp[] = [];
  /** Set by `match`: the line is a kernel message. */
  private kernelLine = false;
  /** The next wake token at or after `wakeFrom` in the current chunk: one scan serves many lines. */
  private wakeAt = -1;

  private skimLines = 0;
  private skimKernel = 0;
  /** A parser keeps kernel messages' text: skimmed ones are handed over with the run. */
  private collectKernel = false;
  private kernelMessages: string[] = [];
  /** The last skimmed line, which stands for the run. */
  private lastStart = 0;
  private lastEnd = 0;
  /** Set by `bulk`: its last line, not skimmed yet. */
  private bulkStart = 0;
  private bulkEnd = 0;

  private constructor(
    private readonly factories: readonly ParserFactory[],
    private readonly input: string,
    private readonly maxLineChars: number,
  ) {
    const contracts = factories.map((factory) => factory.fastLane!);
    const union = (reads: string, key: 'wake' | 'opens') => {
      const sources = [...new Set(contracts.filter((c) => c.reads === reads && c[key]).map((c) => `(?:${c[key]!.source})`))];
      return sources.length > 0 ? sources.join('|') : undefined;
    };
    const regex = (source: string | undefined, flags: string) => (source ? new RegExp(source, flags) : undefined);
    this.allWake = regex(union('all-lines', 'wake'), 'g');
    this.allOpensSource = union('all-lines', 'opens');
    this.allOpens = regex(this.allOpensSource, 'y');
    this.kernelWake = regex(union('kernel-messages', 'wake'), '');
    this.kernelOpens = regex(union('kernel-messages', 'opens'), 'y');
    this.excluded = ['kernel', ...new Set(contracts.flatMap((c) => c.programs ?? []))].map(escape).join('|');
  }

  /** A lane for these parsers, or none when one of them reads every line. */
  static create(factories: readonly ParserFactory[], input: string, maxLineChars: number): FastLane | undefined {
    if (!factories.every((factory) => factory.fastLane)) return undefined;
    return new FastLane(factories, input, maxLineChars);
  }

  /** The full path consumed a line (undefined for a fence line). */
  observe(line: LogLine | undefined): void {
    this.last = line;
    this.stale = true;
  }

  /** Lines of `text` from `from` to `to`, which are whole lines (`to` is just after a break), without CR. */
  push(text: string, from: number, to: number, sink: LaneSink): void {
    this.held = true;
    this.wakeAt = -1;
    let pendingStart = -1;
    let pendingEnd = -1;
    let pendingKernel = false;
    let pendingMessage = -1;
    for (let p = from; p < to; ) {
      const nl = text.indexOf('\n', p);
      let message = this.match(text, p, nl, sink);
      if (this.held && (message >= 0 || (this.stale && startsSyslogRecord(text, p)))) {
        // The line starts a record, so whatever the full path holds is complete: let it be read,
        // then look at the state again.
        sink.settle();
        this.held = false;
        if (this.stale) {
          this.refresh(sink);
          message = this.match(text, p, nl, sink);
        }
      }
      if (pendingStart >= 0) {
        if (message >= 0) this.skim(text, pendingStart, pendingEnd, pendingKernel ? pendingMessage : -1);
        else this.full(text, pendingStart, pendingEnd, sink);
        pendingStart = -1;
      }
      if (message >= 0 && !this.kernelLine && this.dynamicWake.length === 0) {
        // A stretch of plain lines in one native match; the last waits for its successor.
        const end = this.bulk(text, p, to);
        if (end > p) {
          pendingStart = this.bulkStart;
          pendingEnd = this.bulkEnd;
          pendingKernel = false;
          p = end;
          continue;
        }
      }
      if (message >= 0 && this.skimmable(text, p, message, nl, to)) {
        pendingStart = p;
        pendingEnd = nl;
        pendingKernel = this.kernelLine;
        pendingMessage = message;
      } else {
        this.full(text, p, nl, sink);
      }
      p = nl + 1;
    }
    // The last line's successor is not known yet: it takes the full path.
    if (pendingStart >= 0) this.full(text, pendingStart, pendingEnd, sink);
    this.flush(text, sink);
  }

  /** Where the message of a run line starts, or -1 when the line is not one. */
  private match(text: string, start: number, end: number, sink: LaneSink): number {
    if (this.stale && !this.held) this.refresh(sink);
    const run = this.run;
    if (!run || end - start > this.maxLineChars) return -1;
    run.plain.lastIndex = start;
    if (run.plain.test(text)) {
      this.kernelLine = false;
      return run.plain.lastIndex;
    }
    run.kernel.lastIndex = start;
    if (run.kernel.test(text)) {
      this.kernelLine = true;
      return run.kernel.lastIndex;
    }
    return -1;
  }

  private wakeBefore(text: string, start: number, end: number, to: number): boolean {
    if (!this.allWake) return false;
    if (this.wakeAt < start) {
      this.allWake.lastIndex = start;
      const hit = this.allWake.exec(text);
      this.wakeAt = hit && hit.index < to ? hit.index : to;
    }
    return this.wakeAt < end;
  }

  private skimmable(text: string, start: number, message: number, end: number, to: number): boolean {
    if (this.wakeBefore(text, start, end, to)) return false;
    if (this.kernelLine) {
      // Plain lines were matched with the opening tokens excluded already.
      if (!this.kernelResting || text.charCodeAt(message) === 0x5b) return false;
      if (this.opensAt(this.allOpens, text, message) || this.opensAt(this.kernelOpens, text, message)) return false;
      const body = text.slice(message, end);
      if (this.kernelWake?.test(body) || this.kernelDynamicWake.some((wake) => wake.test(body))) return false;
    }
    if (this.dynamicWake.length > 0) {
      const body = text.slice(message, end);
      if (this.dynamicWake.some((wake) => wake.test(body))) return false;
    }
    return true;
  }

  private opensAt(opens: RegExp | undefined, text: string, message: number): boolean {
    if (!opens) return false;
    opens.lastIndex = message;
    return opens.test(text);
  }

  /**
   * Skims the plain lines from `start` on, up to the first with a wake token or a line too long;
   * the last one is left in lastStart/lastEnd, unskimmed, as its successor is not known yet.
   * Returns where it stopped (`start` when it did nothing).
   */
  private bulk(text: string, start: number, to: number): number {
    const bulk = this.run!.bulk;
    bulk.lastIndex = start;
    if (!bulk.test(text)) return start;
    let end = Math.min(bulk.lastIndex, to);
    if (this.wakeBefore(text, start, end, to)) end = text.lastIndexOf('\n', this.wakeAt) + 1;
    let count = 0;
    for (let q = start; q < end; ) {
      const nl = text.indexOf('\n', q);
      if (nl - q > this.maxLineChars) break;
      if (count > 0) this.skim(text, this.bulkStart, this.bulkEnd, -1);
      this.bulkStart = q;
      this.bulkEnd = nl;
      count++;
      q = nl + 1;
    }
    return count === 0 ? start : this.bulkEnd + 1;
  }

  /** `message`: where a kernel message starts, -1 for another program's line. */
  private skim(text: string, start: number, end: number, message: number): void {
    this.skimLines++;
    if (message >= 0) {
      this.skimKernel++;
      if (this.collectKernel) this.kernelMessages.push(text.slice(message, end).replace(TRAILING_BLANKS, ''));
    }
    this.lastStart = start;
    this.lastEnd = end;
  }

  private full(text: string, start: number, end: number, sink: LaneSink): void {
    this.flush(text, sink);
    sink.full(text.slice(start, end));
    this.held = true;
  }

  private flush(text: string, sink: LaneSink): void {
    if (this.skimLines === 0) return;
    const lines = this.skimLines;
    const kernelLines = this.skimKernel;
    const kernelMessages = this.kernelMessages;
    const lastText = text.slice(this.lastStart, this.lastEnd);
    this.skimLines = 0;
    this.skimKernel = 0;
    this.kernelMessages = [];
    sink.skimmed(lines, (lastLine) => ({ lines, kernelLines, kernelMessages, last: normaliseLine({ input: this.input, line: lastLine, text: lastText }) }));
  }

  /** Reads the parsers' state after the full path consumed lines. */
  private refresh(sink: LaneSink): void {
    this.stale = false;
    this.run = undefined;
    const parsers = sink.parsers();
    let allResting = true;
    let kernelResting = true;
    const dynamic: RegExp[] = [];
    const kernelDynamic: RegExp[] = [];
    this.collectKernel = false;
    parsers.forEach((parser, i) => {
      this.collectKernel ||= parser.wantsKernelMessages?.() ?? false;
      const resting = parser.resting?.() ?? true;
      const readsAll = this.factories[i]!.fastLane!.reads === 'all-lines';
      if (readsAll) allResting &&= resting;
      else kernelResting &&= resting;
      const wake = parser.wakeNow?.();
      if (wake) (readsAll ? dynamic : kernelDynamic).push(wake);
    });
    this.kernelResting = kernelResting;
    this.dynamicWake = dynamic;
    this.kernelDynamicWake = kernelDynamic;
    const last = this.last;
    if (!allResting || !sink.open() || !last || last.prefix !== 'bsd-syslog' || !last.host || !last.local) return;
    const window = WINDOW.exec(last.text);
    if (!window) return;
    const key = `${window[0]}\n${last.host}`;
    let run = this.runs.get(key);
    if (!run) {
      // The rest of the bsd-syslog prefix (prefix/table.ts) with this window and host spelled out.
      const head = `${escape(window[0])}\\d:\\d\\d(?:\\.\\d+)? ${escape(last.host)} `;
      // The message must not start with an opening token; `: ?` is spelled out so that the
      // lookahead cannot be dodged by giving the space back.
      const opens = this.allOpensSource;
      const colon = opens ? `:(?: (?!${opens})|(?! )(?!${opens}))` : ': ?';
      const plain = `${head}(?!(?:${this.excluded})[[:])[^\\s:[]+(?:\\[\\d+\\])?${colon}`;
      run = {
        plain: new RegExp(plain, 'y'),
        kernel: new RegExp(`${head}kernel(?:\\[\\d+\\])?: ?`, 'y'),
        bulk: new RegExp(`(?:${plain}[^\\n]*\\n)+`, 'y'),
      };
      if (this.runs.size >= MAX_CACHED_RUNS) this.runs.clear();
      this.runs.set(key, run);
    }
    this.run = run;
  }
}
