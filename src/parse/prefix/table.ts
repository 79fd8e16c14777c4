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
  /** systemd's boot id (`_BOOT_ID` of a journal JSON record): changes exactly when the host booted. */
  bootId?: string;
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

/** Groups year, month, day, hour, minute, second, fraction starting at `i` → LocalDateTime. */
function isoLocal(m: RegExpExecArray, i: number): LocalDateTime {
  return {
    year: Number(m[i]),
    month: Number(m[i + 1]),
    day: Number(m[i + 2]),
    hour: Number(m[i + 3]),
    minute: Number(m[i + 4]),
    second: Number(m[i + 5]),
    millis: fraction(m[i + 6]),
  };
}

/** `[ 1234.567890]` and an optional caller id `[ T123]` / `[  C4]` after it. */
const DMESG_STAMP = String.raw`\[\s*(\d+\.\d+)\](?:\s?\[\s*([TC]\d+)\])?`;

/** Splits a kernel message that still carries its `[uptime]` stamp (syslog `kernel: [ 12.3] …`). */
const KERNEL_STAMP = new RegExp(`^${DMESG_STAMP} ?`);

export function splitKernelStamp(message: string): { uptime?: number; caller?: string; message: string } {
  const m = KERNEL_STAMP.exec(message);
  if (!m) return { message };
  return { uptime: Number(m[1]), caller: m[2], message: message.slice(m[0].length) };
}

/**
 * The host field may be empty (`(\S*)` in the syslog rows): rsyslog writes
 * `Nov  5 05:48:20  kernel: …`, two spaces, when the message reached it without a hostname
 * (RFC 3164 §4.1.2 leaves the field to the relay); such lines are read like the others.
 */
function syslogFields(rawHost: string, program: string, pid: string | undefined, rest: string): Omit<PrefixFields, 'local' | 'utcMillis'> {
  const host = rawHost || undefined;
  const kernel = program === 'kernel';
  if (!kernel) return { host, program, pid: pid ? Number(pid) : undefined, message: rest, kernel };
  const stamp = splitKernelStamp(rest);
  return { host, program, message: stamp.message, uptime: stamp.uptime, caller: stamp.caller, kernel };
}

const WEEKDAY = String.raw`(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)`;

/** The printk level is the low three bits of a syslog priority (`<13>` = user.notice → 5). */
function levelOf(priority: string | undefined): number | undefined {
  return priority === undefined ? undefined : Number(priority) & 7;
}

/** journalctl -o json: one JSON object per line; MESSAGE may be an array of bytes when not UTF-8. */
function journalJson(text: string): PrefixFields | undefined {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const raw = record.MESSAGE;
  const message =
    typeof raw === 'string' ? raw : Array.isArray(raw) ? new TextDecoder().decode(Uint8Array.from(raw.filter((b) => typeof b === 'number'))) : undefined;
  if (message === undefined) return undefined;
  const str = (key: string) => (typeof record[key] === 'string' ? (record[key] as string) : undefined);
  const program = str('SYSLOG_IDENTIFIER') ?? str('_COMM');
  const kernel = str('_TRANSPORT') === 'kernel' || program === 'kernel';
  const realtime = str('__REALTIME_TIMESTAMP');
  // For kernel records the kernel's own printk stamp survives as _SOURCE_MONOTONIC_TIMESTAMP (µs).
  const monotonic = kernel ? (str('_SOURCE_MONOTONIC_TIMESTAMP') ?? str('__MONOTONIC_TIMESTAMP')) : undefined;
  const pid = str('_PID') ?? str('SYSLOG_PID');
  const stamp = kernel ? splitKernelStamp(message) : { message };
  return {
    message: stamp.message,
    utcMillis: realtime && /^\d+$/.test(realtime) ? Math.floor(Number(realtime) / 1000) : undefined,
    uptime: stamp.uptime ?? (monotonic && /^\d+$/.test(monotonic) ? Number(monotonic) / 1e6 : undefined),
    caller: stamp.caller,
    host: str('_HOSTNAME'),
    program,
    pid: pid && !kernel ? Number(pid) : undefined,
    level: str('PRIORITY') !== undefined ? Number(str('PRIORITY')) : undefined,
    bootId: str('_BOOT_ID'),
    kernel,
  };
}

export const PREFIX_FORMATS: PrefixFormat[] = [
  {
    // journalctl -o short-monotonic puts the uptime first; the program name tells it from dmesg.
    name: 'journal-short-monotonic',
    example: '[32407.273314] node-2 kernel: watchdog: BUG: soft lockup - CPU#65 stuck for 22s! [kcompactd4:925]',
    pattern: /^\[\s*(\d+\.\d+)\] (\S+) (kernel|[\w.@/-]+\[\d+\]): ?/,
    extract: (m) => {
      const kernel = m[3] === 'kernel';
      const program = /^([^[]+)(?:\[(\d+)\])?$/.exec(m[3]!)!;
      return {
        uptime: kernel ? Number(m[1]) : undefined,
        host: m[2],
        program: program[1],
        pid: program[2] ? Number(program[2]) : undefined,
        message: m.input.slice(m[0].length),
        kernel,
      };
    },
  },
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
    // dmesg -T: the uptime already converted to local wall-clock time (drifts after suspend).
    name: 'dmesg-T',
    example: '[Thu Oct 30 06:21:23 2025] watchdog: BUG: soft lockup - CPU#3 stuck for 23s! [swapper/3:0]',
    pattern: new RegExp(String.raw`^(?:<(\d)>)?\[${WEEKDAY} ([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d\d):(\d\d):(\d\d)(?:[.,](\d+))? (\d{4})\](?:\s?\[\s*([TC]\d+)\])? ?`),
    extract: (m) => ({
      level: m[1] !== undefined ? Number(m[1]) : undefined,
      local: {
        year: Number(m[8]),
        month: monthNumber(m[2]!) ?? 0,
        day: Number(m[3]),
        hour: Number(m[4]),
        minute: Number(m[5]),
        second: Number(m[6]),
        millis: fraction(m[7] ? `.${m[7]}` : undefined),
      },
      caller: m[9],
      message: m.input.slice(m[0].length),
      kernel: true,
    }),
  },
  {
    // /dev/kmsg record: priority, sequence, microseconds since boot, flag, optional caller=.
    name: 'kmsg',
    example: '4,5012,12915313027,-;watchdog: BUG: soft lockup - CPU#3 stuck for 23s! [swapper/3:0]',
    pattern: /^(\d{1,3}),(\d+),(\d+),([-+c])(?:,[^;]*?caller=([TC]\d+))?[^;]*;/,
    extract: (m) => ({
      level: levelOf(m[1]),
      uptime: Number(m[3]) / 1e6,
      caller: m[5],
      message: m.input.slice(m[0].length),
      kernel: true,
    }),
  },
  {
    name: 'journal-json',
    example: '{"__REALTIME_TIMESTAMP":"1711543725465120","_HOSTNAME":"node-2","SYSLOG_IDENTIFIER":"kernel","_TRANSPORT":"kernel","PRIORITY":"4","_SOURCE_MONOTONIC_TIMESTAMP":"32407273314","MESSAGE":"watchdog: BUG: soft lockup - CPU#65 stuck for 22s! [kcompactd4:925]"}',
    pattern: /^\s*\{.*"MESSAGE"\s*:.*\}\s*$/,
    extract: (m) => journalJson(m.input.trim()) ?? { message: m.input, kernel: false },
  },
  {
    // RFC 5424 (rsyslog forwarding, syslog-ng): <PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG
    name: 'rfc5424',
    example: '<4>1 2024-03-27T20:48:45.465120+08:00 node-2 kernel - - - watchdog: BUG: soft lockup - CPU#65 stuck for 22s! [kcompactd4:925]',
    pattern: /^<(\d{1,3})>1 (\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d) (\S+) (\S+) (\S+) \S+ (?:-|(?:\[(?:[^\]\\]|\\.)*\])+) ?/,
    extract: (m) => {
      const local = isoLocal(m, 2);
      const rest = m.input.slice(m[0].length).replace(/^\uFEFF/, '');
      const fields = syslogFields(m[10] === '-' ? '' : m[10]!, m[11]!, m[12] === '-' ? undefined : m[12], rest);
      return { ...fields, host: fields.host || undefined, local, utcMillis: zonedToUtc(local, m[9]!), level: levelOf(m[1]) };
    },
  },
  {
    // Also journalctl -o short and -o short-precise (fractional seconds); `<PRI>` when forwarded raw.
    name: 'bsd-syslog',
    example: 'Mar 28 17:04:54 node-2 kernel: Linux version 4.18.0-372.19.1.es8_10.aarch64',
    pattern: /^(?:<(\d{1,3})>)?([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d\d):(\d\d):(\d\d)(\.\d+)? (\S*) ([^\s:[]+)(?:\[(\d+)\])?: ?/,
    extract: (m) => ({
      local: {
        month: monthNumber(m[2]!) ?? 0,
        day: Number(m[3]),
        hour: Number(m[4]),
        minute: Number(m[5]),
        second: Number(m[6]),
        millis: fraction(m[7]),
      },
      ...syslogFields(m[8]!, m[9]!, m[10], m.input.slice(m[0].length)),
      level: levelOf(m[1]),
    }),
  },
  {
    // Also journalctl -o short-iso / short-iso-precise (`+0800` offsets).
    name: 'rfc3339-syslog',
    example: '2024-03-27T20:48:45.465120+08:00 node-2 kernel: watchdog: BUG: soft lockup - CPU#65 stuck for 22s!',
    pattern: /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(\.\d+)?(Z|[+-]\d\d:?\d\d)? (\S*) ([^\s:[]+)(?:\[(\d+)\])?: ?/,
    extract: (m) => {
      const local = isoLocal(m, 1);
      return {
        local,
        utcMillis: m[8] ? zonedToUtc(local, m[8]) : undefined,
        ...syslogFields(m[9]!, m[10]!, m[11], m.input.slice(m[0].length)),
      };
    },
  },
  {
    // journalctl -o short-full: weekday, date, time and a zone abbreviation (not an offset).
    name: 'journal-short-full',
    example: 'Wed 2024-03-27 20:48:45 CST node-2 kernel: watchdog: BUG: soft lockup - CPU#65 stuck for 22s! [kcompactd4:925]',
    pattern: new RegExp(String.raw`^${WEEKDAY} (\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(\.\d+)? ([A-Z][A-Za-z0-9+-]{1,5}) (\S*) ([^\s:[]+)(?:\[(\d+)\])?: ?`),
    extract: (m) => {
      const local = isoLocal(m, 1);
      const utc = m[8] === 'UTC' || m[8] === 'GMT';
      return { local, utcMillis: utc ? localToEpochMillis(local) : undefined, ...syslogFields(m[9]!, m[10]!, m[11], m.input.slice(m[0].length)) };
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
