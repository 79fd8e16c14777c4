// Text chunks → physical lines, without holding the whole input. Synchronous per chunk:
// an async step per line would cost more than everything else ingest does.
//
// Line breaks follow "universal newlines": LF, CRLF (any number of CRs before the LF, as
// serial consoles double them) and a lone CR each end one line.

/** Longest line kept whole; longer ones are cut (a megabyte line is not a log line). */
export const MAX_LINE_CHARS = 64 * 1024;

export interface PhysicalLine {
  text: string;
  /** 1-based line number in the input. */
  line: number;
  truncated: boolean;
}

export interface LineCounts {
  crlf: number;
  loneCr: number;
  cut: number;
}

const BREAK = /\r*\n|\r/g;

export class LineSplitter {
  readonly counts: LineCounts = { crlf: 0, loneCr: 0, cut: 0 };
  private carry = '';
  /** The line in `carry` was already cut; the rest of it is dropped up to its line break. */
  private overflow = false;
  private lineNo = 0;

  constructor(private readonly maxChars = MAX_LINE_CHARS) {}

  push(chunk: string, emit: (line: PhysicalLine) => void): void {
    if (chunk.length === 0) return;
    let text: string;
    if (this.overflow) {
      // Still inside a cut line: drop everything up to its break.
      const end = firstBreak(chunk);
      if (end === -1) return;
      text = this.carry + chunk.slice(end);
      this.carry = '';
    } else {
      text = this.carry + chunk;
      this.carry = '';
    }
    // A CR at the very end may be the first half of a CRLF: wait for the next chunk.
    let limit = text.length;
    while (limit > 0 && text.charCodeAt(limit - 1) === 13) limit--;
    const start = this.splitUpTo(text, limit, emit);
    this.keep(text.slice(start));
  }

  /** Nothing carried over: the next character starts a line (the fast lane may take over). */
  get idle(): boolean {
    return this.carry === '' && !this.overflow;
  }

  /** One whole line without its break, for a caller that found the break itself. */
  line(raw: string, emit: (line: PhysicalLine) => void): void {
    this.emit(raw, emit);
  }

  /** Lines the fast lane counted without emitting; returns the number of the last of them. */
  skip(lines: number): number {
    this.lineNo += lines;
    return this.lineNo;
  }

  end(emit: (line: PhysicalLine) => void): void {
    const text = this.carry;
    this.carry = '';
    const start = this.splitUpTo(text, text.length, emit);
    if (start < text.length || this.overflow) this.emit(text.slice(start), emit);
    this.overflow = false;
  }

  /** Emits every line that ends before `limit`; returns where the unfinished rest starts. */
  private splitUpTo(text: string, limit: number, emit: (line: PhysicalLine) => void): number {
    let start = 0;
    if (text.indexOf('\r') === -1) {
      for (let nl = text.indexOf('\n'); nl !== -1 && nl < limit; nl = text.indexOf('\n', start)) {
        this.emit(text.slice(start, nl), emit);
        start = nl + 1;
      }
      return start;
    }
    BREAK.lastIndex = 0;
    for (let m = BREAK.exec(text); m && m.index < limit; m = BREAK.exec(text)) {
      const terminator = m[0];
      if (terminator === '\r') this.counts.loneCr++;
      else if (terminator.length > 1) this.counts.crlf++;
      this.emit(text.slice(start, m.index), emit);
      start = m.index + terminator.length;
    }
    return start;
  }

  private keep(rest: string): void {
    if (this.overflow) {
      // The cut line's break was seen but is a trailing CR run: the line ends there, so it is
      // emitted (cut) once the next chunk tells CRLF from a lone CR.
      this.carry = rest;
      this.overflow = false;
      return;
    }
    let trailing = 0;
    while (trailing < rest.length && rest.charCodeAt(rest.length - 1 - trailing) === 13) trailing++;
    if (rest.length - trailing > this.maxChars) {
      this.carry = rest.slice(0, this.maxChars + 1) + rest.slice(rest.length - trailing);
      this.overflow = trailing === 0;
      return;
    }
    this.carry = rest;
  }

  private emit(raw: string, emit: (line: PhysicalLine) => void): void {
    this.lineNo++;
    const truncated = raw.length > this.maxChars || this.overflow;
    this.overflow = false;
    if (truncated) this.counts.cut++;
    emit({ text: truncated ? raw.slice(0, this.maxChars) : raw, line: this.lineNo, truncated });
  }
}

function firstBreak(text: string): number {
  const nl = text.indexOf('\n');
  const cr = text.indexOf('\r');
  if (nl === -1) return cr;
  if (cr === -1) return nl;
  return Math.min(nl, cr);
}
