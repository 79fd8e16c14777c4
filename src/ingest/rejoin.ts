// Rejoins lines that a terminal or a mail client broke at a fixed width.
// A physical line is a continuation when the line before it was exactly as long as the
// wrap width and it does not itself start a new record. The wrap width is learnt from the
// first such break in the input, so ordinary short lines are never glued together.
import { MAX_LINE_CHARS, type PhysicalLine } from './lines.js';

const MIN_WRAP_WIDTH = 72;

interface Held extends PhysicalLine {
  lastPhysical: number;
  /** Whether the first physical line starts a record; worked out only when a wrap is possible. */
  isRecord?: boolean;
}

export class WrapJoiner {
  private wrapWidth: number | undefined;
  private held: Held | undefined;
  /** Lines glued to the line before them. */
  rejoined = 0;

  constructor(private readonly startsRecord: (text: string) => boolean) {}

  /** Feeds one physical line; emits the logical line it completes, if any. */
  push(physical: PhysicalLine, emit: (line: PhysicalLine) => void): void {
    const held = this.held;
    if (held && this.isContinuation(held, physical.text)) {
      this.wrapWidth ??= held.lastPhysical;
      held.text += physical.text;
      held.lastPhysical = physical.text.length;
      held.truncated ||= physical.truncated;
      this.rejoined++;
      return;
    }
    // The held record is itself a PhysicalLine: emitted as it is, one object per line.
    if (held) emit(held);
    this.held = {
      text: physical.text,
      line: physical.line,
      lastPhysical: physical.text.length,
      truncated: physical.truncated,
    };
  }

  flush(emit: (line: PhysicalLine) => void): void {
    const held = this.held;
    this.held = undefined;
    if (held) emit(held);
  }

  private isContinuation(held: Held, text: string): boolean {
    if (text.length === 0 || text.startsWith('```')) return false;
    // A logical line never outgrows the physical line limit: state stays bounded.
    if (held.text.length + text.length > MAX_LINE_CHARS) return false;
    if (this.wrapWidth === undefined) {
      // Learning the width: only a log record cut at a plausible terminal width counts,
      // and the cut text does not start with blanks (a wrapped word rarely does).
      if (held.lastPhysical < MIN_WRAP_WIDTH || /^\s/.test(text)) return false;
      held.isRecord ??= this.startsRecord(held.text);
      if (!held.isRecord) return false;
    } else if (held.lastPhysical !== this.wrapWidth) {
      return false;
    }
    return !this.startsRecord(text);
  }
}
