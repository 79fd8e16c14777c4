// One text input → parsers: decode, clean, split lines, rejoin wrapped lines, split pasted
// Markdown into blocks, and feed every logical line to the parsers. Everything per line is
// synchronous; the only await is for the next chunk of bytes. State is bounded: a partial
// line, one held logical line, and the parsers' own state.
import type { LineParser, ParsedBundle, ParserFactory } from '../model/records.js';
import type { InputBlock, InputKind, InputReport } from '../report/types.js';
import { normaliseLine, startsRecord } from '../parse/prefix/normalise.js';
import type { ByteReader } from './bytes.js';
import { ChunkDecoder, isAsciiCompatible, NUL_HOLE, type DecodeVerdict } from './decode.js';
import { FastLane, type LaneSink } from './fast-lane.js';
import { ChunkCleaner, hasControlBytes, NulStripper } from './hygiene.js';
import { CarrierStripper } from './carrier.js';
import { LineSplitter, type PhysicalLine } from './lines.js';
import { WrapJoiner, type LogicalLine } from './rejoin.js';
import { FenceTracker } from './segments.js';

/**
 * Bytes decoded at a time. Lines are slices of the decoded text, and V8 keeps a slice's whole
 * parent string alive: a parser that keeps one line (an event's message, a host fact) keeps
 * this much memory, so it stays small.
 */
export const TEXT_CHUNK = 64 * 1024;

export interface TextIngest {
  reader: ByteReader;
  verdict: DecodeVerdict;
  report: InputReport;
  compression: string[];
  factories: readonly ParserFactory[];
  bundle: ParsedBundle;
  maxLineChars: number;
  /** Skim plain syslog lines no parser needs (fast-lane.ts); off only to compare with the full path. */
  fastLane: boolean;
  /** NUL bytes skipped at the start of the input, before its head was sniffed. */
  leadingNuls?: number;
  warn(message: string): void;
}

/** More blocks than this in one input are counted but not listed one by one. */
const MAX_BLOCKS_LISTED = 200;

export async function ingestText(job: TextIngest): Promise<void> {
  const pipeline = new TextPipeline(job);
  try {
    for (;;) {
      const chunk = await job.reader.next(TEXT_CHUNK);
      if (!chunk) break;
      pipeline.bytes(chunk);
    }
  } catch (error) {
    job.warn(`reading stopped: ${error instanceof Error ? error.message : String(error)}; what came before was read`);
  }
  pipeline.end();
}

/**
 * The text path of one input, fed in pieces: `bytes` for text the parsers read, `skip` for whole
 * lines that are only counted (the windowed path, search/windowed.ts), `end` to close the
 * input's accounting.
 */
export class TextPipeline {
  private readonly decoder: ChunkDecoder;
  private readonly cleaner = new ChunkCleaner();
  private readonly splitter: LineSplitter;
  private readonly carrier = new CarrierStripper(startsRecord);
  private readonly joiner: WrapJoiner;
  private readonly fences = new FenceTracker();
  /** Which factory's parsers claimed a line: flags, not a Set, as this is set on every line. */
  private readonly claimed: boolean[];
  private firstCut: number | undefined;
  private parsers: LineParser[] = [];
  private readonly ctx: { bundle: ParsedBundle; warn: (message: string) => void };
  /** Per-block accounting for pasted Markdown; bounded so a pathological paste cannot grow it. */
  private block: { entry: InputBlock; claimed: boolean[] } | undefined;
  private readonly lane: FastLane | undefined;
  private readonly sink: LaneSink;
  private readonly asciiCompatible: boolean;
  /** NUL holes go before decoding, in bulk, where the encoding keeps NUL a byte of its own. */
  private readonly nuls: NulStripper | undefined;
  private textBytes: number;
  private countedLines = 0;
  private readonly physical = (line: PhysicalLine) => this.carrier.push(line, this.carried);
  private readonly carried = (line: PhysicalLine) => this.joiner.push(line, this.consume);
  private readonly consume = (logical: LogicalLine) => this.consumeLine(logical);

  constructor(private readonly job: TextIngest) {
    const name = job.report.name;
    this.decoder = new ChunkDecoder(job.verdict);
    this.splitter = new LineSplitter(job.maxLineChars);
    this.joiner = new WrapJoiner((physical) => normaliseLine({ input: name, line: physical.line, text: physical.text }));
    this.claimed = job.factories.map(() => false);
    this.ctx = { bundle: job.bundle, warn: job.warn };
    this.lane = job.fastLane ? FastLane.create(job.factories, name, job.maxLineChars) : undefined;
    this.sink = {
      full: (raw) => this.splitter.line(raw, this.physical),
      settle: () => this.settle(),
      skimmed: (lines, run) => {
        job.report.lines += lines;
        const skimmed = run(this.splitter.skip(lines));
        for (let i = 0; i < this.parsers.length; i++) if (this.parsers[i]!.skimmed?.(skimmed)) this.claimed[i] = true;
      },
      open: () => !this.fences.inBlock && this.carrier.idle,
      parsers: () => this.parsers,
    };
    this.asciiCompatible = isAsciiCompatible(job.verdict);
    this.nuls = this.asciiCompatible ? new NulStripper() : undefined;
    this.nuls?.skipped(job.leadingNuls ?? 0);
    this.textBytes = job.leadingNuls ?? 0;
    this.startSegment();
  }

  /** Bytes of the input, in order, for the parsers to read. */
  bytes(chunk: Uint8Array): void {
    this.textBytes += chunk.byteLength;
    const bytes = this.nuls ? this.nuls.push(chunk) : chunk;
    if (bytes.byteLength > 0) this.text(this.decoder.decode(bytes), bytes);
  }

  /** Markdown blocks and mail quoting are accounted line by line: nothing may be skipped inside them. */
  get canSkip(): boolean {
    return this.splitter.idle && !this.fences.inBlock && this.carrier.idle;
  }

  /**
   * `lines` whole lines of `bytes` bytes (plain text: no control, NUL or invalid bytes, no CR)
   * that no parser reads: what is pending is read first, then the lines are numbered and counted.
   */
  skip(lines: number, bytes: number): void {
    if (lines === 0) return;
    this.settle();
    this.textBytes += bytes;
    this.job.report.lines += lines;
    this.countedLines += lines;
    this.lane?.observe(undefined);
    this.splitter.skip(lines);
    for (const parser of this.parsers) parser.counted?.(lines);
  }

  /**
   * No parser is inside a record (`settled`, else `resting`). Tokens a parser would still wake on
   * (`wakeNow`: frames of a report long past, a clock sample of this hour) do not hold a window
   * open: such lines far from any start token are only counted.
   */
  parsersAtRest(): boolean {
    return this.parsers.every((parser) => parser.settled?.() ?? parser.resting?.() ?? true);
  }

  private startSegment(): void {
    this.parsers = this.job.factories.map((factory) => factory.create(this.ctx));
  }

  private endSegment(): void {
    for (const parser of this.parsers) parser.end();
  }

  private closeBlock(): void {
    const block = this.block;
    if (!block) return;
    block.entry.kinds = this.job.factories.filter((_, i) => block.claimed[i]).map((factory) => factory.kind);
    if (block.entry.kinds.length === 0) block.entry.kinds.push(block.entry.lines === 0 ? 'empty' : 'unknown');
    const report = this.job.report;
    if ((report.blocks ??= []).length < MAX_BLOCKS_LISTED) report.blocks.push(block.entry);
    this.block = undefined;
  }

  private consumeLine(logical: LogicalLine): void {
    const { report, factories } = this.job;
    report.lines++;
    if (logical.truncated) this.firstCut ??= logical.line;
    const boundary = this.fences.check(logical.text);
    if (boundary) {
      this.lane?.observe(undefined);
      this.endSegment();
      this.startSegment();
      this.closeBlock();
      if (boundary.kind === 'enter') {
        const entry: InputBlock = { index: this.fences.blocks, fromLine: logical.line + 1, toLine: logical.line, kinds: [], lines: 0, unparsedLines: 0 };
        if (boundary.info) entry.info = boundary.info;
        this.block = { entry, claimed: factories.map(() => false) };
      }
      return;
    }
    const block = this.block;
    if (block) {
      block.entry.lines++;
      block.entry.toLine = logical.line;
    }
    const line = logical.parsed;
    this.lane?.observe(line);
    let any = false;
    const parsers = this.parsers;
    for (let i = 0; i < parsers.length; i++) {
      if (parsers[i]!.feed(line)) {
        any = true;
        this.claimed[i] = true;
        if (block) block.claimed[i] = true;
      }
    }
    if (!any && logical.text.trim().length > 0) {
      report.unparsedLines++;
      if (block) block.entry.unparsedLines++;
    }
  }

  private settle(): void {
    this.carrier.flush(this.carried);
    this.joiner.flush(this.consume);
  }

  private text(chunk: string, bytes?: Uint8Array): void {
    const { splitter, lane } = this;
    const clean = this.cleaner.push(chunk, bytes !== undefined && this.asciiCompatible && !hasControlBytes(bytes));
    const first = clean.indexOf('\n');
    const last = clean.lastIndexOf('\n');
    // Serial captures with CRs and cut lines keep to the splitter; so does a chunk of one line.
    if (!lane || first === last || clean.indexOf('\r') !== -1) return splitter.push(clean, this.physical);
    splitter.push(clean.slice(0, first + 1), this.physical);
    if (!splitter.idle) return splitter.push(clean.slice(first + 1), this.physical);
    lane.push(clean, first + 1, last + 1, this.sink);
    splitter.push(clean.slice(last + 1), this.physical);
  }

  end(): void {
    const { job, splitter, joiner } = this;
    const { report, factories, warn } = job;
    this.text(this.decoder.end());
    splitter.push(this.cleaner.end(), this.physical);
    splitter.end(this.physical);
    this.settle();
    this.endSegment();
    // An unclosed fence at the end of a paste still counts as a block.
    this.closeBlock();

    const nuls = this.nuls;
    const cleaned = this.cleaner.counts;
    const nulBytes = cleaned.nul + (nuls?.removed ?? 0) + (nuls ? 0 : (job.leadingNuls ?? 0));
    const lines = splitter.counts;
    report.decoding = {
      encoding: job.verdict.encoding,
      bom: job.verdict.bom ?? false,
      compression: job.compression,
      textBytes: this.textBytes,
      crlfLines: lines.crlf,
      loneCrBreaks: lines.loneCr,
      ansiSequences: cleaned.ansi,
      nulBytes,
      controlBytes: cleaned.control,
      invalidSequences: this.decoder.replaced,
      cutLines: lines.cut,
      rejoinedLines: joiner.rejoined,
    };
    if (this.countedLines > 0) report.decoding.countedLines = this.countedLines;
    if (joiner.rejoined > 0) report.decoding.rejoinedBy = { ...joiner.byRule };
    const taken = this.carrier.counts;
    if (taken.mailQuoted + taken.indented + taken.quotedPrintable + taken.softBreaks > 0) report.decoding.carriers = { ...taken };
    if (job.verdict.encoding === 'latin-1') warn('not valid UTF-8: read as latin-1');
    if (this.decoder.replaced > 0) warn(`${this.decoder.replaced} byte sequences were not valid ${job.verdict.encoding} and were replaced by U+FFFD`);
    if (nuls?.longest) {
      const { runs, longest } = nuls;
      warn(`${nulBytes} NUL bytes removed (${runs} run${runs === 1 ? '' : 's'}; the longest, ${longest.bytes} bytes, at byte ${longest.at}${longest.bytes >= NUL_HOLE ? ': blocks that were never written' : ''})`);
    } else if (nulBytes > 0) warn(`${nulBytes} NUL bytes removed`);
    if (cleaned.control > 0) warn(`${cleaned.control} control bytes removed`);
    if (lines.cut > 0) warn(`${lines.cut} lines longer than ${job.maxLineChars} characters were cut to that length (first: line ${this.firstCut})`);
    const claimedBy = new Set<InputKind>(factories.filter((_, i) => this.claimed[i]).map((factory) => factory.kind));
    const recognised = claimedBy.size > 0;
    if (this.fences.blocks > 0) claimedBy.add('markdown');
    for (const kind of claimedBy) if (!report.kinds.includes(kind)) report.kinds.push(kind);
    if (report.lines === 0) {
      report.kinds.push('empty');
      report.skipped = this.textBytes === 0 ? 'empty input' : 'no text left after removing control bytes';
    } else {
      if (report.kinds.length === 0) report.kinds.push('unknown');
      if (!recognised) warn('no line of this input was recognised');
    }
  }
}
