// How often a host log normally speaks, in bounded memory and the same whichever way its lines
// were read: lines are counted per ten-minute window of the log's clock (the fast lane's runs
// never leave one), and each window's mean spacing goes into power-of-two buckets — enough to
// tell "a line every second or so" from "one an hour".
import type { LocalDateTime } from '../../model/records.js';

const WINDOW_SECONDS = 600;
/** Buckets 0: under a second, k: [2^(k-1), 2^k) seconds; 600 s (one line a window) is the most a window says. */
const BUCKETS = 12;
/** Fewer lines than this are an excerpt (a pasted handful of lines): their spacing says nothing of the log's rate. */
export const JUDGED_AFTER_LINES = 20;

/** The ten-minute window of a stamp: `Mon dd hh:m` as the fast lane compares it. */
export function windowOf(local: LocalDateTime | undefined, utcMillis: number | undefined): string | undefined {
  if (local) return `${local.year ?? ''}-${local.month}-${local.day}T${local.hour}:${Math.floor(local.minute / 10)}`;
  return utcMillis !== undefined ? `utc${Math.floor(utcMillis / (WINDOW_SECONDS * 1000))}` : undefined;
}

export class LineRate {
  private readonly windows = new Array<number>(BUCKETS).fill(0);
  private judgedWindows = 0;
  private lines = 0;
  private window: string | undefined;
  private inWindow = 0;

  add(window: string | undefined, lines: number): void {
    if (window === undefined || lines <= 0) return;
    if (window !== this.window) this.close();
    this.window = window;
    this.inWindow += lines;
    this.lines += lines;
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
