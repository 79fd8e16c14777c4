// Turns the fields a SEL format printed into one normalised SelRecord: sensor type and number
// from whatever column shape the tool used, the table row behind the description (event type,
// severity), the DIMM, and a cross-check of the text against raw event data when both are shown.
import type { LogLine, SelRecord } from '../../model/records.js';
import { decodeEvent, hexBytes } from './decode.js';
import {
  EVENT_TYPE_SENSOR_SPECIFIC,
  eventTypeLabel,
  offsetByText,
  offsetRow,
  offsetText,
  sensorTypeCodeByName,
  sensorTypeName,
  severityOf,
  splitTypeAndName,
  type Severity,
} from './tables/index.js';
import type { SelWhen } from './when.js';

/** What a format read off its line(s), before normalisation. */
export interface SelDraft {
  recordId?: number;
  when?: SelWhen;
  preInit?: boolean;
  preInitSeconds?: number;
  /** ipmitool list column: `Memory #0xeb`, `Memory DIMM_A1`, `Power Unit Pwr Unit Status`. */
  sensorColumn?: string;
  sensorTypeText?: string;
  sensorTypeCode?: number;
  sensorNumber?: number;
  sensorName?: string;
  /** Event offset a vendor's wording names (catalog.ts), when no table text or data gives it. */
  offset?: number;
  /** Event type as printed (`Generic Discrete`) or its code. */
  eventTypeText?: string;
  eventTypeCode?: number;
  description: string;
  direction?: 'asserted' | 'deasserted';
  /** Severity the tool printed (FreeIPMI State, racadm Severity, Redfish Severity). */
  toolSeverity?: string;
  /** Event data 1-3 as hex when shown. */
  eventData?: string;
  /** The whole 16-byte record as hex when shown. */
  raw?: string;
  generatorId?: number;
  /** Text after the direction (threshold readings, ipmitool's CPU/DIMM column). */
  extra?: string;
  dimm?: { label: string; method: string };
  /** The sensor type was read from the vendor's wording or message id, not printed as a type. */
  sensorTypeFrom?: string;
  /** `host`: the time is the host's clock (ipmievd syslog lines). */
  clock?: 'bmc' | 'host';
}

export interface NormaliseResult {
  record: SelRecord;
  /** Text and raw data disagree: the message says how. */
  mismatch?: string;
}

const TOOL_SEVERITY: [RegExp, Severity][] = [
  [/non-?recoverable|fatal/i, 'non-recoverable'],
  [/critical|major|crt|error|^e$/i, 'critical'],
  [/warn|minor|caution|non-critical|^w$/i, 'warning'],
  [/^(ok|nominal|informational|info|inf|normal|i)$/i, 'ok'],
];

function toolSeverity(text: string | undefined): Severity | undefined {
  if (!text) return undefined;
  return TOOL_SEVERITY.find(([pattern]) => pattern.test(text.trim()))?.[1];
}

/** DIMM labels as BMCs and BIOS vendors print them (`DIMM_A1`, `@DIMMA1(CPU1)`, `CPU0_C0D0`, `P1-DIMMA1`, `PROC 1 DIMM 3`). */
const DIMM_LABEL = /(?:P\d[-_])?DIMM[\s_-]?[A-Z]?\d+(?:\s*\(CPU\d+\))?|CPU\d+_(?:DIMM)?[A-Z]\d(?:D\d)?|CPU\d+_C\d+D\d+|(?:PROC|Processor)\s+\d+,?\s+DIMM\s+\d+|CPU\s?\d+\s+DIMM[\s_]?[A-Z]?\d+/i;

function dimmFromText(text: string | undefined, method: string): SelDraft['dimm'] {
  if (!text) return undefined;
  const m = DIMM_LABEL.exec(text);
  return m ? { label: m[0].replace(/^@/, ''), method } : undefined;
}

/** ipmitool's vendor decoders append `(…)` to the description: `Correctable ECC (@DIMMA1(CPU1))`. */
function splitVendorSuffix(description: string): { base: string; suffix?: string } {
  const m = /^(.*?)\s*\(((?:[^()]|\([^()]*\))*)\)\s*$/.exec(description);
  if (!m || !m[1]) return { base: description };
  return { base: m[1], suffix: m[2] };
}

function sensorFromColumn(column: string): Pick<SelDraft, 'sensorTypeText' | 'sensorTypeCode' | 'sensorNumber' | 'sensorName'> {
  const text = column.trim();
  const numbered = /^(.*?)\s*#0x([0-9a-f]{1,2})$/i.exec(text);
  if (numbered) {
    const typeText = numbered[1]!;
    const code = sensorTypeCodeByName(typeText);
    return { sensorTypeText: typeText, ...(code !== undefined ? { sensorTypeCode: code } : {}), sensorNumber: Number.parseInt(numbered[2]!, 16) };
  }
  const split = splitTypeAndName(text);
  if (split) return { sensorTypeText: split.typeText, sensorTypeCode: split.code, ...(split.rest ? { sensorName: split.rest } : {}) };
  return { sensorTypeText: text };
}

const EVENT_TYPE_TEXT: Record<string, number | undefined> = {
  threshold: 0x01,
  'sensor-specific discrete': EVENT_TYPE_SENSOR_SPECIFIC,
};

export function normaliseSel(draft: SelDraft, format: string, line: Pick<LogLine, 'input' | 'line' | 'text'>): NormaliseResult {
  const sensor = draft.sensorColumn ? sensorFromColumn(draft.sensorColumn) : {};
  const sensorTypeCode = draft.sensorTypeCode ?? sensor.sensorTypeCode ?? (draft.sensorTypeText ? sensorTypeCodeByName(draft.sensorTypeText) : undefined);
  const sensorNumber = draft.sensorNumber ?? sensor.sensorNumber;
  const sensorName = draft.sensorName ?? sensor.sensorName;
  const printedType = draft.sensorTypeText ?? sensor.sensorTypeText ?? '';

  // The description may carry a vendor suffix; the table row is found on the text without it.
  let description = draft.description.trim();
  let match = offsetByText(sensorTypeCode, description, draft.eventTypeCode);
  let vendorDetail: string | undefined;
  if (!match) {
    const { base, suffix } = splitVendorSuffix(description);
    const baseMatch = suffix !== undefined ? offsetByText(sensorTypeCode, base, draft.eventTypeCode) : undefined;
    if (baseMatch) {
      match = baseMatch;
      description = base.trim();
      vendorDetail = suffix;
    }
  }

  const eventTypeCode = draft.eventTypeCode ?? match?.eventType ?? (draft.eventTypeText ? EVENT_TYPE_TEXT[draft.eventTypeText.trim().toLowerCase()] : undefined);
  let severity = match ? severityOf(match.eventType, match.row) : undefined;
  let mismatch: string | undefined;
  let decodedDimm: SelDraft['dimm'];

  const data = draft.eventData ? hexBytes(draft.eventData) : undefined;
  if (data && data.length === 3) {
    const offset = data[0]! & 0x0f;
    if (match) {
      if (match.row.offset !== offset) {
        mismatch = `description "${description}" is offset ${match.row.offset} but event data ${draft.eventData} says offset ${offset}`;
      }
    } else if (sensorTypeCode !== undefined && eventTypeCode !== undefined) {
      // No text to go by (blank description): the raw bytes decide, through the tables.
      const row = offsetRow(sensorTypeCode, eventTypeCode, offset);
      if (row) {
        description = description || offsetText(row);
        severity = severityOf(eventTypeCode, row);
      }
    }
    if (sensorTypeCode !== undefined && eventTypeCode !== undefined) {
      const dirType = eventTypeCode | (draft.direction === 'deasserted' ? 0x80 : 0);
      decodedDimm = decodeEvent(sensorTypeCode, sensorNumber ?? 0xff, dirType, [data[0]!, data[1]!, data[2]!]).dimm;
    }
  }
  let offset = match?.row.offset ?? (data && data.length === 3 ? data[0]! & 0x0f : undefined);
  if (offset === undefined && draft.offset !== undefined) {
    // A vendor wording names the offset (catalog.ts); the level is the catalog's or the tool's, the table's only if neither says.
    offset = draft.offset;
    const row = sensorTypeCode !== undefined && eventTypeCode !== undefined ? offsetRow(sensorTypeCode, eventTypeCode, offset) : undefined;
    severity = toolSeverity(draft.toolSeverity) ?? (row && eventTypeCode !== undefined ? severityOf(eventTypeCode, row) : undefined);
  }
  // The tables first; where they have no level for the offset, the level the tool printed.
  severity ??= toolSeverity(draft.toolSeverity);

  const dimm =
    draft.dimm ??
    dimmFromText(vendorDetail, 'vendor-text') ??
    dimmFromText(sensorName, 'sensor-name') ??
    dimmFromText(draft.extra, 'tool-text') ??
    dimmFromText(description, 'bmc-message') ??
    decodedDimm;

  const record: SelRecord = {
    sensorType: sensorTypeCode !== undefined ? sensorTypeName(sensorTypeCode) : printedType || 'Unknown',
    description,
    direction: draft.direction ?? 'asserted',
    format,
    source: { input: line.input, line: line.line },
    text: line.text,
  };
  if (draft.recordId !== undefined) record.recordId = draft.recordId;
  if (draft.when) {
    record.local = draft.when.local;
    if (draft.when.zone) record.zone = draft.when.zone;
  }
  if (draft.preInit) record.preInit = true;
  if (draft.preInitSeconds !== undefined) record.preInitSeconds = draft.preInitSeconds;
  if (sensorTypeCode !== undefined) record.sensorTypeCode = sensorTypeCode;
  if (sensorNumber !== undefined) record.sensorNumber = sensorNumber;
  if (sensorName) record.sensorName = sensorName;
  const eventType = eventTypeCode !== undefined ? eventTypeLabel(eventTypeCode) : draft.eventTypeText?.trim();
  if (eventType) record.eventType = eventType;
  if (eventTypeCode !== undefined) record.eventTypeCode = eventTypeCode;
  if (offset !== undefined && eventTypeCode !== undefined) record.offset = offset;
  if (severity) record.severity = severity;
  if (dimm) record.dimm = dimm;
  if (draft.generatorId !== undefined) record.generatorId = draft.generatorId;
  if (draft.raw ?? draft.eventData) record.raw = (draft.raw ?? draft.eventData)!.toLowerCase();
  if (!draft.direction) record.directionAssumed = true;
  if (vendorDetail !== undefined) record.vendorDetail = vendorDetail;
  if (draft.extra) record.extra = draft.extra;
  if (draft.sensorTypeFrom) record.sensorTypeFrom = draft.sensorTypeFrom;
  if (draft.clock) record.clock = draft.clock;
  return { record, ...(mismatch ? { mismatch } : {}) };
}
