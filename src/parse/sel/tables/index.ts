// Lookups over the IPMI tables: sensor-type names of every tool generation, offset texts of
// the generic and sensor-specific tables, and the severity an offset stands for.
import { IPMI_DATA } from './ipmi-data.js';
import type { OffsetRow, SensorTypeRow } from './types.js';

export type { OffsetRow, SensorTypeRow } from './types.js';
export type Severity = 'ok' | 'warning' | 'critical' | 'non-recoverable';

export const EVENT_TYPE_THRESHOLD = 0x01;
export const EVENT_TYPE_SEVERITY = 0x07;
export const EVENT_TYPE_SENSOR_SPECIFIC = 0x6f;

/**
 * Names ipmitool ≤1.8.17 printed per offset or per type that the tables do not carry as a
 * single legacy name (ipmi-sel.md §2.8).
 */
const EXTRA_NAMES: [string, number][] = [
  ['System Firmware Error', 0x0f],
  ['System Firmware Hang', 0x0f],
  ['System Firmware Progress', 0x0f],
  ['POST Error', 0x0f],
  ['Management Subsystem Health', 0x28],
  ['OS Stop/Shutdown', 0x20],
  ['Drive Slot', 0x0d],
];

const normName = (name: string) => name.toLowerCase().replace(/\s*\/\s*/g, '/').replace(/[\s_-]+/g, ' ').trim();

const byCode = new Map<number, SensorTypeRow>(IPMI_DATA.sensorTypes.map((row) => [row.code, row]));
const byName = new Map<string, number>();
for (const row of IPMI_DATA.sensorTypes) {
  if (row.code === 0) continue;
  for (const name of [row.ipmitool, row.legacy, row.name, row.redfish]) if (name && !byName.has(normName(name))) byName.set(normName(name), row.code);
}
for (const [name, code] of EXTRA_NAMES) if (!byName.has(normName(name))) byName.set(normName(name), code);
/** Every known sensor-type name, longest first, so a column like `Memory DIMM_A1` splits at the longest type name. */
const NAMES_LONGEST_FIRST = [...byName.keys()].sort((a, b) => b.length - a.length);

export function sensorTypeByCode(code: number): SensorTypeRow | undefined {
  return byCode.get(code);
}

export function sensorTypeCodeByName(name: string): number | undefined {
  return byName.get(normName(name));
}

/** The ipmitool ≥1.8.18 name of a sensor type; OEM and unknown codes print as ipmitool does. */
export function sensorTypeName(code: number): string {
  return byCode.get(code)?.ipmitool ?? (code >= 0xc0 ? 'OEM' : 'Unknown');
}

/** Splits an `elist` sensor column (`Memory DIMM_A1`) into the type name and the SDR name after it. */
export function splitTypeAndName(column: string): { code: number; typeText: string; rest: string } | undefined {
  const norm = normName(column);
  for (const name of NAMES_LONGEST_FIRST) {
    if (norm === name || norm.startsWith(`${name} `)) {
      // Map the normalised length back onto the original text word by word.
      const words = name.split(' ').length;
      const parts = column.trim().split(/\s+/);
      let consumed = 0;
      let index = 0;
      while (index < parts.length && consumed < words) {
        consumed += normName(parts[index]!).split(' ').filter(Boolean).length || 1;
        index++;
      }
      return { code: byName.get(name)!, typeText: parts.slice(0, index).join(' '), rest: parts.slice(index).join(' ') };
    }
  }
  return undefined;
}

/** ipmitool's `Event Type` label for an event/reading type code. */
export function eventTypeLabel(code: number): string {
  if (code === 0) return 'Unspecified';
  if (code === EVENT_TYPE_THRESHOLD) return 'Threshold';
  if (code >= 0x02 && code <= 0x0b) return 'Generic Discrete';
  if (code === EVENT_TYPE_SENSOR_SPECIFIC) return 'Sensor-specific Discrete';
  if (code >= 0x70 && code <= 0x7f) return 'OEM';
  return 'Reserved';
}

const generic = new Map(IPMI_DATA.eventReadingTypes.map((t) => [t.code, t]));
const specific = new Map(IPMI_DATA.sensorSpecific.map((t) => [t.sensorType, t.offsets]));

/** The text ipmitool prints for an offset, or FreeIPMI's short text where ipmitool's table has none. */
export function offsetText(row: OffsetRow): string {
  return (row.ipmitool ?? row.short).trim();
}

export function eventReadingTypes(): readonly { code: number; label: string; offsets: OffsetRow[] }[] {
  return IPMI_DATA.eventReadingTypes;
}

export function sensorSpecificTables(): readonly { sensorType: number; offsets: OffsetRow[] }[] {
  return IPMI_DATA.sensorSpecific;
}

export function allSensorTypes(): readonly SensorTypeRow[] {
  return IPMI_DATA.sensorTypes;
}

/** The table row of an event: generic tables by event type, sensor-specific ones by sensor type. */
export function offsetRow(sensorType: number, eventType: number, offset: number): OffsetRow | undefined {
  const rows = eventType === EVENT_TYPE_SENSOR_SPECIFIC ? specific.get(sensorType) : generic.get(eventType)?.offsets;
  return rows?.find((row) => row.offset === offset);
}

const normText = (text: string) => text.toLowerCase().replace(/[\s-]+/g, ' ').trim();

export interface OffsetMatch {
  eventType: number;
  row: OffsetRow;
}

/**
 * Finds which table row a printed description came from. The sensor's own sensor-specific table
 * is searched first (its offsets are what a BMC means by default), then the generic tables.
 * Any of ipmitool's, FreeIPMI's or the spec's wording is accepted.
 */
export function offsetByText(sensorType: number | undefined, text: string, eventType?: number): OffsetMatch | undefined {
  const wanted = normText(text);
  if (!wanted) return undefined;
  const same = (row: OffsetRow) => [row.ipmitool, row.short, row.name].some((t) => t !== undefined && normText(t) === wanted);
  // The event type is known (raw bytes, `-vv` output): only its own table can hold the text.
  if (eventType !== undefined) {
    const rows = eventType === EVENT_TYPE_SENSOR_SPECIFIC ? (sensorType !== undefined ? specific.get(sensorType) : undefined) : generic.get(eventType)?.offsets;
    const row = rows?.find(same);
    return row ? { eventType, row } : undefined;
  }
  if (sensorType !== undefined) {
    const row = specific.get(sensorType)?.find(same);
    if (row) return { eventType: EVENT_TYPE_SENSOR_SPECIFIC, row };
  }
  for (const table of IPMI_DATA.eventReadingTypes) {
    const row = table.offsets.find(same);
    if (row) return { eventType: table.code, row };
  }
  return undefined;
}

/** Severity levels of the generic Severity table (event type 0x07), by offset. */
const SEVERITY_TABLE: Severity[] = ['ok', 'warning', 'critical', 'non-recoverable', 'warning', 'critical', 'non-recoverable', 'ok', 'ok'];
const HINTS: Record<string, Severity> = { nominal: 'ok', warning: 'warning', critical: 'critical' };

/**
 * What an offset says about the hardware when asserted. The Severity table and threshold levels
 * name their level themselves (so `Transition to Non-recoverable` is non-recoverable, where
 * FreeIPMI's three-level hint would flatten it to Critical); other offsets use FreeIPMI's hint.
 */
export function severityOf(eventType: number, row: OffsetRow): Severity | undefined {
  if (eventType === EVENT_TYPE_SEVERITY) return SEVERITY_TABLE[row.offset];
  if (eventType === EVENT_TYPE_THRESHOLD && row.level) {
    if (/non-recoverable/i.test(row.level)) return 'non-recoverable';
    if (/non-critical/i.test(row.level)) return 'warning';
    if (/critical/i.test(row.level)) return 'critical';
  }
  return row.severityHint ? HINTS[row.severityHint.toLowerCase()] : undefined;
}

export interface TextMatch extends OffsetMatch {
  /** Sensor type of a sensor-specific row; absent for the generic tables, which any sensor may use. */
  sensorType?: number;
}

let textIndex: Map<string, TextMatch[]> | undefined;
let phrases: string[] | undefined;

/** Every table row by each of its wordings (ipmitool, FreeIPMI, spec), built once. */
function index(): Map<string, TextMatch[]> {
  if (textIndex) return textIndex;
  textIndex = new Map();
  const add = (text: string | undefined, match: TextMatch) => {
    if (!text) return;
    const key = normText(text);
    if (!key) return;
    const list = textIndex!.get(key) ?? [];
    if (!list.some((m) => m.eventType === match.eventType && m.sensorType === match.sensorType && m.row.offset === match.row.offset)) list.push(match);
    textIndex!.set(key, list);
  };
  for (const { sensorType, offsets } of IPMI_DATA.sensorSpecific) for (const row of offsets) for (const t of [row.ipmitool, row.short, row.name]) add(t, { eventType: EVENT_TYPE_SENSOR_SPECIFIC, row, sensorType });
  for (const { code, offsets } of IPMI_DATA.eventReadingTypes) for (const row of offsets) for (const t of [row.ipmitool, row.short, row.name]) add(t, { eventType: code, row });
  return textIndex;
}

/** Every table row a printed text may come from, in any table (sensor-specific ones carry their sensor type). */
export function offsetsByText(text: string): TextMatch[] {
  return index().get(normText(text)) ?? [];
}

/**
 * The longest table wording of two words or more inside `text`, at word boundaries: where a row
 * that runs its columns together (`Memory #08 Correctable ECC, DIMM[4]`) has its event text.
 */
export function findOffsetPhrase(text: string): { start: number; end: number; matches: TextMatch[] } | undefined {
  phrases ??= [...index().keys()].filter((k) => k.includes(' ')).sort((a, b) => b.length - a.length);
  const lower = text.toLowerCase().replace(/[\s-]+/g, ' ');
  // `lower` keeps the length of `text` only where no run of blanks was collapsed; map back through a regex instead.
  for (const phrase of phrases) {
    const at = lower.indexOf(phrase);
    if (at < 0) continue;
    const before = lower[at - 1];
    const after = lower[at + phrase.length];
    if ((before !== undefined && /\w/.test(before)) || (after !== undefined && /\w/.test(after))) continue;
    const pattern = new RegExp(`(?<!\\w)${phrase.split(' ').map((w) => w.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('[\\s-]+')}(?!\\w)`, 'i');
    const m = pattern.exec(text);
    if (!m) continue;
    return { start: m.index, end: m.index + m[0].length, matches: index().get(phrase)! };
  }
  return undefined;
}
