// The host log's line rate (parse/syslog/rate.ts): the same whether every line was read or the
// windowed path only counted most of them between the lines it read.
import { describe, expect, it } from 'vitest';
import { LineRate, windowOf } from '../../../src/parse/syslog/rate.js';

const at = (hour: number, minute: number) => windowOf({ month: 6, day: 1, hour, minute, second: 0 }, undefined);

describe('LineRate', () => {
  it('gives a log speaking once a second the same spacing, read line by line or sampled once an hour', () => {
    const every = new LineRate();
    const sampled = new LineRate();
    for (let hour = 0; hour < 6; hour++) {
      for (let minute = 0; minute < 60; minute++) every.add(at(hour, minute), 60);
      // One line read per hour, the 3,599 others only counted in between.
      if (hour > 0) sampled.spread(at(hour, 0), 3_599);
      sampled.add(at(hour, 0), 1);
    }
    expect(every.medianSeconds()).toBe(1);
    expect(sampled.medianSeconds()).toBe(every.medianSeconds());
  });

  it('puts counted lines in the next window when nothing was read before them, and keeps every line', () => {
    const rate = new LineRate();
    rate.spread(at(0, 0), 25);
    expect(rate.medianSeconds()).toBe(16); // 600 s / 25 lines: the [16, 32) s bucket
  });

  it('numbers ten-minute windows on the log clock, year-less stamps in one year', () => {
    expect(at(0, 9)).toBe(at(0, 0));
    expect(at(0, 10)! - at(0, 0)!).toBe(1);
    expect(windowOf(undefined, 600_000 * 7 + 5)).toBe(7);
    expect(windowOf(undefined, undefined)).toBeUndefined();
  });
});
