// Column tables with a header or a known column order: FreeIPMI `ipmi-sel` (default, `-v`,
// `--output-event-state`, CSV with and without header) and BMC web pages copied from a browser
// (tab- or pipe-separated, newest first, cells that continue on the next line).
import type { LogLine, SelRecord } from '../../../model/records.js';
import type { InputKind } from '../../../report/types.js';
import type { Emit, FormatReader, SelFormat } from '../format.js';
import type { SelDraft } from '../normalise.js';
import { parseSelDate, parseSelWhen, type SelWhen } from '../when.js';

type Column = 'id' | 'date' | 'time' | 'timestamp' | 'name' | 'type' | 'state' | 'direction' | 'event';

/** Header cells of every table layout, by what the column holds. */
const HEADER_NAMES: Record<string, Column> = {
  id: 'id',
  'record id': 'id',
  record: 'id',
  'event id': 'id',
  '#': 'id',
  date: 'date',
  time: 'time',
  timestamp: 'timestamp',
  'time stamp': 'timestamp',
  'date/time': 'timestamp',
  'date time': 'timestamp',
  name: 'name',
  'sensor name': 'name',
  sensor: 'name',
  type: 'type',
  'sensor type': 'type',
  state: 'state',
  severity: 'state',
  'event direction': 'direction',
  direction: 'direction',
  event: 'event',
  description: 'event',
  'event description': 'event',
  message: 'event',
};

function headerOf(cells: string[]): Column[] | undefined {
  const columns = cells.map((cell) => HEADER_NAMES[cell.trim().toLowerCase()]);
  if (columns.some((c) => c === undefined)) return undefined;
  const set = new Set(columns);
  const timed = set.has('timestamp') || (set.has('date') && set.has('time'));
  return set.has('id') && timed && set.has('event') ? (columns as Column[]) : undefined;
}

const DIRECTION_SUFFIX = /\s*-\s*(Asserted|Deasserted)\s*$/i;

/** One row's cells by column → draft. FreeIPMI Event cells carry ` ; `-separated extras after the offset text. */
function rowDraft(columns: Column[], cells: string[], idRadix: number): SelDraft | undefined {
  const get = (c: Column) => {
    const i = columns.indexOf(c);
    return i >= 0 ? cells[i]?.trim() : undefined;
  };
  const id = get('id');
  if (!id || !(idRadix === 16 ? /^[0-9a-f]+$/i : /^\d+$/).test(id)) return undefined;
  let when: SelWhen | undefined;
  let preInit = false;
  const stamp = get('timestamp');
  const date = get('date');
  if (stamp !== undefined) {
    const m = /^(.+?)[,\s]+(\d{1,2}[:时時]\d{2}.*)$/.exec(stamp);
    when = m ? parseSelWhen(m[1]!, m[2]!) : undefined;
    if (!when && /^(?:pre-?init|post-?init)/i.test(stamp)) preInit = true;
  } else if (date !== undefined) {
    when = parseSelWhen(date, get('time') ?? '');
    if (!when && /^(?:pre-?init|post-?init)/i.test(date)) preInit = true;
  }
  if (!when && !preInit && !/^(?:N\/A|Unspec)/i.test(stamp ?? date ?? '')) return undefined;
  let event = get('event') ?? '';
  let direction: SelDraft['direction'];
  const dirCell = get('direction');
  if (dirCell) direction = /deassert/i.test(dirCell) ? 'deasserted' : 'asserted';
  const suffix = DIRECTION_SUFFIX.exec(event);
  if (suffix) {
    direction = suffix[1]!.toLowerCase() as 'asserted' | 'deasserted';
    event = event.slice(0, suffix.index);
  }
  const [description = '', ...extras] = event.split(/\s+;\s+/);
  const name = get('name');
  const unnamed = name ? /^Sensor #(\d+)/.exec(name) : null;
  const type = get('type');
  return {
    recordId: Number.parseInt(id, idRadix),
    ...(when ? { when } : {}),
    ...(preInit ? { preInit } : {}),
    ...(type && !/^N\/A$/i.test(type) ? { sensorTypeText: type } : {}),
    ...(unnamed ? { sensorNumber: Number(unnamed[1]) } : name && !/^N\/A$/i.test(name) ? { sensorName: name } : {}),
    description,
    ...(direction ? { direction } : {}),
    ...(get('state') ? { toolSeverity: get('state') } : {}),
    ...(extras.length > 0 ? { extra: extras.join(' ; ') } : {}),
  };
}

const STATE = /^(Nominal|Warning|Critical|N\/A)$/;
const DIRECTION_CELL = /^(Assertion|Deassertion) Event$/;

/** FreeIPMI rows without a header (`--no-header-output`, exporters): columns known by count and content. */
function freeipmiColumns(cells: string[]): Column[] | undefined {
  if (cells.length < 6 || !/^\d+$/.test(cells[0]!.trim())) return undefined;
  const date = cells[1]!.trim();
  if (!/^(?:PostInit|N\/A|Unspec\.?)$/.test(date) && !(parseSelDate(date) && /[A-Za-z]{3}-/.test(date))) return undefined;
  const columns: Column[] = ['id', 'date', 'time', 'name', 'type'];
  let i = 5;
  if (cells.length > i + 1 && STATE.test(cells[i]!.trim())) columns[i++] = 'state';
  if (cells.length > i + 1 && DIRECTION_CELL.test(cells[i]!.trim())) columns[i++] = 'direction';
  columns[i] = 'event';
  return columns;
}

const TABLE_START = /^\s*\|?\s*(?:\d+\s*[|,\t]|(?:ID|Record(?: ID)?|Event ID|#)\s*[|,\t])/i;

class TableReader implements FormatReader {
  private columns: Column[] | undefined;
  private last: SelRecord | undefined;

  constructor(
    private readonly emit: Emit,
    private readonly separator: RegExp,
    private readonly idRadix: number,
    private readonly headerless: ((cells: string[]) => Column[] | undefined) | undefined,
    private readonly continuation: boolean,
  ) {}

  private split(text: string, count?: number): string[] {
    const cells = text.split(this.separator);
    // The event column is last and may itself contain the separator (FreeIPMI CSV: `Event` with commas).
    if (count !== undefined && cells.length > count) return [...cells.slice(0, count - 1), cells.slice(count - 1).join(this.separator.source === ',' ? ',' : ' ')];
    return cells;
  }

  /** No table header or row seen yet: only a line TABLE_START matches can start one. */
  resting(): boolean {
    return this.columns === undefined && this.last === undefined;
  }

  feed(line: LogLine): boolean {
    // Until a header was seen, only a header or a numbered row can start a table: most lines of a
    // big syslog end here without being split.
    if (!this.columns && !this.last && !TABLE_START.test(line.text)) return false;
    const text = line.text.replace(/^\s*\|/, '').replace(/\|\s*$/, '');
    const cells = this.split(text);
    if (cells.length >= 4) {
      const header = headerOf(cells);
      if (header) {
        this.columns = header;
        this.last = undefined;
        return true;
      }
    }
    const columns = this.columns ?? this.headerless?.(cells);
    if (columns && cells.length >= columns.length) {
      const draft = rowDraft(columns, this.split(text, columns.length), this.idRadix);
      if (draft) {
        this.last = this.emit(draft, line);
        return true;
      }
    }
    // Web tables: a cell that went on to the next line (`PCI Bus number : 0`) belongs to the row above.
    if (this.continuation && this.last && this.columns && text.trim() !== '' && cells.length === 1 && text.length < 200) {
      this.last.extra = this.last.extra ? `${this.last.extra}; ${text.trim()}` : text.trim();
      this.last.text += `\n${line.text}`;
      return true;
    }
    if (text.trim() === '') this.last = undefined;
    return false;
  }

  end(): void {
    this.columns = undefined;
    this.last = undefined;
  }
}

function tableFormat(row: { name: string; kind: InputKind; example: string; origin: string; separator: RegExp; idRadix: number; headerless?: (cells: string[]) => Column[] | undefined; continuation?: boolean }): SelFormat {
  return {
    name: row.name,
    kind: row.kind,
    example: row.example,
    origin: row.origin,
    reader: (emit) => new TableReader(emit, row.separator, row.idRadix, row.headerless, row.continuation ?? false),
  };
}

export const TABLE_FORMATS: SelFormat[] = [
  tableFormat({
    name: 'freeipmi-ipmi-sel',
    kind: 'sel-freeipmi',
    example: ['ID  | Date        | Time     | Name             | Type                     | Event', '52  | Jan-12-2023 | 12:48:44 | DIMM_A1          | Memory                   | Correctable memory error'].join('\n'),
    origin: 'FreeIPMI `ipmi-sel` default table (ipmi-sel.md §3.1, team reference example); `-v` adds `Event Direction`, `--output-event-state` adds `State` — both read from the header',
    separator: /\s*\|\s*/,
    idRadix: 10,
    headerless: freeipmiColumns,
  }),
  tableFormat({
    name: 'freeipmi-ipmi-sel-csv',
    kind: 'sel-freeipmi',
    example: ['ID,Date,Time,Name,Type,State,Event', '3,PostInit,PostInit,Sensor #211,Memory,Warning,Correctable memory error ; Event Data3 = 34h'].join('\n'),
    origin: 'real rows of `ipmi-sel --comma-separated-output --output-event-state` quoted by prometheus-community/ipmi_exporter (corpus freeipmi-ipmi-sel-csv-event-state.txt)',
    separator: /,/,
    idRadix: 10,
    headerless: freeipmiColumns,
  }),
  tableFormat({
    name: 'bmc-web-table',
    kind: 'sel-list',
    example: ['ID\tTime Stamp\tSensor Name\tSensor Type\tDescription', '326\t03/27/2024, 12:48:44\tRAS_MEMORY\tMemory\tTransition to Non-recoverable - Asserted'].join('\n'),
    origin: 'AMI MegaRAC-style event log page copied from a browser (ipmi-sel.md §6.3: `ID | TimeStamp | Sensor Name | Sensor Type | Description`, `MM/DD/YYYY, HH:MM:SS`); built from the reference record',
    // Tabs: what a browser puts between cells. Pipe-separated pastes of such pages take the FreeIPMI row's header-driven path.
    separator: /\t+/,
    idRadix: 10,
    continuation: true,
  }),
];
