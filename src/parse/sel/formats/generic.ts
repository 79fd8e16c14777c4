// The tolerant reader: a row of any SEL export no format row knows — a BMC web page, HPE IML,
// Supermicro's health event log, Lenovo XCC, Intel SELViewer saves, CSV exports, Markdown tables,
// old ipmitool rows without a direction column. What makes a line an event is what it carries,
// not where: a date and time, event text that the IPMI tables or a vendor catalog know, and a
// sensor or source. Columns may come in any order, separated by `|`, tabs, commas, semicolons or
// runs of spaces. It reads only lines no log prefix claimed and no SEL format read (format.ts),
// so a syslog or kernel line is never a row, and fills what it could place.
import type { LogLine } from '../../../model/records.js';
import { zoneCandidates } from '../../../align/zones.js';
import { MESSAGE_ID_TOKEN, messageIdRow, wordingRow } from '../catalog.js';
import type { FormatReader, SelFormat } from '../format.js';
import type { SelDraft } from '../normalise.js';
import { findOffsetPhrase, offsetsByText, sensorTypeCodeByName, splitTypeAndName, type TextMatch } from '../tables/index.js';
import { parseIsoWhen, parseSelWhen, type SelWhen } from '../when.js';
import { vendorDraft } from './vendor.js';

const DATE = String.raw`\d{1,2}/\d{1,2}/\d{2,4}|\d{4}/\d{1,2}/\d{1,2}|\d{1,2}\.\d{1,2}\.\d{2,4}|\d{4}-\d{1,2}-\d{1,2}|[A-Z][a-z]{2}[-/ ]\d{1,2}[-/ ,]+\d{4}|\d{4}年\d{1,2}月\d{1,2}日`;
const TIME = String.raw`\d{1,2}[:时時]\d\d(?:[:分]\d\d(?:秒)?)?(?:\.\d+)?(?:\s*[AaPp][Mm])?`;
const ZONE = String.raw`[A-Z]{1,5}|[+-]\d\d:?\d\d|UTC[+-]\d{1,2}`;
/** Date then time (`03/27/2024, 12:48:44 PM CST`), or ISO with its `T`; the zone only when it is a zone. */
const STAMP = new RegExp(String.raw`(?<![\w/.-])(?:(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?)|(${DATE})[\s,|;\t]+(${TIME})(?:\s+(${ZONE}))?)(?![\w:])`, 'd');

function findStamp(text: string): { when: SelWhen; start: number; end: number } | undefined {
  const m = STAMP.exec(text);
  if (!m?.indices) return undefined;
  if (m[1]) {
    const when = parseIsoWhen(m[1]);
    return when ? { when, start: m.index, end: m.indices[1]![1] } : undefined;
  }
  // `INF`, `MIN`, `E` after a time are a severity column, not a zone: only names a zone table knows count.
  const zone = m[4] && (zoneCandidates(m[4]).length > 0 || /^[+-]|^UTC[+-]/.test(m[4])) ? m[4] : undefined;
  // HPE IML and some web pages print minutes only.
  const time = /^\d{1,2}:\d\d(?!:)/.test(m[3]!) ? m[3]!.replace(/^(\d{1,2}:\d\d)/, '$1:00') : m[3]!;
  const when = parseSelWhen(m[2]!, zone ? `${time} ${zone}` : time);
  return when ? { when, start: m.index, end: zone ? m.indices[4]![1] : m.indices[3]![1] } : undefined;
}

const MESSAGE_ID_CELL = new RegExp(`^${MESSAGE_ID_TOKEN.source}$`);
const SEVERITY_CELL = /^(?:critical|warning|informational|info|ok|normal|major|minor|caution|non-critical|error|fatal|repaired|INF|MIN|MAJ|CRT|[EWI])$/i;
const DIRECTION_CELL = /^(?:(de)?asserted?|(de)?assertion(?: event)?)$/i;
const DIRECTION_TAIL = /(?:\s*-\s*|\s+)((?:de)?asserted?)\s*$/i;
const RAW_CELL = /^(?:[0-9a-f]{2}\s+)?\[?(?:[0-9a-f]{2}\s?){3}\]?$/i;
const NUMBERED_SENSOR = /^(.*?)\s*#0x([0-9a-f]{1,2})$/i;
/** A sensor's own name as BMCs print it: `DIMM_A1`, `CPU1 Status`, `P1-DIMMA1`, `PS2 Status`. */
const SENSOR_NAME = /^(?=.*[_\d])[A-Za-z][\w.\-/ ]{0,31}$/;

type Separator = '|' | '\t' | ',' | ';' | 'spaces';

/** The row's separator, judged on the whole row: a fragment beside the stamp may hold too little to tell. */
function separatorOf(text: string): Separator {
  if (text.includes('|')) return '|';
  if (text.includes('\t')) return '\t';
  if (/,.*,/.test(text)) return ',';
  if (text.includes(';')) return ';';
  return 'spaces';
}

function splitCells(text: string, sep: Separator): string[] {
  const cells = sep === '|' || sep === '\t' ? text.split(sep) : sep === 'spaces' ? text.split(/\s{2,}/) : splitOutside(text, sep);
  return cells.map((c) => c.trim().replace(/^"(.*)"$/, '$1').trim()).filter((c) => c !== '' && !/^:?-{3,}:?$/.test(c));
}

/** Splits on `sep` outside quotes and parentheses (`Uncorrectable Memory Error (Processor 1, DIMM 3)` stays one cell). */
function splitOutside(text: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '(') depth++;
    else if (!quoted && ch === ')') depth = Math.max(0, depth - 1);
    else if (!quoted && depth === 0 && ch === sep) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

interface Recognised {
  draft: Partial<SelDraft>;
  /** Sensor-specific rows name their sensor type; generic-table rows need one from elsewhere. */
  sensorTypeCode?: number;
  named: boolean;
}

/** The table row of a cell's text: whole, or without a vendor suffix / trailing detail, for the sensor type given or any. */
function tableMatch(text: string, sensorType: number | undefined): (TextMatch & { text: string; rest: string }) | undefined {
  const candidates = [text, text.replace(/\s*\((?:[^()]|\([^()]*\))*\)\s*$/, ''), text.split(/,\s*/)[0]!, text.replace(/\s*@\S+$/, '')];
  for (const c of candidates) {
    const matches = offsetsByText(c);
    const found =
      matches.find((m) => m.sensorType !== undefined && m.sensorType === sensorType) ??
      matches.find((m) => m.sensorType === undefined) ??
      (sensorType === undefined && matches.length === 1 ? matches[0] : undefined);
    if (found) return { ...found, text: c.trim(), rest: text.slice(c.length).replace(/^[\s,;:]+/, '').trim() };
  }
  return undefined;
}

/** What an event cell says: a vendor message id, a table text (whole or inside), or a vendor wording. */
function recognise(cell: string, sensorType: number | undefined): Recognised | undefined {
  let text = cell;
  let direction: SelDraft['direction'];
  const dir = DIRECTION_TAIL.exec(text);
  if (dir && dir.index > 0) {
    direction = /^de/i.test(dir[1]!) ? 'deasserted' : 'asserted';
    text = text.slice(0, dir.index).trim();
  }
  const withDirection = direction ? { direction } : {};
  const id = new RegExp(`^(${MESSAGE_ID_TOKEN.source})\\s*[:-]?\\s+(.+)$`).exec(text);
  if (id) {
    const draft = vendorDraft(id[1]!, id[2]!);
    return { draft: { ...draft, ...withDirection }, ...(draft.sensorTypeCode !== undefined ? { sensorTypeCode: draft.sensorTypeCode } : {}), named: true };
  }
  // `Memory Correctable ECC` / `CPU1 Status IERR`: a sensor type or name may lead the text.
  const lead = splitTypeAndName(text);
  const typed = lead && lead.rest ? lead : undefined;
  const plain = tableMatch(text, sensorType);
  const whole = plain ?? (typed ? tableMatch(typed.rest, typed.code) : undefined);
  if (whole) {
    const leadType = plain ? undefined : typed!.code;
    const type = whole.sensorType ?? leadType;
    return {
      draft: { description: whole.text, ...withDirection, ...(whole.rest ? { extra: whole.rest } : {}) },
      ...(type !== undefined ? { sensorTypeCode: type } : {}),
      named: type !== undefined,
    };
  }
  const phrase = findOffsetPhrase(text);
  if (phrase) {
    const head = text.slice(0, phrase.start).trim();
    const tail = text.slice(phrase.end).trim();
    // The text must end the cell or be followed by what tools append (a decode, a DIMM, a reading), never by more prose.
    const tailOk = tail === '' || /^[,.;:(@\-[]|^(?:DIMM|CPU|P\d|Reading|act=|on |at )/i.test(tail);
    const headType = head ? (sensorTypeCodeByName(head.replace(/\s*#0x[0-9a-f]+$/i, '')) ?? splitTypeAndName(head)?.code) : undefined;
    const match = phrase.matches.find((m) => m.sensorType !== undefined && m.sensorType === (headType ?? sensorType)) ?? phrase.matches.find((m) => m.sensorType === undefined) ?? (phrase.matches.length === 1 ? phrase.matches[0] : undefined);
    const headOk = head === '' || headType !== undefined || SENSOR_NAME.test(head) || /#0x[0-9a-f]+$/i.test(head);
    if (match && tailOk && headOk) {
      const number = /#0x([0-9a-f]{1,2})$/i.exec(head);
      const name = headType === undefined && head && !number ? head : headType !== undefined ? splitTypeAndName(head)?.rest : undefined;
      return {
        draft: {
          description: text.slice(phrase.start, phrase.end),
          ...withDirection,
          ...(tail ? { extra: tail.replace(/^[,;:\s]+/, '') } : {}),
          ...(number ? { sensorNumber: Number.parseInt(number[1]!, 16) } : {}),
          ...(name ? { sensorName: name } : {}),
        },
        ...((match.sensorType ?? headType) !== undefined ? { sensorTypeCode: match.sensorType ?? headType } : {}),
        named: match.sensorType !== undefined || headType !== undefined || !!name,
      };
    }
  }
  const wording = wordingRow(text);
  if (wording) {
    const draft = vendorDraft(undefined, text);
    return { draft: { ...draft, ...withDirection }, ...(draft.sensorTypeCode !== undefined ? { sensorTypeCode: draft.sensorTypeCode } : {}), named: wording.sensorTypeCode !== undefined };
  }
  return undefined;
}

/** A row of any layout → draft, or undefined when it lacks a time, known event text or a sensor/source. */
export function readGenericRow(text: string): SelDraft | undefined {
  let body = text.trim().replace(/^\|/, '').replace(/\|$/, '');
  // Quoted CSV (`"Critical","Memory",…`): the quotes go, parentheses keep commas inside a cell together.
  if (/^"[^"]*"\s*[,;]/.test(body)) body = body.replace(/"\s*([,;])\s*"/g, '$1').replace(/^"|"$/g, '');
  const stamp = findStamp(body);
  if (!stamp) return undefined;
  const sep = separatorOf(`${body.slice(0, stamp.start)} ${body.slice(stamp.end)}`);
  const before = splitCells(body.slice(0, stamp.start), sep);
  const after = splitCells(body.slice(stamp.end), sep);
  const cells = [...before.map((text) => ({ text, first: true })), ...after.map((text) => ({ text, first: false }))];
  let recordId: string | undefined;
  let severity: string | undefined;
  let direction: SelDraft['direction'];
  let eventData: string | undefined;
  let sensorTypeCode: number | undefined;
  let sensorTypeText: string | undefined;
  let sensorNumber: number | undefined;
  let sensorName: string | undefined;
  let messageId: string | undefined;
  let hexIds = false;
  const rest: string[] = [];
  for (const { text: cell, first } of cells) {
    const numbered = NUMBERED_SENSOR.exec(cell);
    const typed = sensorTypeCodeByName(cell);
    if (severity === undefined && SEVERITY_CELL.test(cell)) severity = cell;
    else if (first && recordId === undefined && /^(?:0x)?[0-9a-f]{1,8}$/i.test(cell)) recordId = cell;
    else if (messageId === undefined && MESSAGE_ID_CELL.test(cell)) messageId = cell;
    else if (direction === undefined && DIRECTION_CELL.test(cell)) direction = /^de/i.test(cell) ? 'deasserted' : 'asserted';
    else if (eventData === undefined && RAW_CELL.test(cell) && /[0-9]/.test(cell)) eventData = cell.replace(/^[0-9a-f]{2}\s+(?=\[)/i, '').replace(/[^0-9a-f]/gi, '');
    else if (sensorTypeCode === undefined && numbered && sensorTypeCodeByName(numbered[1]!) !== undefined) {
      // `Memory #0xeb` is ipmitool's sensor column, and ipmitool prints record ids in hex.
      sensorTypeText = numbered[1]!;
      sensorTypeCode = sensorTypeCodeByName(numbered[1]!);
      sensorNumber = Number.parseInt(numbered[2]!, 16);
      hexIds = true;
    } else if (sensorTypeCode === undefined && typed !== undefined) {
      sensorTypeText = cell;
      sensorTypeCode = typed;
    } else rest.push(cell);
  }
  // The event cell: the first that the tables or a catalog know; a cell that only names a sensor may name it.
  let event: Recognised | undefined;
  let eventCell = -1;
  for (let i = 0; i < rest.length && !event; i++) {
    event = recognise(messageId ? `${messageId} ${rest[i]!}` : rest[i]!, sensorTypeCode);
    // With a catalogued id beside it, the message is the cell whose wording says something, else the longest.
    if (event && messageId && !wordingRow(rest[i]!) && tableMatch(rest[i]!, sensorTypeCode) === undefined) event = undefined;
    if (event) eventCell = i;
  }
  if (!event && messageId && messageIdRow(messageId) && rest.length > 0) {
    eventCell = rest.reduce((best, cell, i) => (cell.length > rest[best]!.length ? i : best), 0);
    event = recognise(`${messageId} ${rest[eventCell]!}`, sensorTypeCode);
  }
  if (!event) return undefined;
  // A web table may put its id last (`…,Memory,2024-03-27T12:48:44Z,326`).
  if (recordId === undefined && rest.length > 1 && /^\d{1,5}$/.test(rest[rest.length - 1]!) && eventCell !== rest.length - 1 && cells[cells.length - 1]!.text === rest[rest.length - 1]) recordId = rest.pop();
  for (let i = 0; i < rest.length; i++) {
    if (i === eventCell || sensorName !== undefined) continue;
    const split = sensorTypeCode === undefined ? splitTypeAndName(rest[i]!) : undefined;
    if (split && split.rest && SENSOR_NAME.test(split.rest)) {
      sensorTypeCode = split.code;
      sensorTypeText = split.typeText;
      sensorName = split.rest;
    } else if (SENSOR_NAME.test(rest[i]!) && !/^\d+$/.test(rest[i]!)) sensorName = rest[i]!;
  }
  const type = sensorTypeCode ?? event.sensorTypeCode;
  const named = type !== undefined || sensorName !== undefined || sensorNumber !== undefined || event.named || event.draft.sensorName !== undefined;
  if (!named) return undefined;
  const idRadix = hexIds || /[a-f]/i.test(recordId ?? '') || /^0x/i.test(recordId ?? '') ? 16 : 10;
  const others = rest.filter((_, i) => i !== eventCell && rest[i] !== sensorName);
  return {
    ...event.draft,
    ...(recordId !== undefined ? { recordId: Number.parseInt(recordId.replace(/^0x/i, ''), idRadix) } : {}),
    when: stamp.when,
    ...(type !== undefined ? { sensorTypeCode: type } : {}),
    ...(sensorTypeText ? { sensorTypeText } : type === undefined ? { sensorTypeText: 'Unknown' } : {}),
    ...(sensorNumber !== undefined ? { sensorNumber } : {}),
    ...(sensorName !== undefined ? { sensorName } : {}),
    description: event.draft.description ?? '',
    ...(direction ?? event.draft.direction ? { direction: direction ?? event.draft.direction } : {}),
    ...(severity ?? event.draft.toolSeverity ? { toolSeverity: severity ?? event.draft.toolSeverity } : {}),
    ...(eventData && eventData.length === 6 ? { eventData } : {}),
    ...(event.draft.extra || others.length > 0 ? { extra: [event.draft.extra, ...others].filter(Boolean).join('; ') } : {}),
  };
}

export const GENERIC_FORMATS: SelFormat[] = [
  {
    name: 'generic-row',
    kind: 'sel-list',
    fallback: true,
    example: '| 326 | Critical | 03/27/2024 12:48:44 | RAS_MEMORY | Memory | Transition to Non-recoverable - Asserted |',
    origin: 'no one tool: a Markdown table of a BMC web page built from the reference record; ipmi-sel.md §1 (what operators paste) and §6.3 (vendor layouts)',
    reader: (emit): FormatReader => ({
      feed(line: LogLine) {
        if (line.prefix !== 'none') return false;
        const draft = readGenericRow(line.text);
        if (!draft) return false;
        emit(draft, line);
        return true;
      },
      end() {},
    }),
  },
];
