// Builds unseen variants of the reference incident: the same failure on other CPUs, with other
// register values, in another time zone, on other dates, on another host. The engine must
// follow the inputs, so every expected number below is derived from the variant's parameters.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const REFERENCE_DIR = new URL('../../examples/incident-2024-03-27/', import.meta.url).pathname;

export interface Variant {
  waitingCpu: number;
  targetCpu: number;
  /** Host local clock offset from UTC, in minutes. */
  hostOffsetMinutes: number;
  /** Whole days every wall-clock date moves by. */
  shiftDays: number;
  hostname: string;
  comm: string;
  pid: number;
}

const REFERENCE = { waitingCpu: 65, targetCpu: 0, hostOffsetMinutes: 8 * 60, hostname: 'node-2', comm: 'kcompactd4', pid: 925 };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function readReference(): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(REFERENCE_DIR).sort()) files.set(name, readFileSync(join(REFERENCE_DIR, name), 'utf8'));
  return files;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const hex16 = (n: number) => n.toString(16).padStart(16, '0');

function shiftSelDate(text: string, days: number): string {
  // 03/27/2024 | 12:48:44  and  Timestamp : 03/27/2024 12:48:44
  return text.replace(/(\d\d)\/(\d\d)\/(\d{4})/g, (_m, mm: string, dd: string, yyyy: string) => {
    const d = new Date(Date.UTC(Number(yyyy), Number(mm) - 1, Number(dd) + days));
    return `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${d.getUTCFullYear()}`;
  });
}

function shiftSyslog(text: string, v: Variant): string {
  // Local stamps were written at UTC+08:00 in 2024; move them to the variant's zone and dates.
  let out = text.replace(/^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d\d):(\d\d):(\d\d)/gm, (_m, mon: string, day: string, hh: string, mi: string, ss: string) => {
    const utc = Date.UTC(2024, MONTHS.indexOf(mon), Number(day), Number(hh), Number(mi), Number(ss)) - REFERENCE.hostOffsetMinutes * 60_000;
    const local = new Date(utc + v.shiftDays * 86_400_000 + v.hostOffsetMinutes * 60_000);
    const dayText = String(local.getUTCDate()).padStart(2, ' ');
    return `${MONTHS[local.getUTCMonth()]} ${dayText} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  });
  out = out.replace(/"ts":"(\d{4})-(\d\d)-(\d\d)T/g, (_m, y: string, mo: string, d: string) => {
    const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d) + v.shiftDays));
    return `"ts":"${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}T`;
  });
  return out.replaceAll(` ${REFERENCE.hostname} `, ` ${v.hostname} `);
}

function moveCpu(text: string, v: Variant): string {
  const w = REFERENCE.waitingCpu;
  return text
    .replaceAll(`CPU: ${w} `, `CPU: ${v.waitingCpu} `)
    .replaceAll(`CPU#${w} `, `CPU#${v.waitingCpu} `)
    .replaceAll(`Task dump for CPU ${w}:`, `Task dump for CPU ${v.waitingCpu}:`)
    .replace(new RegExp(`(rcu:\\s+)${w}-`), `$1${v.waitingCpu}-`)
    .replaceAll(`[${REFERENCE.comm}:${REFERENCE.pid}]`, `[${v.comm}:${v.pid}]`)
    .replaceAll(`Comm: ${REFERENCE.comm} `, `Comm: ${v.comm} `)
    .replaceAll(`PID: ${REFERENCE.pid} `, `PID: ${v.pid} `)
    .replace(`task:${REFERENCE.comm} `, `task:${v.comm.padEnd(REFERENCE.comm.length)} `)
    .replace(/pid: +925 /, `pid: ${String(v.pid).padStart(5)} `)
    // The spinning loop keeps the cpu index in x0 (cpumask_next's result) and the flags in w1.
    .replace(/x0 : [0-9a-f]{16}/, `x0 : ${hex16(v.targetCpu)}`);
}

export function makeVariant(v: Variant): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, text] of readReference()) {
    if (name.startsWith('console')) out.set(name, moveCpu(text, v));
    else if (name === 'messages') out.set(name, shiftSyslog(text, v));
    else if (name.startsWith('sel')) out.set(name, shiftSelDate(text, v.shiftDays));
    else out.set(name, text);
  }
  return out;
}

/** UTC time of a reference-incident UTC instant in the variant. */
export function shiftedIso(referenceIso: string, v: Variant): string {
  return new Date(Date.parse(referenceIso) + v.shiftDays * 86_400_000).toISOString().replace('.000Z', 'Z');
}

export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
