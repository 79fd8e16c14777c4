// Small helpers for clock arithmetic shared by the align stage and its users.
import type { LocalDateTime } from '../model/records.js';
import { localToEpochMillis } from '../parse/prefix/table.js';

export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

export function toIso(millis: number): string {
  const iso = new Date(millis).toISOString();
  // Whole seconds print without `.000`, so times read like the logs they came from.
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

/** Local wall-clock → UTC millis, given the zone's offset east of UTC. */
export function localToUtc(local: LocalDateTime, offsetMinutes: number, year?: number): number | undefined {
  const y = local.year ?? year;
  if (y === undefined) return undefined;
  return localToEpochMillis(local, y) - offsetMinutes * 60_000;
}

export function formatLocal(local: LocalDateTime): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const date = `${local.year !== undefined ? `${local.year}-` : ''}${pad(local.month)}-${pad(local.day)}`;
  return `${date} ${pad(local.hour)}:${pad(local.minute)}:${pad(local.second)}`;
}
