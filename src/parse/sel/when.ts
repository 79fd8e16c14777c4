// Dates and times as SEL tools print them: every locale ipmitool 1.8.19 inherits, FreeIPMI's
// month names, web UIs, ISO stamps, 12-hour clocks, CJK characters and trailing zone names.
import type { LocalDateTime } from '../../model/records.js';
import { monthNumber } from '../prefix/table.js';

export interface SelDate {
  year?: number;
  month: number;
  day: number;
  /** `a/b/y` dates whose order is only known from context (en_GB prints day first). */
  slash?: boolean;
}

export interface SelWhen {
  local: LocalDateTime;
  /** Zone printed after the time (`CST`, `GMT`, `+08:00`). */
  zone?: string;
  /** Slash date whose first two numbers could be swapped (both ≤ 12). */
  swappable?: boolean;
}

const fullYear = (y: string) => (y.length === 4 ? Number(y) : Number(y) < 70 ? 2000 + Number(y) : 1900 + Number(y));

/** Date rows, one per printed form. */
const DATE_FORMS: { example: string; pattern: RegExp; read(m: RegExpExecArray): SelDate | undefined }[] = [
  // ipmitool C/en_US `03/27/2024`, C locale 1.8.19 `03/27/24`, ipmiutil `03/27/24`, en_GB `27/03/24`.
  { example: '03/27/2024', pattern: /^(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})$/, read: (m) => ({ month: Number(m[1]), day: Number(m[2]), year: fullYear(m[3]!), slash: true }) },
  // de_DE `27.03.2024`.
  { example: '27.03.2024', pattern: /^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})$/, read: (m) => ({ day: Number(m[1]), month: Number(m[2]), year: fullYear(m[3]!) }) },
  // ISO / OpenBMC `2024-03-27`.
  { example: '2024-03-27', pattern: /^(\d{4})-(\d{1,2})-(\d{1,2})$/, read: (m) => ({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }) },
  // Supermicro web and IPMICFG `2024/03/27`.
  { example: '2024/03/27', pattern: /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/, read: (m) => ({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }) },
  // zh_CN / ja_JP `2024年03月27日`.
  { example: '2024年03月27日', pattern: /^(\d{4})年(\d{1,2})月(\d{1,2})日$/, read: (m) => ({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }) },
  // FreeIPMI `Mar-27-2024`, MegaRAC web `Mar/27/2024`, racadm-style `Mar 27 2024`.
  {
    example: 'Mar-27-2024',
    pattern: /^([A-Za-z]{3})[-/ ](\d{1,2})[-/ ,]+(\d{4})$/,
    read: (m) => {
      const month = monthNumber(m[1]!);
      return month ? { month, day: Number(m[2]), year: Number(m[3]) } : undefined;
    },
  },
];

export function parseSelDate(text: string): SelDate | undefined {
  const t = text.trim();
  for (const form of DATE_FORMS) {
    const m = form.pattern.exec(t);
    if (!m) continue;
    const date = form.read(m);
    if (date && date.month >= 1 && date.day >= 1 && date.day <= 31 && (date.month <= 12 || (date.slash && date.day <= 12))) return date;
  }
  return undefined;
}

/** `12:48:44`, `08:48:44 PM`, `20时48分44秒`, `20時48分44秒`, each optionally followed by a zone. */
const TIME = /^(\d{1,2})[:时時](\d{2})[:分](\d{2})(?:秒)?(?:\.(\d{1,6}))?(?:\s*([AaPp][Mm]))?(?:\s+([A-Z][A-Za-z]{1,5}|[+-]\d{2}:?\d{2}|UTC[+-]\d{1,2}))?$/;

export function parseSelTime(text: string): { hour: number; minute: number; second: number; millis?: number; zone?: string } | undefined {
  const m = TIME.exec(text.trim());
  if (!m) return undefined;
  let hour = Number(m[1]);
  const ampm = m[5]?.toUpperCase();
  if (ampm) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (ampm === 'PM' ? 12 : 0);
  }
  if (hour > 23 || Number(m[2]) > 59 || Number(m[3]) > 60) return undefined;
  return {
    hour,
    minute: Number(m[2]),
    second: Number(m[3]),
    ...(m[4] ? { millis: Math.round(Number(`0.${m[4]}`) * 1000) } : {}),
    ...(m[6] ? { zone: m[6] } : {}),
  };
}

export function parseSelWhen(dateText: string, timeText: string): SelWhen | undefined {
  const date = parseSelDate(dateText);
  const time = parseSelTime(timeText);
  if (!date || !time) return undefined;
  let { month, day } = date;
  // A slash date with a first number above 12 can only be day-first (en_GB).
  if (date.slash && month > 12) [month, day] = [day, month];
  const { zone, ...clock } = time;
  return {
    local: { ...(date.year !== undefined ? { year: date.year } : {}), month, day, ...clock },
    ...(zone ? { zone } : {}),
    ...(date.slash && date.month <= 12 && date.day <= 12 && date.month !== date.day ? { swappable: true } : {}),
  };
}

/** `2024-03-27T12:48:44+00:00` (Redfish, OpenBMC, journal) → local wall time and its offset. */
export function parseIsoWhen(text: string): SelWhen | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$/.exec(text.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const millis = m[7] ? { millis: Math.round(Number(`0.${m[7]}`) * 1000) } : {};
  return { local: { year, month, day, hour, minute, second, ...millis }, ...(m[8] ? { zone: m[8] === 'Z' ? '+00:00' : m[8] } : {}) };
}
