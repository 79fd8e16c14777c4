// Rejoins lines that a terminal, a web page or a mail client broke. A physical line that does
// not start a record (no prefix of prefix/table.ts) continues the line before it when
// - it is plainly the rest of a line shape the kernel prints (wrap-shapes.ts: a mail client
//   breaks at a space, anywhere), or
// - the line before was exactly as long as the wrap width (a terminal breaks at a column). The
//   width is learnt from the first such break in the input, so ordinary short lines are never
//   glued together.
// Each physical line is read (its prefix taken off) once, here; the logical line carries it on.
import type { LogLine } from '../model/records.js';
import { MAX_LINE_CHARS, type PhysicalLine } from './lines.js';
import { WRAP_SHAPES, type WrapShape } from './wrap-shapes.js';

const MIN_WRAP_WIDTH = 72;
/** journalctl's own lines (`-- Boot 6b1f… --`, `-- Logs begin at …`, `-- cursor: …`, `-- No entries --`) are records, never a wrap's rest. */
const JOURNALCTL_MARKER = /^-- (?:cursor: |Boot [0-9a-f]{32} --|Logs begin at |Journal begins at |No entries --|Reboot --)/;
/** The rule name of a rejoin at a fixed terminal width. */
export const FIXED_WIDTH = 'fixed-width';

/** A logical line and what its prefix says. */
export interface LogicalLine extends PhysicalLine {
  parsed: LogLine;
}

interface Held extends LogicalLine {
  lastPhysical: number;
}

/** Pieces a line may have been broken into after its first: a 64-byte `Code:` line after a dmesg stamp at 40 columns has 6. */
const MAX_PIECES = 6;

interface Piece {
  physical: PhysicalLine;
  parsed: LogLine;
}

export class WrapJoiner {
  private wrapWidth: number | undefined;
  private held: Held | undefined;
  /** Lines after the held one that start no record, kept while a shape may still be completed by them. */
  private pending: Piece[] = [];
  /** Shapes the held line may be the head of (its message starts like them and is not whole yet). */
  private candidates: readonly WrapShape[] = [];
  /** Lines glued to the line before them. */
  rejoined = 0;
  /** The same, by the rule that glued them: a shape of wrap-shapes.ts or `fixed-width`. */
  readonly byRule: Record<string, number> = {};

  constructor(private readonly read: (line: PhysicalLine) => LogLine) {}

  /** Feeds one physical line; emits the logical lines it completes, if any. */
  push(physical: PhysicalLine, emit: (line: LogicalLine) => void): void {
    this.step({ physical, parsed: this.read(physical) }, emit);
  }

  flush(emit: (line: LogicalLine) => void): void {
    this.releaseAll(emit);
    const held = this.held;
    this.held = undefined;
    if (held) emit(held);
  }

  private step(piece: Piece, emit: (line: LogicalLine) => void): void {
    const held = this.held;
    const text = piece.physical.text;
    if (held && piece.parsed.prefix === 'none' && this.fits(held, text)) {
      if (this.pending.length === 0) {
        const rule = this.continuation(held, text);
        if (rule !== undefined) return this.glue(held, [piece], rule);
        if (this.candidates.length === 0) return this.hold(piece, emit);
        this.pending.push(piece);
        return;
      }
      // Broken more than once: the pieces so far, together, may finish the head.
      this.pending.push(piece);
      const rest = this.pending.map((p) => p.physical.text.trim()).join(' ');
      const shape = this.candidates.find((s) => s.joins(held.parsed.message.trim(), rest));
      if (shape) return this.glue(held, this.pending, shape.name);
      if (this.pending.length >= MAX_PIECES) this.release(emit);
      return;
    }
    this.releaseAll(emit);
    this.hold(piece, emit);
  }

  /** Releasing re-reads the pending lines, which may wait again behind a new head: until none wait. */
  private releaseAll(emit: (line: LogicalLine) => void): void {
    while (this.pending.length > 0) this.release(emit);
  }

  /** The pending lines finish nothing: the held line is complete, and they are read on their own. */
  private release(emit: (line: LogicalLine) => void): void {
    if (this.pending.length === 0) return;
    const pieces = this.pending;
    this.pending = [];
    this.candidates = [];
    const held = this.held;
    this.held = undefined;
    if (held) emit(held);
    for (const piece of pieces) this.step(piece, emit);
  }

  private hold(piece: Piece, emit: (line: LogicalLine) => void): void {
    // The held record is emitted as it is, one object per line.
    if (this.held) emit(this.held);
    const { physical, parsed } = piece;
    this.held = { text: physical.text, line: physical.line, truncated: physical.truncated, parsed, lastPhysical: physical.text.length };
    this.candidates = headsOf(parsed.message.trim());
  }

  private glue(held: Held, pieces: Piece[], rule: string): void {
    for (const { physical } of pieces) {
      held.text = rule === FIXED_WIDTH ? held.text + physical.text : `${held.text.trimEnd()} ${physical.text.trimStart()}`;
      held.lastPhysical = physical.text.length;
      held.truncated ||= physical.truncated;
    }
    held.parsed = this.read(held);
    this.rejoined += pieces.length;
    this.byRule[rule] = (this.byRule[rule] ?? 0) + pieces.length;
    this.pending = [];
    this.candidates = headsOf(held.parsed.message.trim());
  }

  /** A line that may be a piece: not blank, no fence, and the whole stays within the line limit. */
  private fits(held: Held, text: string): boolean {
    if (text.trim().length === 0 || text.startsWith('```') || JOURNALCTL_MARKER.test(text)) return false;
    let length = held.text.length + text.length + 1;
    for (const p of this.pending) length += p.physical.text.length + 1;
    // A logical line never outgrows the physical line limit: state stays bounded.
    return length <= MAX_LINE_CHARS;
  }

  /** The rule by which `text` alone continues the held line, if one does. */
  private continuation(held: Held, text: string): string | undefined {
    const rest = text.trim();
    const head = held.parsed.message.trim();
    const shape = this.candidates.find((s) => s.joins(head, rest));
    if (shape) return shape.name;
    if (this.wrapWidth === undefined) {
      // Learning the width: only a log record cut at a plausible terminal width counts,
      // and the cut text does not start with blanks (a wrapped word rarely does).
      if (held.lastPhysical < MIN_WRAP_WIDTH || /^\s/.test(text) || held.parsed.prefix === 'none') return undefined;
      this.wrapWidth = held.lastPhysical;
      return FIXED_WIDTH;
    }
    return held.lastPhysical === this.wrapWidth ? FIXED_WIDTH : undefined;
  }
}

/** Shapes whose start the message has; one already whole needs no rest. */
function headsOf(message: string): readonly WrapShape[] {
  return WRAP_SHAPES.filter((shape) => shape.head.test(message) && (shape.alone !== undefined || !shape.whole?.test(message)));
}
