// Text chunks → physical lines, without holding the whole input.

/** Longest line kept whole; longer ones are cut (a megabyte line is not a log line). */
export const MAX_LINE_CHARS = 64 * 1024;

export interface PhysicalLine {
  text: string;
  /** 1-based line number in the input. */
  line: number;
  truncated: boolean;
}

export async function* splitLines(chunks: AsyncIterable<string>): AsyncGenerator<PhysicalLine> {
  let carry = '';
  let lineNo = 0;
  let pendingCR = false;
  for await (const chunk of chunks) {
    let text = carry + chunk;
    carry = '';
    if (pendingCR && text.startsWith('\n')) text = text.slice(1);
    pendingCR = false;
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || c === 13) {
        lineNo++;
        const raw = text.slice(start, i);
        yield cut(raw, lineNo);
        if (c === 13) {
          if (i + 1 < text.length) {
            if (text.charCodeAt(i + 1) === 10) i++;
          } else {
            pendingCR = true;
          }
        }
        start = i + 1;
      }
    }
    carry = text.slice(start);
    if (carry.length > MAX_LINE_CHARS * 2) {
      // A runaway line: keep its head, drop the rest until the next newline.
      carry = carry.slice(0, MAX_LINE_CHARS + 1);
    }
  }
  if (carry.length > 0) {
    lineNo++;
    yield cut(carry, lineNo);
  }
}

function cut(raw: string, line: number): PhysicalLine {
  if (raw.length > MAX_LINE_CHARS) return { text: raw.slice(0, MAX_LINE_CHARS), line, truncated: true };
  return { text: raw, line, truncated: false };
}
