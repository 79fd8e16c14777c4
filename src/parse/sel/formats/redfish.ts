// Redfish LogEntry collections (`…/LogServices/{Sel,SEL,IML,EventLog,Log}/Entries`) pasted as
// JSON: one document over many lines. Lines are collected while braces are open, the document
// is parsed once it closes, and every object that looks like a LogEntry becomes a record.
import type { LogLine } from '../../../model/records.js';
import type { Emit, FormatReader, SelFormat } from '../format.js';
import type { SelDraft } from '../normalise.js';
import { offsetByText, sensorTypeCodeByName } from '../tables/index.js';
import { parseIsoWhen } from '../when.js';
import { escapeRegExp } from '../../regexp.js';

/** JSON documents larger than this are not SEL pastes: stop collecting and say so. */
const MAX_LINES = 200_000;

const JSON_START = /^\s*(?:\{\s*(?:"|$)|\[\s*(?:\{|$))/;

/**
 * The first key of an object says whose document it is. Redfish properties are PascalCase or
 * `@odata.`/`@Message.` annotations (DMTF DSP0266 §6 naming); journald's fields are upper case,
 * digits and underscores, `__CURSOR` and `_BOOT_ID` first (systemd.journal-fields(7)), and
 * `journalctl -o json` prints one such object per line. Those are never collected.
 */
const JOURNAL_KEY = /^\s*[[{]?\s*\{?\s*"_{0,2}[A-Z][A-Z0-9_]*"\s*:/;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** `"SensorType": [{"Member": "Memory"}]` (old iDRAC) → `Memory`. */
function text(value: Json | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) {
    const parts = value.map((v) => (v && typeof v === 'object' && !Array.isArray(v) ? text(v.Member) : text(v))).filter(Boolean);
    return parts.length > 0 ? parts.join(', ') : undefined;
  }
  return undefined;
}

function isLogEntry(o: { [key: string]: Json }): boolean {
  return ('Created' in o || 'EventTimestamp' in o) && ('Message' in o || 'EntryCode' in o || 'SensorType' in o);
}

function collectEntries(value: Json, out: { [key: string]: Json }[]): void {
  if (Array.isArray(value)) for (const v of value) collectEntries(v, out);
  else if (value && typeof value === 'object') {
    if (isLogEntry(value)) out.push(value);
    else for (const v of Object.values(value)) collectEntries(v, out);
  }
}

function draftOf(entry: { [key: string]: Json }): SelDraft {
  const id = text(entry.Id);
  const when = parseIsoWhen(text(entry.EventTimestamp) ?? text(entry.Created) ?? '');
  const sensorType = text(entry.SensorType);
  const code = sensorType ? sensorTypeCodeByName(sensorType) : undefined;
  const entryCode = text(entry.EntryCode);
  const message = text(entry.Message)?.trim() ?? '';
  // EntryCode holds Assert/Deassert, or (iDRAC and the schema's enum) the offset text itself.
  const offsetText = entryCode && !/^(Assert|Deassert|OEM)$/i.test(entryCode) && offsetByText(code, entryCode) ? entryCode : undefined;
  const direction: SelDraft['direction'] = /^deassert/i.test(entryCode ?? '') || /\bdeassert/i.test(message) ? 'deasserted' : /^assert/i.test(entryCode ?? '') || offsetText ? 'asserted' : undefined;
  const number = entry.SensorNumber;
  const generator = text(entry.GeneratorId);
  const messageId = text(entry.MessageId);
  return {
    ...(id && /^\d+$/.test(id) ? { recordId: Number(id) } : {}),
    ...(when ? { when } : {}),
    sensorTypeText: sensorType ?? (text(entry.EntryType) === 'Oem' ? `OEM ${text(entry.OemRecordFormat) ?? ''}`.trim() : 'Unknown'),
    ...(code !== undefined ? { sensorTypeCode: code } : {}),
    ...(typeof number === 'number' ? { sensorNumber: number } : {}),
    description: offsetText ?? message,
    ...(direction ? { direction } : {}),
    ...(text(entry.Severity) ? { toolSeverity: text(entry.Severity) } : {}),
    ...(generator && /^0x[0-9a-f]+$/i.test(generator) ? { generatorId: Number.parseInt(generator, 16) } : {}),
    ...(offsetText && message ? { extra: message } : messageId ? { extra: `MessageId ${messageId}` } : {}),
  };
}

class RedfishReader implements FormatReader {
  private lines: LogLine[] = [];
  private depth = 0;
  private inString = false;
  private escaped = false;

  constructor(
    private readonly emit: Emit,
    private readonly warn: (message: string) => void,
  ) {}

  resting(): boolean {
    return this.lines.length === 0;
  }

  feed(line: LogLine): boolean {
    // A JSON document opens with `{` or `[` alone or followed by `"`/`{` — never `[  12.345]` (dmesg).
    if (this.lines.length === 0 && (!JSON_START.test(line.text) || JOURNAL_KEY.test(line.text))) return false;
    if (this.lines.length >= MAX_LINES) {
      this.warn(`line ${this.lines[0]!.line}: JSON document longer than ${MAX_LINES} lines, not read as Redfish`);
      this.reset();
      return false;
    }
    // `{` alone also opens C blocks in pasted code: the document counts as JSON once its second
    // line is a `"key":` or a nested opener; until then nothing is claimed.
    if (this.lines.length === 1 && (!/^\s*(?:"[^"]*"\s*:|[{[\]}])/.test(line.text) || JOURNAL_KEY.test(line.text))) {
      this.reset();
      return this.feed(line);
    }
    this.lines.push(line);
    for (const ch of line.text) {
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (ch === '\\') this.escaped = true;
        else if (ch === '"') this.inString = false;
      } else if (ch === '"') this.inString = true;
      else if (ch === '{' || ch === '[') this.depth++;
      else if (ch === '}' || ch === ']') this.depth--;
    }
    if (this.depth > 0) return this.lines.length !== 1;
    // A document on one line (JSON Lines: Docker, Vector, journal exports) is claimed only when it holds a LogEntry:
    // other tools' records are not ours to count, nor to warn about line by line.
    const oneLine = this.lines.length === 1;
    const found = this.finish(oneLine);
    return oneLine ? found : true;
  }

  /** Parses the collected document and emits its entries; false when it held none. */
  private finish(quiet = false): boolean {
    const lines = this.lines;
    this.reset();
    if (lines.length === 0) return false;
    let doc: Json;
    try {
      doc = JSON.parse(lines.map((l) => l.text).join('\n')) as Json;
    } catch (error) {
      if (!quiet) this.warn(`line ${lines[0]!.line}: JSON document does not parse (${(error as Error).message})`);
      return false;
    }
    const entries: { [key: string]: Json }[] = [];
    collectEntries(doc, entries);
    if (entries.length === 0) {
      if (!quiet) this.warn(`line ${lines[0]!.line}: JSON document holds no Redfish LogEntry`);
      return false;
    }
    for (const entry of entries) {
      // Evidence points at the entry's own `"Id"` line when it can be found.
      const id = text(entry.Id);
      const at = (id !== undefined && lines.find((l) => new RegExp(`"Id"\\s*:\\s*"?${escapeRegExp(id)}"?`).test(l.text))) || lines[0]!;
      this.emit(draftOf(entry), { ...at, text: JSON.stringify(entry) });
    }
    return true;
  }

  private reset(): void {
    this.lines = [];
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
  }

  end(): void {
    if (this.lines.length > 0) this.finish();
  }
}

export const REDFISH_FORMATS: SelFormat[] = [
  {
    name: 'redfish-logentry',
    kind: 'sel-redfish',
    example: JSON.stringify(
      {
        Members: [
          {
            '@odata.type': '#LogEntry.v1_15_0.LogEntry',
            Id: '326',
            EntryType: 'SEL',
            Created: '2024-03-27T12:48:44+00:00',
            Severity: 'Critical',
            SensorType: 'Memory',
            SensorNumber: 235,
            EntryCode: 'Transition to Non-recoverable',
            Message: 'Memory RAS_MEMORY Transition to Non-recoverable Assert',
          },
        ],
      },
      null,
      2,
    ),
    origin: 'DMTF Redfish LogEntry schema fields (ipmi-sel.md §6.1: Created, EntryType, Severity, SensorType, SensorNumber, EntryCode, Message, MessageId, EventTimestamp); built from the reference record',
    reader: (emit, ctx) => new RedfishReader(emit, ctx.warn),
  },
];
