// The definition of a hit: the lines of a text that the start tokens' regular expression
// (tokens.ts) finds. The engine's scan (scan-block.ts) must find exactly these lines, faster;
// the tests and `npm run bench:matchers` hold it to this.
import { startPattern } from './tokens.js';

const START = startPattern();

/**
 * Offsets (in `text`) of the starts of the lines in `[from, to)` that carry a start token, in
 * order, each once. `from` must be a line start.
 */
export function linesWithStarts(text: string, from = 0, to = text.length, pattern: RegExp = START): number[] {
  const starts: number[] = [];
  pattern.lastIndex = from;
  for (let hit = pattern.exec(text); hit && hit.index < to; hit = pattern.exec(text)) {
    const lineStart = text.lastIndexOf('\n', hit.index - 1) + 1;
    const start = lineStart < from ? from : lineStart;
    if (starts.at(-1) !== start) starts.push(start);
    // The rest of this line cannot add another start: go on from its end.
    const lineEnd = text.indexOf('\n', hit.index);
    if (lineEnd === -1 || lineEnd >= to) break;
    pattern.lastIndex = lineEnd + 1;
  }
  return starts;
}
