// The fast lane: most of a week of /var/log/messages is lines no parser needs one by one (a
// daemon's chatter, kernel noise between incidents). Such a line is counted and skipped instead
// of being normalised and offered to every parser, and the report stays identical to the full
// path's (test/ingest/fast-lane.test.ts compares both on every fixture and on the corpus).
//
// A line is skimmed only when all of this holds:
// - it is a syslog line (a format of lane-formats.ts) of the same host, the same ten-minute
//   window of the clock and zone as the last line the full path read, so no gap, boot or new
//   host can hide in it (a gap is 30 minutes; boots have wake tokens);
// - every parser that reads such lines has a fast-lane contract (model/records.ts), is resting,
//   and finds none of its wake tokens in it; kernel messages also need the kernel parser at
//   rest and no printk timestamp;
// - the line after it starts a record too, so no terminal-wrapped continuation is glued to it.
// Skimmed lines are reported to the parsers in runs (`skimmed`), before the next line that
// takes the full path. Stretches of such lines are matched natively, many lines per match.
import type { LineParser, LogLine, ParserFactory, SkimmedRun, WakeTokens } from '../model/records.js';
import { decodeControlEscapes } from '../parse/prefix/escapes.js';
import { normaliseLine, startsRecord } from '../parse/prefix/normalise.js';
import { escapeRegExp } from '../parse/regexp.js';
import { LANE_FORMATS, type LaneFormat } from './lane-formats.js';
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

/** Sources of a list of token sets, as one alternation (undefined when there is none). */
function union(sets: readonly WakeTokens[], key: keyof WakeTokens): string | undefined {
  const sources = [...new Set(sets.filter((set) => set[key]).map((set) => `(?:${set[key]!.source})`))];
  return sources.length > 0 ? sources.join('|') : undefined;
}

/** Compiled tokens: `wake` searched in a message, `opens` tried where the message starts. */
interface Tokens {
  id: number;
  wake: RegExp | undefined;
  opens: RegExp | undefined;
  /** `opens` as a lookahead that fails where the message starts with one, for run patterns. */
  guard: string;
}

let compiledSets = 0;

/** Tokens are combined by their source, which drops flags: case must be spelled out. */
function assertNoFlags(sets: readonly WakeTokens[]): void {
  for (const set of sets) {
    for (const tokens of [set.wake, set.opens]) {
      if (tokens && tokens.flags !== '') throw new Error(`fast-lane tokens /${tokens.source}/ must have no flags (write [Aa] for case)`);
    }
  }
}

function compile(sets: readonly WakeTokens[]): Tokens {
  assertNoFlags(sets);
  const wake = union(sets, 'wake');
  const opens = union(sets, 'opens');
  return {
    id: ++compiledSets,
    wake: wake ? new RegExp(wake) : undefined,
    opens: opens ? new RegExp(opens, 'y') : undefined,
    guard: opens ? `(?!${opens})` : '',
  };
}

function opensAt(tokens: Tokens, text: string, message: number): boolean {
  if (!tokens.opens) return false;
  tokens.opens.lastIndex = message;
  return tokens.opens.test(text);
}

function wakes(tokens: Tokens, text: string, message: number, end: number): boolean {
  return opensAt(tokens, text, message) || (tokens.wake !== undefined && tokens.wake.test(text.slice(message, end)));
}

interface RunPatterns {
  /** One line of another program than `kernel` and the programs contracts name, no opening token. */
  plain: RegExp;
  /** One kernel message line. */
  kernel: RegExp;
  /** As many skimmable lines in a row as there are (kernel messages too while the kernel parsers rest). */
  bulk: RegExp;
  /** `host kernel`, to tell kernel lines in a stretch. */
  hostKernel: string;
}

export class FastLane {
  private readonly allWake: RegExp | undefined;
  private readonly all: Tokens;
  private readonly kernel: Tokens;
  private readonly excluded: string;
  private readonly runs = new Map<string, RunPatterns>();

  /** The last line the full path consumed, and whether state must be read again. */
  private last: LogLine | undefined;
  private stale = true;
  /** The full path may hold a line back (the wrap joiner waits for the next one). */
  private held = true;

  private run: RunPatterns | undefined;
  /** The window (`Mon dd hh:m`, with `<PRI>`) of the last line read in full: runs stay in it. */
  private window = '';
  /** The kernel parsers are resting: kernel messages may be skimmed, in stretches too. */
  private kernelResting = false;
  /** Tokens parsers need in their current state, for every line and for kernel messages. */
  private dynamic: Tokens | undefined;
  private kernelDynamic: Tokens | undefined;
  /** The kernel parsers' tokens anywhere in a message (static and current), from where the message starts to its end. */
  private kernelScan: RegExp | undefined;
  private readonly kernelScans = new Map<number, RegExp | undefined>();
  /** A parser keeps kernel messages' text: skimmed ones are handed over with the run. */
  private collectKernel = false;
  /** Set by `match`: the line is a kernel message. */
  private kernelLine = false;
  /** The next wake token at or after the current line, in the current chunk. */
  private wakeAt = -1;

  private skimLines = 0;
  private skimKernel = 0;
  private kernelMessages: string[] = [];
  /** The last skimmed line, which stands for the run. */
  private lastStart = 0;
  private lastEnd = 0;
  /** Set by `bulk`: its last line, not skimmed yet, and where its kernel message starts (-1: none). */
  private bulkStart = 0;
  private bulkEnd = 0;
  private bulkMessage = -1;

  private constructor(
    private readonly factories: readonly ParserFactory[],
    private readonly input: string,
    private readonly maxLineChars: number,
  ) {
    const contracts = factories.map((factory) => factory.fastLane!);
    const all = contracts.filter((c) => c.reads === 'all-lines');
    assertNoFlags(all);
    // All-lines tokens anywhere are found by one scan per chunk (wakeBefore), not per line.
    const anywhere = union(all, 'wake');
    this.allWake = anywhere ? new RegExp(anywhere, 'g') : undefined;
    this.all = compile(all.map((c) => ({ opens: c.opens })));
    this.kernel = compile(contracts.filter((c) => c.reads === 'kernel-messages'));
    this.excluded = ['kernel', ...new Set(contracts.flatMap((c) => c.programs ?? []))].map(escapeRegExp).join('|');
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
    let pendingMessage = -1;
    for (let p = from; p < to; ) {
      const nl = text.indexOf('\n', p);
      let message = this.match(text, p, nl, sink);
      if (this.held && (message >= 0 || (this.stale && startsRecord(text.slice(p, nl))))) {
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
        if (message >= 0) this.skim(text, pendingStart, pendingEnd, pendingMessage);
        else this.full(text, pendingStart, pendingEnd, sink);
        pendingStart = -1;
      }
      if (message >= 0 && (!this.kernelLine || this.kernelResting) && !this.dynamic) {
        // A stretch of skimmable lines in one native match; the last waits for its successor.
        const end = this.bulk(text, p, to);
        if (end > p) {
          pendingStart = this.bulkStart;
          pendingEnd = this.bulkEnd;
          pendingMessage = this.bulkMessage;
          p = end;
          continue;
        }
      }
      if (message >= 0 && this.skimmable(text, p, message, nl, to)) {
        pendingStart = p;
        pendingEnd = nl;
        pendingMessage = this.kernelLine ? message : -1;
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
    if (!run || end - start > this.maxLineChars || !text.startsWith(this.window, start)) return -1;
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

  /** Whether a token of the all-lines parsers is in `[start, end)`: one scan serves many lines. */
  private wakeBefore(text: string, start: number, end: number, to: number): boolean {
    if (!this.allWake) return false;
    if (this.wakeAt < start) {
      this.allWake.lastIndex = start;
      const hit = this.allWake.exec(text);
      this.wakeAt = hit && hit.index < to ? hit.index : to;
    }
    return this.wakeAt < end;
  }

  /** One line at a time (plain lines had the opening tokens excluded by their pattern). */
  private skimmable(text: string, start: number, message: number, end: number, to: number): boolean {
    if (this.wakeBefore(text, start, end, to)) return false;
    if (this.kernelLine) {
      if (!this.kernelResting || text.charCodeAt(message) === 0x5b) return false;
      if (opensAt(this.all, text, message) || opensAt(this.kernel, text, message)) return false;
      if ((this.kernelDynamic && opensAt(this.kernelDynamic, text, message)) || this.kernelWakes(text, message)) return false;
    }
    return !this.dynamic || !wakes(this.dynamic, text, message, end);
  }

  /**
   * Skims the lines from `start` on that the run's stretch pattern takes, up to the first with a
   * wake token or a line too long; the last one is left in bulkStart/bulkEnd, unskimmed, as its
   * successor is not known yet. Returns where it stopped (`start` when it did nothing).
   */
  private bulk(text: string, start: number, to: number): number {
    const run = this.run!;
    // The caller matched this line, in the window; the pattern holds the next ones to it.
    run.bulk.lastIndex = start;
    if (!run.bulk.test(text)) return start;
    let end = Math.min(run.bulk.lastIndex, to);
    if (this.wakeBefore(text, start, end, to)) end = text.lastIndexOf('\n', this.wakeAt) + 1;
    let count = 0;
    let lineStart = start;
    let lineEnd = -1;
    let lineMessage = -1;
    for (let q = start; q < end; ) {
      const nl = text.indexOf('\n', q);
      if (nl - q > this.maxLineChars) break;
      // The pattern checked a kernel message's start; its tokens anywhere are searched here.
      const message = this.kernelResting ? this.kernelMessageAt(run, text, q) : -1;
      if (message >= 0 && this.kernelWakes(text, message)) break;
      if (count > 0) this.skim(text, lineStart, lineEnd, lineMessage);
      lineStart = q;
      lineEnd = nl;
      lineMessage = message;
      count++;
      q = nl + 1;
    }
    if (count === 0) return start;
    this.bulkStart = lineStart;
    this.bulkEnd = lineEnd;
    this.bulkMessage = lineMessage;
    return lineEnd + 1;
  }


  /** A kernel parser's token anywhere in the message at `message` (searched up to its line's end, no copy). */
  private kernelWakes(text: string, message: number): boolean {
    const scan = this.kernelScan;
    if (!scan) return false;
    scan.lastIndex = message;
    return scan.test(text);
  }

  /**
   * In a stretch the pattern took, a line is a kernel message when `host kernel` and `:` or
   * `[pid]:` follow the stamp; returns where its message starts, or -1.
   */
  private kernelMessageAt(run: RunPatterns, text: string, start: number): number {
    // The first space after the window ends the stamp.
    let at = text.indexOf(' ', start + this.window.length) + 1;
    if (!text.startsWith(run.hostKernel, at)) return -1;
    at += run.hostKernel.length;
    if (text.charCodeAt(at) === 0x5b) at = text.indexOf(']', at) + 1;
    if (text.charCodeAt(at) !== 0x3a) return -1;
    return text.charCodeAt(at + 1) === 0x20 ? at + 2 : at + 1;
  }

  /** `message`: where a kernel message starts, -1 for another program's line. */
  private skim(text: string, start: number, end: number, message: number): void {
    this.skimLines++;
    if (message >= 0) {
      this.skimKernel++;
      if (this.collectKernel) this.kernelMessages.push(decodeControlEscapes(text.slice(message, end)).replace(TRAILING_BLANKS, ''));
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
    let allResting = true;
    let kernelResting = true;
    let collectKernel = false;
    const dynamic: WakeTokens[] = [];
    const kernelDynamic: WakeTokens[] = [];
    sink.parsers().forEach((parser, i) => {
      collectKernel ||= parser.wantsKernelMessages?.() ?? false;
      const resting = parser.resting?.() ?? true;
      const readsAll = this.factories[i]!.fastLane!.reads === 'all-lines';
      if (readsAll) allResting &&= resting;
      else kernelResting &&= resting;
      const wake = parser.wakeNow?.();
      if (wake) (readsAll ? dynamic : kernelDynamic).push(wake);
    });
    this.kernelResting = kernelResting;
    this.collectKernel = collectKernel;
        this.dynamic = dynamic.length > 0 ? this.compiled(dynamic) : undefined;
    this.kernelDynamic = kernelDynamic.length > 0 ? this.compiled(kernelDynamic) : undefined;
    const scanKey = this.kernelDynamic?.id ?? 0;
    if (!this.kernelScans.has(scanKey)) {
      const anywhere = [this.kernel.wake, this.kernelDynamic?.wake].filter((wake) => wake !== undefined).map((wake) => `(?:${wake.source})`);
      this.kernelScans.set(scanKey, anywhere.length > 0 ? new RegExp(`[^\\n]*?(?:${anywhere.join('|')})`, 'y') : undefined);
    }
    this.kernelScan = this.kernelScans.get(scanKey);
    const last = this.last;
    if (!allResting || !sink.open() || !last || !last.host || !last.local) return;
    const format = LANE_FORMATS.find((f) => f.prefix === last.prefix);
    const window = format?.window.exec(last.text);
    const rest = format?.rest(last);
    if (!format || !window || rest === undefined) return;
    this.window = window[0];
    this.run = this.patterns(format, rest, last.host);
  }

  private readonly compiledTokens = new Map<string, Tokens>();
  private readonly compiledSingle = new Map<WakeTokens, Tokens>();

  /** Dynamic token sets come from a few constants: compile each combination once. */
  private compiled(sets: WakeTokens[]): Tokens {
    // Mostly one constant set: known by identity without building a key.
    if (sets.length === 1) {
      let tokens = this.compiledSingle.get(sets[0]!);
      if (!tokens) this.compiledSingle.set(sets[0]!, (tokens = compile(sets)));
      return tokens;
    }
    const key = sets.map((set) => `${set.opens?.source}\n${set.wake?.source}`).join('\n\n');
    let tokens = this.compiledTokens.get(key);
    if (!tokens) this.compiledTokens.set(key, (tokens = compile(sets)));
    return tokens;
  }

  /**
   * The syslog prefix (prefix/table.ts) with the host spelled out. The window is checked
   * apart (`match`), and a stretch repeats its first line's window by back-reference, so the
   * patterns are compiled per host, not per ten minutes of log.
   */
  private patterns(format: LaneFormat, stamp: string, host: string): RunPatterns {
    const key = `${format.prefix}\n${stamp}\n${host}\n${this.kernelResting ? (this.kernelDynamic?.id ?? 0) : -1}`;
    let run = this.runs.get(key);
    if (run) return run;
    const kernelGuard = this.kernelResting ? `${this.all.guard}${this.kernel.guard}${this.kernelDynamic?.guard ?? ''}` : undefined;
    const rest = `${stamp} ${escapeRegExp(host)} `;
    const window = format.window.source.slice(1);
    // `: ?` is spelled out so that a lookahead after it cannot be dodged by giving the space back.
    const colon = (guard: string) => (guard ? `:(?: ${guard}|(?! )${guard})` : ': ?');
    const program = `(?!(?:${this.excluded})[[:])[^\\s:[]+(?:\\[\\d+\\])?`;
    const plain = `${program}${colon(this.all.guard)}`;
    const kernelLine = kernelGuard !== undefined ? `|kernel(?:\\[\\d+\\])?${colon(`(?!\\[)${kernelGuard}`)}` : '';
    const line = `${rest}(?:${plain}${kernelLine})[^\\n]*\\n`;
    run = {
      plain: new RegExp(`${window}${rest}${plain}`, 'y'),
      kernel: new RegExp(`${window}${rest}kernel(?:\\[\\d+\\])?: ?`, 'y'),
      bulk: new RegExp(`(?<w>${window})${line}(?:\\k<w>${line})*`, 'y'),
      hostKernel: `${host} kernel`,
    };
    if (this.runs.size >= MAX_CACHED_RUNS) this.runs.clear();
    this.runs.set(key, run);
    return run;
  }
}
