// IANA zones (`--host-tz Asia/Shanghai`, `--bmc-tz Europe/Berlin`) through Intl, so local
// wall-clock times convert with the zone's own DST rules and no data download.
import type { LocalDateTime } from '../model/records.js';
import { localToEpochMillis } from '../parse/prefix/table.js';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

export function isIanaZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset east of UTC, in minutes, at an instant. */
export function zoneOffsetAt(zone: string, utcMillis: number): number {
  const parts = Object.fromEntries(formatter(zone).formatToParts(new Date(utcMillis)).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return Math.round((asUtc - Math.floor(utcMillis / 1000) * 1000) / 60_000);
}

/**
 * Wall-clock time in a zone → UTC millis. A time the spring-forward gap skips is read with the
 * offset before the change; a repeated autumn hour takes its first (summer) occurrence.
 */
export function zonedToUtc(local: LocalDateTime, zone: string, year?: number): number | undefined {
  const y = local.year ?? year;
  if (y === undefined) return undefined;
  const wall = localToEpochMillis(local, y);
  const before = zoneOffsetAt(zone, wall - 86_400_000);
  const after = zoneOffsetAt(zone, wall + 86_400_000);
  // Try both offsets around the wall time; keep the one that round-trips to the same wall time.
  for (const offset of [Math.max(before, after), Math.min(before, after)]) {
    const utc = wall - offset * 60_000;
    if (zoneOffsetAt(zone, utc) === offset) return utc;
  }
  return wall - before * 60_000;
}
