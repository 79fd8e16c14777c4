// Pastes that lost their newlines. A web page, a chat or a ticket that reflowed a SEL dump puts
// a header and several records on one line; such a line is cut back into the lines the tool
// printed, where a record (or a key of a verbose block) starts. Each row names the start of a
// record in one tool's layout; a line is cut only when it holds two starts or more.

export interface FlatRow {
  name: string;
  /** Where a record or block line starts; the match's first group is where to cut. */
  start: RegExp;
  example: string;
  origin: string;
}

const DATE = String.raw`(?:\d{1,2}/\d{1,2}/\d{2,4}|\d{1,2}\.\d{1,2}\.\d{2,4}|\d{4}-\d\d-\d\d|[A-Z][a-z]{2}[-/]\d{1,2}[-/]\d{4})`;

/** ipmitool `sel get` / `sel list -v` keys, in the order ipmitool prints them (lib/ipmi_sel.c ipmi_sel_print_std_entry_verbose, ipmi_sdr.c). */
const VERBOSE_KEYS = [
  'SEL Record ID',
  'Record Type',
  'Timestamp',
  'Generator ID',
  'EvM Revision',
  'Sensor Type(?: \\((?:Discrete|Threshold)\\))?',
  'Sensor Number',
  'Event Type',
  'Event Direction',
  'Event Data(?: \\(RAW\\))?',
  'Trigger Reading',
  'Trigger Threshold',
  'Event Interpretation',
  'Description',
  'Sensor ID',
  'Entity ID',
  'Sensor Reading',
  'Manufactacturer ID',
  'OEM Defined',
].join('|');

export const FLAT_ROWS: FlatRow[] = [
  {
    name: 'ipmitool-sel-list',
    start: new RegExp(String.raw`(?:^|\s)((?:[0-9a-f]{1,4})\s*\|\s*(?:${DATE}\s*\|\s*\d{1,2}:\d\d:\d\d|Pre-Init\s*\|))`, 'gi'),
    example: '   1 | 03/20/2021 | 00:58:40 | Memory #0x88 | Correctable ECC | Asserted    2 | 03/20/2021 | 00:58:41 | Memory #0x88 | Correctable ECC | Deasserted',
    origin: 'ipmitool `sel list` rows (ipmi-sel.md §2.1) as a web page reflows them',
  },
  {
    name: 'ipmiutil-sel',
    start: /(?:^|\s)(RecId Date\/Time_+|[0-9a-f]{4} \d\d\/\d\d\/\d\d \d\d:\d\d:\d\d (?:INF|MIN|MAJ|CRT) )/gi,
    example: 'RecId Date/Time_______ SEV Src_ Evt_Type___ Sens# Evt_detail - Trig [Evt_data] 07fb 07/14/06 18:29:57 INF SMI  System Boot Initiated #9a Power Up  6f [40 8f ff]',
    origin: 'ipmiutil rows after their header (util/ievents.c evt_hdr, format_event) as a web page reflows them',
  },
  {
    name: 'ipmitool-sel-get',
    start: new RegExp(String.raw`(?:^|\s)((?:${VERBOSE_KEYS})\s*:)`, 'g'),
    example: 'SEL Record ID : 0001 Record Type : 02 Timestamp : 03/20/2021 00:58:40 Generator ID : 0020',
    origin: 'ipmitool `sel get` / `sel list -v` key lines (ipmi-sel.md §2.4, §2.5) with their newlines lost',
  },
];

/** A line that cannot hold two records is never searched. */
const MIN_FLAT_CHARS = 60;

/** The lines a flattened paste stood for, or undefined when the line is one record (or none). */
export function unflatten(text: string): string[] | undefined {
  if (text.length < MIN_FLAT_CHARS) return undefined;
  for (const row of FLAT_ROWS) {
    const cuts: number[] = [];
    for (const m of text.matchAll(row.start)) cuts.push(m.index + m[0].length - m[1]!.length);
    if (cuts.length < 2) continue;
    const pieces: string[] = [];
    if (text.slice(0, cuts[0]).trim()) pieces.push(text.slice(0, cuts[0]).trimEnd());
    for (let i = 0; i < cuts.length; i++) pieces.push(text.slice(cuts[i], cuts[i + 1]).trimEnd());
    return pieces;
  }
  return undefined;
}
