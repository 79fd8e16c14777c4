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
import { WRAP_SHAPES } from './wrap-shapes.js';

const MIN_WRAP_WIDTH = 72;
/** The rule name of a rejoin at a fixed terminal width. */
export const FIXED_WIDTH = 'fixed-width';

/** A logical line and what its prefix says. */
export interface LogicalLine extends PhysicalLine {
  parsed: LogLine;
}

interface Held extends LogicalLine {
  lastPhysical: number;
}

export class WrapJoiner {
  private wrapWidth: number | undefined;
  private held: Held | undefined;
  /** Lines glued to the line before them. */
  rejoined = 0;
  /** The same, by the rule that glued them: a shape of wrap-shapes.ts or `fixed-width`. */
  readonly byRule: Record<string, number> = {};

  constructor(private readonly read: (line: PhysicalLine) => LogLine) {}

  /** Feeds one physical line; emits the logical line it completes, if any. */
  push(physical: PhysicalLine, emit: (line: LogicalLine) => void): void {
    const held = this.held;
    const parsed = this.read(physical);
    if (held && parsed.prefix === 'none') {
      const rule = this.continuation(held, physical.text);
      if (rule !== undefined) {
        held.text = rule === FIXED_WIDTH ? held.text + physical.text : `${held.text.trimEnd()} ${physical.text.trimStart()}`;
        held.parsed = this.read(held);
        held.lastPhysical = physical.text.length;
        held.truncated ||= physical.truncated;
        this.rejoined++;
        this.byRule[rule] = (this.byRule[rule] ?? 0) + 1;
        return;
      }
    }
    // The held record is emitted as it is, one object per line.
    if (held) emit(held);
    this.held = { text: physical.text, line: physical.line, truncated: physical.truncated, parsed, lastPhysical: physical.text.length };
  }

  flush(emit: (line: LogicalLine) => void): void {
    const held = this.held;
    this.held = undefined;
    if (held) emit(held);
  }

  /** The rule by which `text` continues the held line, if one does. */
  private continuation(held: Held, text: string): string | undefined {
    if (text.length === 0 || text.startsWith('```')) return undefined;
    // A logical line never outgrows the physical line limit: state stays bounded.
    if (held.text.length + text.length + 1 > MAX_LINE_CHARS) return undefined;
    const rest = text.trim();
    if (rest !== '') {
      const head = held.parsed.message.trimEnd();
      for (const shape of WRAP_SHAPES) if (shape.joins(head, rest)) return shape.name;
    }
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
