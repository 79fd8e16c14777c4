// One text input → parsers: decode, clean, split lines, rejoin wrapped lines, split pasted
// Markdown into blocks, and feed every logical line to the parsers. Everything per line is
// synchronous; the only await is for the next chunk of bytes. State is bounded: a partial
// line, one held logical line, and the parsers' own state.
import type { LineParser, ParsedBundle, ParserFactory } from '../model/records.js';
import type { InputBlock, InputKind, InputReport } from '../report/types.js';
import { normaliseLine, startsRecord } from '../parse/prefix/normalise.js';
import type { ByteReader } from './bytes.js';
import { ChunkDecoder, NUL_HOLE, type DecodeVerdict } from './decode.js';
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
const TEXT_CHUNK = 64 * 1024;

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
  const { reader, verdict, report, factories, bundle, warn } = job;
  const name = report.name;
  const decoder = new ChunkDecoder(verdict);
  const cleaner = new ChunkCleaner();
  const splitter = new LineSplitter(job.maxLineChars);
  const carrier = new CarrierStripper(startsRecord);
  const joiner = new WrapJoiner((physical) => normaliseLine({ input: name, line: physical.line, text: physical.text }));
  const fences = new FenceTracker();
  // Which factory's parsers claimed a line: flags, not a Set, as this is set on every line.
  const claimed = factories.map(() => false);
  let firstCut: number | undefined;
  let parsers: LineParser[] = [];
  const ctx = { bundle, warn };
  const startSegment = () => {
    parsers = factories.map((factory) => factory.create(ctx));
  };
  const endSegment = () => {
    for (const parser of parsers) parser.end();
  };

  // Per-block accounting for pasted Markdown; bounded so a pathological paste cannot grow it.
  let block: { entry: InputBlock; claimed: boolean[] } | undefined;
  const closeBlock = () => {
    if (!block) return;
    block.entry.kinds = factories.filter((_, i) => block!.claimed[i]).map((factory) => factory.kind);
    if (block.entry.kinds.length === 0) block.entry.kinds.push(block.entry.lines === 0 ? 'empty' : 'unknown');
    if ((report.blocks ??= []).length < MAX_BLOCKS_LISTED) report.blocks.push(block.entry);
    block = undefined;
  };
  const consume = (logical: LogicalLine) => {
    report.lines++;
    if (logical.truncated) firstCut ??= logical.line;
    const boundary = fences.check(logical.text);
    if (boundary) {
      lane?.observe(undefined);
      endSegment();
      startSegment();
      closeBlock();
      if (boundary.kind === 'enter') {
        const entry: InputBlock = { index: fences.blocks, fromLine: logical.line + 1, toLine: logical.line, kinds: [], lines: 0, unparsedLines: 0 };
        if (boundary.info) entry.info = boundary.info;
        block = { entry, claimed: factories.map(() => false) };
      }
      return;
    }
    if (block) {
      block.entry.lines++;
      block.entry.toLine = logical.line;
    }
    const line = logical.parsed;
    lane?.observe(line);
    let any = false;
    for (let i = 0; i < parsers.length; i++) {
      if (parsers[i]!.feed(line)) {
        any = true;
        claimed[i] = true;
        if (block) block.claimed[i] = true;
      }
    }
    if (!any && logical.text.trim().length > 0) {
      report.unparsedLines++;
      if (block) block.entry.unparsedLines++;
    }
  };
  const carried = (line: PhysicalLine) => joiner.push(line, consume);
  const physical = (line: PhysicalLine) => carrier.push(line, carried);
  const settle = () => {
    carrier.flush(carried);
    joiner.flush(consume);
  };
  const lane = job.fastLane ? FastLane.create(factories, name, job.maxLineChars) : undefined;
  const sink: LaneSink = {
    full: (raw) => splitter.line(raw, physical),
    settle,
    skimmed: (lines, run) => {
      report.lines += lines;
      const skimmed = run(splitter.skip(lines));
      for (let i = 0; i < parsers.length; i++) if (parsers[i]!.skimmed?.(skimmed)) claimed[i] = true;
    },
    open: () => !fences.inBlock && carrier.idle,
    parsers: () => parsers,
  };
  const asciiCompatible = verdict.encoding === 'utf-8' || verdict.encoding === 'latin-1';
  const text = (chunk: string, bytes?: Uint8Array) => {
    const clean = cleaner.push(chunk, bytes !== undefined && asciiCompatible && !hasControlBytes(bytes));
    const first = clean.indexOf('\n');
    const last = clean.lastIndexOf('\n');
    // Serial captures with CRs and cut lines keep to the splitter; so does a chunk of one line.
    if (!lane || first === last || clean.indexOf('\r') !== -1) return splitter.push(clean, physical);
    splitter.push(clean.slice(0, first + 1), physical);
    if (!splitter.idle) return splitter.push(clean.slice(first + 1), physical);
    lane.push(clean, first + 1, last + 1, sink);
    splitter.push(clean.slice(last + 1), physical);
  };

  startSegment();
  // NUL holes go before decoding, in bulk, where the encoding keeps NUL a byte of its own.
  const nuls = asciiCompatible ? new NulStripper() : undefined;
  nuls?.skipped(job.leadingNuls ?? 0);
  let textBytes = job.leadingNuls ?? 0;
  try {
    for (;;) {
      const chunk = await reader.next(TEXT_CHUNK);
      if (!chunk) break;
      textBytes += chunk.byteLength;
      const bytes = nuls ? nuls.push(chunk) : chunk;
      if (bytes.byteLength > 0) text(decoder.decode(bytes), bytes);
    }
  } catch (error) {
    warn(`reading stopped: ${error instanceof Error ? error.message : String(error)}; what came before was read`);
  }
  text(decoder.end());
  splitter.push(cleaner.end(), physical);
  splitter.end(physical);
  settle();
  endSegment();
  // An unclosed fence at the end of a paste still counts as a block.
  closeBlock();

  const cleaned = cleaner.counts;
  const nulBytes = cleaned.nul + (nuls?.removed ?? 0) + (nuls ? 0 : (job.leadingNuls ?? 0));
  const lines = splitter.counts;
  report.decoding = {
    encoding: verdict.encoding,
    bom: verdict.bom ?? false,
    compression: job.compression,
    textBytes,
    crlfLines: lines.crlf,
    loneCrBreaks: lines.loneCr,
    ansiSequences: cleaned.ansi,
    nulBytes,
    controlBytes: cleaned.control,
    invalidSequences: decoder.replaced,
    cutLines: lines.cut,
    rejoinedLines: joiner.rejoined,
  };
  if (joiner.rejoined > 0) report.decoding.rejoinedBy = { ...joiner.byRule };
  const taken = carrier.counts;
  if (taken.mailQuoted + taken.indented + taken.quotedPrintable + taken.softBreaks > 0) report.decoding.carriers = { ...taken };
  if (verdict.encoding === 'latin-1') warn('not valid UTF-8: read as latin-1');
  if (decoder.replaced > 0) warn(`${decoder.replaced} byte sequences were not valid ${verdict.encoding} and were replaced by U+FFFD`);
  if (nuls?.longest) {
    const { runs, longest } = nuls;
    warn(`${nulBytes} NUL bytes removed (${runs} run${runs === 1 ? '' : 's'}; the longest, ${longest.bytes} bytes, at byte ${longest.at}${longest.bytes >= NUL_HOLE ? ': blocks that were never written' : ''})`);
  } else if (nulBytes > 0) warn(`${nulBytes} NUL bytes removed`);
  if (cleaned.control > 0) warn(`${cleaned.control} control bytes removed`);
  if (lines.cut > 0) warn(`${lines.cut} lines longer than ${job.maxLineChars} characters were cut to that length (first: line ${firstCut})`);
  const claimedBy = new Set<InputKind>(factories.filter((_, i) => claimed[i]).map((factory) => factory.kind));
  const recognised = claimedBy.size > 0;
  if (fences.blocks > 0) claimedBy.add('markdown');
  for (const kind of claimedBy) if (!report.kinds.includes(kind)) report.kinds.push(kind);
  if (report.lines === 0) {
    report.kinds.push('empty');
    report.skipped = textBytes === 0 ? 'empty input' : 'no text left after removing control bytes';
  } else {
    if (report.kinds.length === 0) report.kinds.push('unknown');
    if (!recognised) warn('no line of this input was recognised');
  }
}
