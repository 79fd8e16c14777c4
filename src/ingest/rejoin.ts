// Rejoins lines that a terminal or a mail client broke at a fixed width.
// A physical line is a continuation when the line before it was exactly as long as the
// wrap width and it does not itself start a new record. The wrap width is learnt from the
// first such break in the input, so ordinary short lines are never glued together.
import type { PhysicalLine } from './lines.js';

const MIN_WRAP_WIDTH = 72;

export class WrapJoiner {
  private wrapWidth: number | undefined;
  private held: { text: string; line: number; lastPhysical: number; truncated: boolean; isRecord: boolean } | undefined;

  constructor(private readonly startsRecord: (text: string) => boolean) {}

  /** Feeds one physical line; returns the logical lines completed by it. */
  push(physical: PhysicalLine): PhysicalLine[] {
    const out: PhysicalLine[] = [];
    const held = this.held;
    if (held && this.isContinuation(held, physical.text)) {
      this.wrapWidth ??= held.lastPhysical;
      held.text += physical.text;
      held.lastPhysical = physical.text.length;
      held.truncated ||= physical.truncated;
      return out;
    }
    if (held) out.push({ text: held.text, line: held.line, truncated: held.truncated });
    this.held = {
      text: physical.text,
      line: physical.line,
      lastPhysical: physical.text.length,
      truncated: physical.truncated,
      isRecord: this.startsRecord(physical.text),
    };
    return out;
  }

  flush(): PhysicalLine[] {
    const held = this.held;
    this.held = undefined;
    return held ? [{ text: held.text, line: held.line, truncated: held.truncated }] : [];
  }

  private isContinuation(held: { lastPhysical: number; isRecord: boolean }, text: string): boolean {
    if (text.length === 0 || text.startsWith('```')) return false;
    if (this.wrapWidth === undefined) {
      // Learning the width: only a log record cut at a plausible terminal width counts,
      // and the cut text does not start with blanks (a wrapped word rarely does).
      if (!held.isRecord || held.lastPhysical < MIN_WRAP_WIDTH || /^\s/.test(text)) return false;
    } else if (held.lastPhysical !== this.wrapWidth) {
      return false;
    }
    return !this.startsRecord(text);
  }
}
