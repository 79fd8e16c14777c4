import { describe, expect, it } from 'vitest';
import { zonedToUtc, zoneOffsetAt } from '../../src/align/tz.js';
import { zoneCandidates } from '../../src/align/zones.js';

describe('IANA zones through Intl', () => {
  it('knows both sides of a DST change', () => {
    expect(zoneOffsetAt('Europe/Berlin', Date.UTC(2024, 0, 15))).toBe(60);
    expect(zoneOffsetAt('Europe/Berlin', Date.UTC(2024, 6, 15))).toBe(120);
    expect(zoneOffsetAt('Australia/Adelaide', Date.UTC(2024, 0, 15))).toBe(630);
    expect(zoneOffsetAt('Asia/Kathmandu', Date.UTC(2024, 0, 15))).toBe(345);
  });

  it('converts wall-clock times, including the skipped and the repeated hour', () => {
    expect(zonedToUtc({ year: 2024, month: 3, day: 31, hour: 1, minute: 30, second: 0 }, 'Europe/Berlin')).toBe(Date.UTC(2024, 2, 31, 0, 30));
    expect(zonedToUtc({ year: 2024, month: 3, day: 31, hour: 3, minute: 30, second: 0 }, 'Europe/Berlin')).toBe(Date.UTC(2024, 2, 31, 1, 30));
    // 02:30 does not exist that night: read with the offset before the change.
    expect(zonedToUtc({ year: 2024, month: 3, day: 31, hour: 2, minute: 30, second: 0 }, 'Europe/Berlin')).toBe(Date.UTC(2024, 2, 31, 1, 30));
    // 02:30 happens twice in October: the first (summer) one.
    expect(zonedToUtc({ year: 2024, month: 10, day: 27, hour: 2, minute: 30, second: 0 }, 'Europe/Berlin')).toBe(Date.UTC(2024, 9, 27, 0, 30));
    expect(zonedToUtc({ month: 7, day: 1, hour: 12, minute: 0, second: 0 }, 'America/Los_Angeles', 2022)).toBe(Date.UTC(2022, 6, 1, 19, 0));
  });

  it('lists every reading of an ambiguous zone abbreviation', () => {
    expect(zoneCandidates('CST').map((c) => c.minutes)).toEqual([480, -360, -300]);
    expect(zoneCandidates('IST').map((c) => c.minutes)).toEqual([330, 60, 120]);
    expect(zoneCandidates('CET')).toHaveLength(1);
    expect(zoneCandidates('+0530')).toEqual([{ minutes: 330, where: '+0530' }]);
    expect(zoneCandidates('XYZT')).toEqual([]);
  });
});
