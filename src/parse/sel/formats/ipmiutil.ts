// ipmiutil `sel` / `showsel` / `events` rows. ipmiutil's format_event() (util/ievents.c) prints
// `%04x %s %s %s %s #%02x %s %s %s`: hex id, `MM/DD/YY HH:MM:SS`, severity (INF/MIN/MAJ/CRT),
// source (generator: `BMC `, `SMI `, `EFI `, `Bios` or the hex id), sensor type, `#`sensor
// number, the SDR tag with `-e` (else nothing), the event text, then `trig [data1 data2 data3]`
// — or, for threshold events, `act=xx thr=xx` (raw reading and threshold) or, with an SDR,
// `actual=95.00 C, threshold=90.00 C`. `-c` prints the same fields `|`-separated, without the
// number and the raw bytes. The header line names the columns.
import type { LogLine } from '../../../model/records.js';
import type { Emit, FormatReader, SelFormat } from '../format.js';
import type { SelDraft } from '../normalise.js';
import { offsetByText, sensorTypeCodeByName, EVENT_TYPE_THRESHOLD } from '../tables/index.js';
import { parseSelWhen } from '../when.js';

const ORIGIN = 'ipmiutil util/ievents.c (github arcress0/ipmiutil @ d0e0a032ae0525eccf97b5fe95faef79e1f12a68): evt_hdr, format_event() and the sample rows in its comments';

const HEADER = /^\s*RecId\s*\|?\s*Date\/Time_*\s*\|?\s*SEV\b/;
const SEVERITY: Record<string, string> = { INF: 'ok', MIN: 'warning', MAJ: 'critical', CRT: 'critical' };

/** ipmiutil's own threshold wording (ievents.c sens_desc, trig 01h): its data1 offset in the threshold table. */
const THRESHOLD_TEXT: Record<string, number> = {
  'lo noncrit thresh': 0x00,
  'lo crit thresh': 0x02,
  'lo unrec thresh': 0x04,
  'hi noncrit thresh': 0x07,
  'hi crit thresh': 0x09,
  'hi unrec thresh': 0x0b,
};

const ROW = /^\s*([0-9a-f]{4}) (\d\d\/\d\d\/\d\d(?:\d\d)?) (\d\d:\d\d:\d\d) (INF|MIN|MAJ|CRT) +(\S+) +(.+?) #([0-9a-f]{2})\s+(.*?)\s*$/i;
const CANONICAL = /^\s*([0-9a-f]{4}) \| (\d\d\/\d\d\/\d\d(?:\d\d)?) (\d\d:\d\d:\d\d) \| (INF|MIN|MAJ|CRT) \| ([^|]*)\| ([^|]+?) \| ([^|]*?) \| (.*?)\s*$/i;
const RAW_TAIL = /\s*\b([0-9a-f]{2}) \[([0-9a-f]{2}) ([0-9a-f]{2}) ([0-9a-f]{2})\]$/i;
const ACT_TAIL = /\s*\bact=([0-9a-f]{2}) thr=([0-9a-f]{2})$/i;
const ACTUAL_TAIL = /\s*\bactual=(.+?), threshold=(.+)$/i;

/** The event text, and the SDR tag `-e` printed before it: the tag is what precedes the longest tail a table knows. */
function splitTagAndText(middle: string, sensorType: number | undefined): { tag?: string; text: string; detail?: string; threshold?: number } {
  const [head = '', ...detail] = middle.split(/,\s*/);
  const known = (t: string) => THRESHOLD_TEXT[t.toLowerCase()] !== undefined || offsetByText(sensorType, t) !== undefined;
  const words = head.split(/\s+/).filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    const tail = words.slice(i).join(' ');
    if (!known(tail)) continue;
    return { ...(i > 0 ? { tag: words.slice(0, i).join(' ') } : {}), text: tail, ...(detail.length > 0 ? { detail: detail.join(', ') } : {}), ...(THRESHOLD_TEXT[tail.toLowerCase()] !== undefined ? { threshold: THRESHOLD_TEXT[tail.toLowerCase()] } : {}) };
  }
  return { text: head.trim(), ...(detail.length > 0 ? { detail: detail.join(', ') } : {}) };
}

function rowDraft(fields: { id: string; date: string; time: string; sev: string; source: string; type: string; number?: string; tag?: string; rest: string }): SelDraft | undefined {
  const when = parseSelWhen(fields.date, fields.time);
  if (!when) return undefined;
  const code = sensorTypeCodeByName(fields.type.replace(/_(\d)$/, ' $1'));
  let rest = fields.rest;
  let raw: RegExpExecArray | null = null;
  let reading: string | undefined;
  if ((raw = RAW_TAIL.exec(rest))) rest = rest.slice(0, raw.index);
  else {
    const act = ACT_TAIL.exec(rest) ?? ACTUAL_TAIL.exec(rest);
    if (act) {
      reading = act[0].trim();
      rest = rest.slice(0, act.index);
    }
  }
  const split = splitTagAndText(rest, code);
  const tag = fields.tag?.trim() || split.tag;
  const trig = raw ? Number.parseInt(raw[1]!, 16) : undefined;
  return {
    recordId: Number.parseInt(fields.id, 16),
    when,
    sensorTypeText: fields.type,
    ...(code !== undefined ? { sensorTypeCode: code } : {}),
    ...(fields.number !== undefined ? { sensorNumber: Number.parseInt(fields.number, 16) } : {}),
    ...(tag ? { sensorName: tag } : {}),
    ...(trig !== undefined ? { eventTypeCode: trig & 0x7f, direction: trig & 0x80 ? ('deasserted' as const) : ('asserted' as const), eventData: `${raw![2]}${raw![3]}${raw![4]}` } : {}),
    // ipmiutil prints act=/thr= only for threshold events (is_threshold()): the event type is known, the offset from its wording.
    ...(reading !== undefined || split.threshold !== undefined ? { eventTypeCode: EVENT_TYPE_THRESHOLD, ...(split.threshold !== undefined ? { offset: split.threshold } : {}) } : {}),
    description: split.text,
    toolSeverity: SEVERITY[fields.sev.toUpperCase()],
    extra: [split.detail, reading, `source ${fields.source.trim()}`].filter(Boolean).join('; '),
  };
}

class IpmiutilReader implements FormatReader {
  constructor(private readonly emit: Emit) {}

  feed(line: LogLine): boolean {
    if (HEADER.test(line.text)) return true;
    const m = ROW.exec(line.text);
    const draft = m
      ? rowDraft({ id: m[1]!, date: m[2]!, time: m[3]!, sev: m[4]!, source: m[5]!, type: m[6]!, number: m[7]!, rest: m[8]! })
      : ((c) => (c ? rowDraft({ id: c[1]!, date: c[2]!, time: c[3]!, sev: c[4]!, source: c[5]!, type: c[6]!, tag: c[7]!, rest: c[8]! }) : undefined))(CANONICAL.exec(line.text));
    if (!draft) return false;
    this.emit(draft, line);
    return true;
  }

  end(): void {}
}

export const IPMIUTIL_FORMATS: SelFormat[] = [
  {
    name: 'ipmiutil-sel',
    kind: 'sel-list',
    example: [
      'RecId Date/Time_______ SEV Src_ Evt_Type___ Sens# Evt_detail - Trig [Evt_data]',
      '07fb 07/14/06 18:29:57 INF SMI  System Boot Initiated #9a Power Up  6f [40 8f ff]',
      '0414 09/21/06 21:00:46 MIN 4033 Memory #08 Correctable ECC, DIMM[4] 6f [20 00 04]',
    ].join('\n'),
    origin: ORIGIN,
    reader: (emit) => new IpmiutilReader(emit),
  },
];
