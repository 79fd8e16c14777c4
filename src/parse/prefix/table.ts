// Line prefixes, one row per format, each with a real example. The first row that matches
// takes the prefix off; rows are tried in order, so more specific formats come first.
import type { LocalDateTime } from '../../model/records.js';

export interface PrefixFields {
  message: string;
  uptime?: number;
  local?: LocalDateTime;
  utcMillis?: number;
  host?: string;
  program?: string;
  pid?: number;
  level?: number;
  caller?: string;
  kernel: boolean;
}

export interface PrefixFormat {
  name: string;
  example: string;
  pattern: RegExp;
  extract(m: RegExpExecArray): PrefixFields;
}

const MONTHS: Record<string, number> = {
  Jan: 1, Feb: 2, Mar: 3, Apr: 4, May: 5, Jun: 6, Jul: 7, Aug: 8, Sep: 9, Oct: 10, Nov: 11, Dec: 12,
};

export function monthNumber(name: string): number | undefined {
  return MONTHS[name.slice(0, 1).toUpperCase() + name.slice(1, 3).toLowerCase()];
}

function fraction(text: string | undefined): number | undefined {
  if (!text) return undefined;
  return Math.round(Number(`0${text}`) * 1000);
}

/** `[ 1234.567890]` and an optional caller id `[ T123]` / `[  C4]` after it. */
const DMESG_STAMP = String.raw`\[\s*(\d+\.\d+)\](?:\s?\[\s*([TC]\d+)\])?`;

/** Splits a kernel message that still carries its `[uptime]` stamp (syslog `kernel: [ 12.3] …`). */
export function splitKernelStamp(message: string): { uptime?: number; caller?: string; message: string } {
  const m = new RegExp(`^${DMESG_STAMP} ?`).exec(message);
  if (!m) return { message };
  return { uptime: Number(m[1]), caller: m[2], message: message.slice(m[0].length) };
}

function syslogFields(host: string, program: string, pid: string | undefined, rest: string): Omit<PrefixFields, 'local' | 'utcMillis'> {
  const kernel = program === 'kernel';
  if (!kernel) return { host, program, pid: pid ? Number(pid) : undefined, message: rest, kernel };
  const stamp = splitKernelStamp(rest);
  return { host, program, message: stamp.message, uptime: stamp.uptime, caller: stamp.caller, kernel };
}

export const PREFIX_FORMATS: PrefixFormat[] = [
  {
    name: 'dmesg',
    example: '[32227.369928] CPU: 65 PID: 925 Comm: kcompactd4',
    pattern: new RegExp(`^(?:<(\\d)>)?${DMESG_STAMP} ?`),
    extract: (m) => ({
      level: m[1] !== undefined ? Number(m[1]) : undefined,
      uptime: Number(m[2]),
      caller: m[3],
      message: m.input.slice(m[0].length),
      kernel: true,
    }),
  },
  {
    name: 'bsd-syslog',
    example: 'Mar 28 17:04:54 node-2 kernel: Linux version 4.18.0-372.19.1.es8_10.aarch64',
    pattern: /^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d\d):(\d\d):(\d\d)(\.\d+)? (\S+) ([^\s:[]+)(?:\[(\d+)\])?: ?/,
    extract: (m) => ({
      local: {
        month: monthNumber(m[1]!) ?? 0,
        day: Number(m[2]),
        hour: Number(m[3]),
        minute: Number(m[4]),
        second: Number(m[5]),
        millis: fraction(m[6]),
      },
      ...syslogFields(m[7]!, m[8]!, m[9], m.input.slice(m[0].length)),
    }),
  },
  {
    name: 'rfc3339-syslog',
    example: '2024-03-27T20:48:45.465120+08:00 node-2 kernel: watchdog: BUG: soft lockup - CPU#65 stuck for 22s!',
    pattern: /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(\.\d+)?(Z|[+-]\d\d:?\d\d)? (\S+) ([^\s:[]+)(?:\[(\d+)\])?: ?/,
    extract: (m) => {
      const local: LocalDateTime = {
        year: Number(m[1]),
        month: Number(m[2]),
        day: Number(m[3]),
        hour: Number(m[4]),
        minute: Number(m[5]),
        second: Number(m[6]),
        millis: fraction(m[7]),
      };
      return {
        local,
        utcMillis: m[8] ? zonedToUtc(local, m[8]) : undefined,
        ...syslogFields(m[9]!, m[10]!, m[11], m.input.slice(m[0].length)),
      };
    },
  },
  {
    name: 'kmsg-level',
    example: '<4>watchdog: BUG: soft lockup - CPU#3 stuck for 23s! [swapper/3:0]',
    pattern: /^<(\d)>/,
    extract: (m) => ({ level: Number(m[1]), message: m.input.slice(m[0].length), kernel: true }),
  },
];

/** `Z`, `+08:00`, `+0800` → minutes east of UTC. */
export function parseOffsetMinutes(zone: string): number | undefined {
  if (zone === 'Z' || zone === 'z') return 0;
  const m = /^([+-])(\d\d):?(\d\d)$/.exec(zone);
  if (!m) return undefined;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -minutes : minutes;
}

export function localToEpochMillis(local: LocalDateTime, year = local.year ?? 1970): number {
  return Date.UTC(year, local.month - 1, local.day, local.hour, local.minute, local.second, local.millis ?? 0);
}

function zonedToUtc(local: LocalDateTime, zone: string): number | undefined {
  const offset = parseOffsetMinutes(zone);
  if (offset === undefined) return undefined;
  return localToEpochMillis(local) - offset * 60_000;
}
