// How often a host log normally speaks, in bounded memory and the same whichever way its lines
// were read: lines are counted per ten-minute window of the log's clock (the fast lane's runs
// never leave one), and each window's mean spacing goes into power-of-two buckets — enough to
// tell "a line every second or so" from "one an hour".
import type { LocalDateTime } from '../../model/records.js';
import { localToEpochMillis } from '../prefix/table.js';

const WINDOW_SECONDS = 600;
/** Buckets 0: under a second, k: [2^(k-1), 2^k) seconds; 600 s (one line a window) is the most a window says. */
const BUCKETS = 12;
/** Fewer lines than this are an excerpt (a pasted handful of lines): their spacing says nothing of the log's rate. */
export const JUDGED_AFTER_LINES = 20;

/** The ten-minute window of a stamp, numbered from the epoch (a year-less stamp counts from 2000). */
export function windowOf(local: LocalDateTime | undefined, utcMillis: number | undefined): number | undefined {
  if (local) return Math.floor(localToEpochMillis(local, local.year ?? 2000) / (WINDOW_SECONDS * 1000));
  return utcMillis !== undefined ? Math.floor(utcMillis / (WINDOW_SECONDS * 1000)) : undefined;
}

/** Counted lines are spread over at most this many windows; a longer stretch lands in its last one. */
const MAX_SPREAD_WINDOWS = 4_096;

export class LineRate {
  private readonly windows = new Array<number>(BUCKETS).fill(0);
  private judgedWindows = 0;
  private lines = 0;
  private window: number | undefined;
  private inWindow = 0;

  add(window: number | undefined, lines: number): void {
    if (window === undefined || lines <= 0) return;
    if (window !== this.window) this.close();
    this.window = window;
    this.inWindow += lines;
    this.lines += lines;
  }

  /**
   * Lines known only by their number (the windowed path counts what it does not read), between
   * the last line added and one in window `to`: spread evenly over the windows from the current
   * one to `to`, as a log that speaks steadily wrote them. Put all in `to`, a log sampled once an
   * hour would look like one speaking in bursts.
   */
  spread(to: number | undefined, lines: number): void {
    if (to === undefined || lines <= 0) return;
    const from = this.window ?? to;
    const windows = to - from + 1;
    if (windows <= 1 || windows > MAX_SPREAD_WINDOWS) {
      this.add(to, lines);
      return;
    }
    for (let k = 0; k < windows; k++) {
      // Whole lines per window, the remainder in the first ones: the total is exact.
      this.add(from + k, Math.floor(lines / windows) + (k < lines % windows ? 1 : 0));
    }
  }

  private close(): void {
    if (this.inWindow === 0) return;
    const seconds = WINDOW_SECONDS / this.inWindow;
    this.windows[seconds < 1 ? 0 : Math.min(BUCKETS - 1, Math.floor(Math.log2(seconds)) + 1)]!++;
    this.judgedWindows++;
    this.inWindow = 0;
  }

  /** The lower bound (seconds) of the bucket holding the median window's spacing; undefined for an excerpt too short to judge. */
  medianSeconds(): number | undefined {
    this.close();
    this.window = undefined;
    if (this.lines < JUDGED_AFTER_LINES) return undefined;
    let seen = 0;
    for (let bucket = 0; bucket < BUCKETS; bucket++) {
      seen += this.windows[bucket]!;
      if (seen * 2 >= this.judgedWindows) return bucket === 0 ? 0 : 2 ** (bucket - 1);
    }
    return undefined;
  }
}
