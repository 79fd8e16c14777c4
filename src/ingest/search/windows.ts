// Parse windows (issue #14 item 2): each hit of the start search opens a window of lines that
// the parsers must read — some context before it (a header cut from its trace by a wrap, the
// preamble a report's first lines need) and the report after it. Overlapping or touching
// windows merge, so a burst of reports is read as one stretch.

export interface WindowBounds {
  /** Lines kept before a hit (a wrapped header, the `CPU:` line some kernels print first). */
  before: number;
  /** Lines read after the last hit of a window at least (a report's body). */
  after: number;
}

export const DEFAULT_WINDOW_BOUNDS: WindowBounds = { before: 64, after: 400 };

export interface LineWindow {
  /** First and last line of the window, 1-based and inclusive. */
  from: number;
  to: number;
  /** How many hits it holds. */
  hits: number;
}

/**
 * Windows around hit lines (ascending, 1-based), clipped to `[1, lines]`; windows whose lines
 * touch are merged.
 */
export function windowsAround(hitLines: readonly number[], lines: number, bounds: WindowBounds = DEFAULT_WINDOW_BOUNDS): LineWindow[] {
  const windows: LineWindow[] = [];
  for (const hit of hitLines) {
    if (hit < 1 || hit > lines) continue;
    const from = Math.max(1, hit - bounds.before);
    const to = Math.min(lines, hit + bounds.after);
    const last = windows.at(-1);
    if (last && from <= last.to + 1) {
      last.to = Math.max(last.to, to);
      last.hits++;
    } else {
      windows.push({ from, to, hits: 1 });
    }
  }
  return windows;
}
