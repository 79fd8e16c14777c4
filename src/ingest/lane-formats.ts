// The line prefixes the fast lane can skim, one row per format of prefix/table.ts, each with its
// example. A run is the lines of one host whose stamps share `window` (ten minutes of the clock)
// and whatever `constant` reads off the last line read in full (a zone); the rest of the stamp
// may vary. Each row's prefix must be the first row of PREFIX_FORMATS to match such a line.
import type { LogLine } from '../model/records.js';
import { escapeRegExp } from '../parse/regexp.js';

export interface LaneFormat {
  /** The PREFIX_FORMATS row this is a shortcut for. */
  prefix: string;
  example: string;
  /** The ten-minute window at the start of the line. */
  window: RegExp;
  /** The rest of the stamp after the window, up to the space before the host, as a pattern source. */
  rest(line: LogLine): string | undefined;
}

export const LANE_FORMATS: readonly LaneFormat[] = [
  {
    prefix: 'bsd-syslog',
    example: 'Mar 28 17:04:54 node-2 kernel: Linux version 4.18.0-372.19.1.es8_10.aarch64',
    window: /^(?:<\d{1,3}>)?[A-Z][a-z]{2} {1,2}\d{1,2} \d\d:\d/,
    rest: () => String.raw`\d:\d\d(?:\.\d+)?`,
  },
  {
    // The zone is spelled out: a change of offset (DST) inside a window must not hide a gap.
    prefix: 'rfc3339-syslog',
    example: '2024-03-27T20:48:45.465120+08:00 node-2 kernel: watchdog: BUG: soft lockup - CPU#65 stuck for 22s!',
    window: /^\d{4}-\d\d-\d\d[T ]\d\d:\d/,
    rest: (line) => {
      const zone = /^\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d+)?(Z|[+-]\d\d:?\d\d)? /.exec(line.text);
      return zone ? String.raw`\d:\d\d(?:\.\d+)?${escapeRegExp(zone[1] ?? '')}` : undefined;
    },
  },
];
