// The shape of one SEL format row and the line parser that runs a group of rows over a segment.
// Each row reads its own layout; the parser collects what the rows emit, settles what only the
// whole segment can tell (day-first dates), and hands the records to the bundle.
import type { FastLaneContract, LineParser, LogLine, ParserContext, ParserFactory, SelRecord } from '../../model/records.js';
import type { InputKind } from '../../report/types.js';
import { normaliseSel, type SelDraft } from './normalise.js';
import { unflatten } from './unflatten.js';

export interface FormatReader {
  /** True when the line belongs to this format (a record, a header, a block line). */
  feed(line: LogLine): boolean;
  /** End of the segment: emit any open record. */
  end(): void;
  /** Between records: absent for one-line formats, which keep no state. */
  resting?(): boolean;
}

export interface Emit {
  (draft: SelDraft, line: LogLine): SelRecord;
}

export interface SelFormat {
  name: string;
  kind: InputKind;
  /** A real example of the layout (or one built from the documented layout, said so in `origin`). */
  example: string;
  origin: string;
  /** Read a line only when no other SEL format did (the tolerant generic-row reader). */
  fallback?: boolean;
  reader(emit: Emit, ctx: ParserContext): FormatReader;
}

/** A one-line format: a pattern and how its groups become a draft. */
export function lineFormat(row: {
  name: string;
  kind: InputKind;
  example: string;
  origin: string;
  pattern: RegExp;
  /** Text the pattern runs on: the raw line (default) or the message after a syslog prefix. */
  on?: 'text' | 'message';
  read(m: RegExpExecArray, line: LogLine): SelDraft | undefined;
}): SelFormat {
  return {
    name: row.name,
    kind: row.kind,
    example: row.example,
    origin: row.origin,
    reader: (emit) => ({
      feed(line) {
        const m = row.pattern.exec(row.on === 'message' ? line.message : line.text);
        if (!m) return false;
        const draft = row.read(m, line);
        if (!draft) return false;
        emit(draft, line);
        return true;
      },
      end() {},
    }),
  };
}

/** Lines operators add to a paste: `...`, `====(1)====`, blank-ish separators. Only claimed inside a SEL paste. */
const ANNOTATION = /^\s*(?:\.{3,}|…+|[=~*#-]{3,}\s*\(?\s*\d*\s*\)?\s*[=~*#-]{3,}|[=-]{3,})\s*$/;

class SelParser implements LineParser {
  private readonly readers: FormatReader[];
  private records: { record: SelRecord; swappable: boolean }[] = [];

  constructor(
    readonly kind: InputKind,
    formats: readonly SelFormat[],
    private readonly ctx: ParserContext,
    private readonly fallback: boolean,
  ) {
    const emit: Emit = (draft, line) => {
      const { record, mismatch } = normaliseSel(draft, this.currentFormat, line);
      if (mismatch) {
        record.rawMismatch = mismatch;
        ctx.warn(`line ${line.line}: SEL text and raw data disagree: ${mismatch}`);
      }
      this.records.push({ record, swappable: draft.when?.swappable === true });
      return record;
    };
    this.readers = formats.map((format) => {
      const reader = format.reader(emit, ctx);
      return {
        feed: (line: LogLine) => {
          this.currentFormat = format.name;
          return reader.feed(line);
        },
        end: () => {
          this.currentFormat = format.name;
          reader.end();
        },
        resting: () => reader.resting?.() ?? true,
      };
    });
  }

  private currentFormat = '';

  feed(line: LogLine): boolean {
    // The fallback parser is fed after every other SEL parser of the input (index.ts): it reads what they left.
    if (this.fallback && readBySel.has(line)) return false;
    const pieces = piecesOf(line);
    let claimed = false;
    if (pieces) {
      for (const text of pieces) if (this.feedOne({ ...line, text, message: text })) claimed = true;
    } else claimed = this.feedOne(line);
    if (claimed) readBySel.add(line);
    return claimed;
  }

  private feedOne(line: LogLine): boolean {
    let claimed = false;
    for (const reader of this.readers) if (reader.feed(line)) claimed = true;
    if (!claimed && this.records.length > 0 && ANNOTATION.test(line.text)) return true;
    return claimed;
  }

  resting(): boolean {
    return this.readers.every((reader) => reader.resting!());
  }

  end(): void {
    for (const reader of this.readers) reader.end();
    // en_GB and other day-first locales print `27/03/24`: one day above 12 in the paste settles the order for all of it.
    const dayFirst = this.records.some(({ record, swappable }) => !swappable && record.local !== undefined && dayFirstEvidence(record));
    for (const { record, swappable } of this.records) {
      if (dayFirst && swappable && record.local) record.local = { ...record.local, month: record.local.day, day: record.local.month };
      this.ctx.bundle.sel.push(record);
    }
    this.records = [];
  }
}

/** Lines a SEL format read, so the fallback reader leaves them alone (every parser sees the same line object). */
const readBySel = new WeakSet<LogLine>();

/** Every SEL parser of an input sees the same line object: a flattened line is cut once. */
const flatPieces = new WeakMap<LogLine, string[] | null>();

/** The lines a flattened paste stood for (unflatten.ts); never for a line a log prefix claimed. */
function piecesOf(line: LogLine): string[] | undefined {
  if (line.prefix !== 'none') return undefined;
  let pieces = flatPieces.get(line);
  if (pieces === undefined) {
    pieces = unflatten(line.text) ?? null;
    flatPieces.set(line, pieces);
  }
  return pieces ?? undefined;
}

/** A record whose slash date could only be read day-first (its first number was above 12). */
function dayFirstEvidence(record: SelRecord): boolean {
  const m = /(\d{1,2})\/(\d{1,2})\/\d{2,4}/.exec(record.text);
  return m !== null && Number(m[1]) > 12;
}

/**
 * SEL rows and plain syslog lines: every text row is anchored on a shape no `Mon dd hh:mm:ss`
 * line has (or, like `sel-record-hex`, reads 16 hex bytes a month name is not), the block
 * readers only start on their own header lines, and the two that read syslog say so here
 * (`openbmc-log-util` anywhere in a line, ignoring case).
 */
const SEL_FAST_LANE: FastLaneContract = { reads: 'all-lines', wake: /[Ss][Ee][Ll] [Ee][Nn][Tt][Rr][Yy]: [Ff][Rr][Uu]: /, programs: ['ipmievd'] };

export function selParserFactory(kind: InputKind, formats: readonly SelFormat[], fallback = false): ParserFactory {
  return { kind, create: (ctx) => new SelParser(kind, formats, ctx, fallback), fastLane: SEL_FAST_LANE };
}
