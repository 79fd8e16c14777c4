// Splits pasted Markdown (a write-up, an issue body) into its fenced blocks, so that each
// pasted log is parsed on its own and a block boundary ends any open record.

export interface SegmentBoundary {
  /** `enter` when a fence opens, `leave` when it closes. */
  kind: 'enter' | 'leave';
  /** Info string of the fence (` ```text ` → `text`). */
  info?: string;
}

const FENCE = /^\s{0,3}(`{3,}|~{3,})\s*([^`\s]*)/;

export class FenceTracker {
  private open: { marker: string } | undefined;
  blocks = 0;

  /** Returns a boundary when the line is a fence line (which belongs to no block). */
  check(text: string): SegmentBoundary | undefined {
    // Cheap first look, as this runs on every line: a fence starts with a backtick, a tilde or
    // (indented) whitespace; the test lets through every code point `\s` can be, and more.
    const first = text.charCodeAt(0);
    if (first !== 0x60 && first !== 0x7e && first > 0x20 && first !== 0xa0 && first < 0x1680) return undefined;
    const m = FENCE.exec(text);
    if (!m) return undefined;
    const marker = m[1]!;
    if (!this.open) {
      this.open = { marker };
      this.blocks++;
      return { kind: 'enter', info: m[2] || undefined };
    }
    if (marker[0] === this.open.marker[0] && marker.length >= this.open.marker.length && text.trim() === marker) {
      this.open = undefined;
      return { kind: 'leave' };
    }
    return undefined;
  }

  get inBlock(): boolean {
    return this.open !== undefined;
  }
}
