// Vendor and daemon layouts: Dell `racadm getsel` and Lifecycle-log blocks and lines, OpenBMC
// `/var/log/ipmi_sel` and Facebook OpenBMC `log-util` lines, and the `ipmievd` lines a host's syslog holds (which carry the host's own clock, not the BMC's).
import type { LogLine } from '../../../model/records.js';
import type { Emit, FormatReader, SelFormat } from '../format.js';
import { lineFormat } from '../format.js';
import type { SelDraft } from '../normalise.js';
import { readVendorMessage, typeFromText } from '../catalog.js';
import { offsetByText, splitTypeAndName } from '../tables/index.js';
import { parseIsoWhen, parseSelWhen } from '../when.js';

/** `Key: value` / `Key = value` blocks separated by dashed lines or blank lines. */
class KeyValueBlockReader implements FormatReader {
  private fields = new Map<string, string>();
  private first: LogLine | undefined;

  constructor(
    private readonly emit: Emit,
    private readonly start: RegExp,
    private readonly keyValue: RegExp,
    private readonly draft: (fields: Map<string, string>) => SelDraft | undefined,
  ) {}

  resting(): boolean {
    return this.first === undefined;
  }

  feed(line: LogLine): boolean {
    if (this.start.test(line.text)) {
      this.flush();
      this.first = line;
    }
    if (!this.first) return false;
    if (line.text.trim() === '' || /^\s*-{5,}\s*$/.test(line.text)) {
      this.flush();
      return line.text.trim() !== '';
    }
    const kv = this.keyValue.exec(line.text);
    if (!kv) {
      this.flush();
      return false;
    }
    this.fields.set(kv[1]!.trim().toLowerCase(), kv[2]!.trim());
    return true;
  }

  private flush(): void {
    const first = this.first;
    const fields = this.fields;
    this.first = undefined;
    this.fields = new Map();
    if (!first) return;
    const draft = this.draft(fields);
    if (draft) this.emit(draft, first);
  }

  end(): void {
    this.flush();
  }
}

function stampOf(value: string | undefined): SelDraft['when'] {
  if (!value) return undefined;
  const iso = parseIsoWhen(value.replace(' ', 'T'));
  if (iso) return iso;
  const m = /^(\S+)\s+(.+)$/.exec(value);
  return m ? parseSelWhen(m[1]!, m[2]!) : undefined;
}

function racadmDraft(fields: Map<string, string>): SelDraft | undefined {
  const id = fields.get('record');
  const description = fields.get('description');
  if (!id || !/^\d+$/.test(id) || description === undefined) return undefined;
  const code = typeFromText(description);
  const when = stampOf(fields.get('date/time'));
  return {
    recordId: Number(id),
    ...(when ? { when } : {}),
    ...(code !== undefined ? { sensorTypeCode: code, sensorTypeFrom: 'description' } : { sensorTypeText: 'Unknown' }),
    description,
    ...(/deassert/i.test(description) ? { direction: 'deasserted' as const } : {}),
    ...(fields.get('severity') ? { toolSeverity: fields.get('severity') } : {}),
    ...(fields.get('source') ? { extra: `source ${fields.get('source')}` } : {}),
  };
}

function lclogDraft(fields: Map<string, string>): SelDraft | undefined {
  const id = fields.get('seqnumber');
  const message = fields.get('message');
  if (!id || !/^\d+$/.test(id) || message === undefined) return undefined;
  const when = stampOf(fields.get('timestamp'));
  return {
    recordId: Number(id),
    ...(when ? { when } : {}),
    ...vendorDraft(fields.get('message id'), message, fields.get('severity')),
    ...(fields.get('fqdd') ? { sensorName: fields.get('fqdd') } : {}),
  };
}

/** A vendor message as draft fields: the catalog's type, offset and level; the level the tool printed wins. */
export function vendorDraft(messageId: string | undefined, message: string, printedSeverity?: string): SelDraft {
  const read = readVendorMessage(messageId, message);
  const severity = printedSeverity ?? read.severity;
  return {
    ...(read.sensorTypeCode !== undefined ? { sensorTypeCode: read.sensorTypeCode, sensorTypeFrom: read.sensorTypeFrom } : { sensorTypeText: 'Unknown' }),
    ...(read.offset !== undefined ? { eventTypeCode: read.eventTypeCode, offset: read.offset } : {}),
    description: message,
    ...(severity ? { toolSeverity: severity } : {}),
    ...(messageId ? { extra: `MessageId ${messageId}` } : {}),
  };
}

/** ipmievd: `<Type> sensor <name> <description> Asserted`, `… <name> - <description> Asserted`, `… (0xeb) - <description>`, `… - <description>`. */
function ipmievdDraft(message: string): SelDraft | undefined {
  const m = /^(.+?) sensor (.*)$/.exec(message);
  if (!m) return undefined;
  const type = splitTypeAndName(m[1]!);
  if (!type || type.rest) return undefined;
  let rest = m[2]!.replace(/\s*\(Reading [^)]*\)\s*$/, '');
  let direction: SelDraft['direction'];
  const dir = /\s+(Asserted|Deasserted)\s*$/.exec(rest);
  if (dir) {
    direction = dir[1]!.toLowerCase() as 'asserted' | 'deasserted';
    rest = rest.slice(0, dir.index);
  }
  const base = { sensorTypeCode: type.code, ...(direction ? { direction } : {}) };
  const numbered = /^\(0x([0-9a-f]{1,2})\) - (.*)$/i.exec(rest);
  if (numbered) return { ...base, sensorNumber: Number.parseInt(numbered[1]!, 16), description: numbered[2]! };
  const dashed = /^(?:(.+?) )?- (.*)$/.exec(rest);
  if (dashed) return { ...base, ...(dashed[1] ? { sensorName: dashed[1] } : {}), description: dashed[2]! };
  // Full SDR form: the sensor name and the description are only separated by a space; the
  // description is the longest tail that an offset table knows.
  const words = rest.split(' ');
  for (let i = 1; i < words.length; i++) {
    const tail = words.slice(i).join(' ');
    if (offsetByText(type.code, tail)) return { ...base, sensorName: words.slice(0, i).join(' '), description: tail };
  }
  return { ...base, description: rest };
}

/** OpenBMC D-Bus sensor paths name the sensor's kind: `/xyz/openbmc_project/sensors/temperature/CPU1_Temp`. */
const DBUS_KIND: Record<string, number> = { temperature: 0x01, voltage: 0x02, current: 0x03, fan_tach: 0x04, fan_pwm: 0x04, power: 0x0b, memory: 0x0c, processor: 0x07 };
const THRESHOLD_KINDS = new Set(['temperature', 'voltage', 'current', 'fan_tach', 'fan_pwm', 'power']);

export const VENDOR_FORMATS: SelFormat[] = [
  {
    name: 'dell-racadm-getsel',
    kind: 'sel-get',
    example: [
      'Record:      12',
      'Date/Time:   03/27/2024 12:48:44',
      'Source:      system',
      'Severity:    Critical',
      'Description: Multi-bit memory errors detected on a memory device at location(s) DIMM_A1.',
      '-------------------------------------------------------------------------------',
    ].join('\n'),
    origin: 'layout of Dell `racadm getsel` (ipmi-sel.md §6.3: Record, Date/Time in BMC local time, Source, Severity, Description, dashed separators); built from the reference record',
    reader: (emit) => new KeyValueBlockReader(emit, /^\s*Record:\s*\d+\s*$/, /^\s*([A-Za-z/ ]+?):\s*(.*)$/, racadmDraft),
  },
  {
    name: 'dell-lclog',
    kind: 'sel-get',
    example: [
      'SeqNumber       = 4711',
      'Message ID      = MEM0701',
      'Category        = System Health',
      'AgentID         = iDRAC',
      'Severity        = Critical',
      'Timestamp       = 2024-03-27 12:48:44',
      'Message         = Multi-bit memory errors detected on a memory device at location(s) DIMM_A1.',
      'FQDD            = DIMM.Socket.A1',
    ].join('\n'),
    origin: 'layout of `racadm lclog view` records (key = value lines; message ids per ipmi-sel.md §6.3); built from the reference record',
    reader: (emit) => new KeyValueBlockReader(emit, /^\s*SeqNumber\s*=\s*\d+/, /^\s*([A-Za-z][A-Za-z ]*?)\s*=\s*(.*)$/, lclogDraft),
  },
  lineFormat({
    name: 'dell-lclog-line',
    kind: 'sel-list',
    example: '2017-03-07 23:08:02 MEM0702 Correctable memory error rate exceeded for DIMM_xx.',
    origin: 'Lifecycle Controller log lines as Dell quotes them (KB 000141221, dell.com/support/kbdoc/000141221: `2017-03-07 23:08:02 SYS1003 System CPU Resetting.`): time, message id, message. A catalog line (`MEM0702 Critical …`, no time) defines an id and is no event',
    // Only a line no log prefix claimed: an RFC 3339 syslog line's host is never read as a message id.
    pattern: /^\s*(\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?)\s+([A-Z]{3}\d{4}|FQXSP[A-Z]{2}\d{4}[A-Z])\s*[:-]?\s+(\S.*?)\s*$/,
    read: (m, line) => {
      if (line.prefix !== 'none') return undefined;
      const when = parseIsoWhen(m[1]!.replace(' ', 'T'));
      return when ? { when, ...vendorDraft(m[2]!, m[3]!) } : undefined;
    },
  }),
  lineFormat({
    name: 'openbmc-ipmi-sel',
    kind: 'sel-list',
    example: '2024-03-27T12:48:44.118640+00:00 326,2,063000,20,/xyz/openbmc_project/sensors/memory/RAS_MEMORY,1',
    origin: 'OpenBMC phosphor-sel-logger lines mirrored to /var/log/ipmi_sel (ipmi-sel.md §3.3: timestamp, id, type, data, generator, D-Bus path, 1 = assertion); built from the reference record',
    pattern: /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)) (\d+),([0-9a-f]+),([0-9a-f]*),([0-9a-f]+),(\/[^,]*),([01])\s*$/i,
    read: (m) => {
      const when = parseIsoWhen(m[1]!);
      const path = m[6]!.split('/').filter(Boolean);
      const kind = path.length >= 2 ? path[path.length - 2]! : '';
      const code = DBUS_KIND[kind];
      const data = m[4]!;
      return {
        recordId: Number(m[2]),
        ...(when ? { when } : {}),
        ...(code !== undefined ? { sensorTypeCode: code } : { sensorTypeText: kind || 'Unknown' }),
        sensorName: path[path.length - 1]!,
        // Only threshold sensors say their event type by their kind; other kinds keep their bytes opaque.
        ...(THRESHOLD_KINDS.has(kind) ? { eventTypeCode: 0x01 } : {}),
        // phosphor-sel-logger writes 1 for an assertion — the inverse of the IPMI direction bit.
        direction: m[7] === '1' ? 'asserted' : 'deasserted',
        description: '',
        ...(data.length === 6 ? { eventData: data } : data ? { raw: data } : {}),
        generatorId: Number.parseInt(m[5]!, 16),
      };
    },
  }),
  lineFormat({
    name: 'openbmc-log-util',
    kind: 'sel-list',
    example: '4    slot4    2018-03-13 07:37:12    ipmid            SEL Entry: FRU: 4, Record: Standard (0x02), Time: 2018-03-13 07:37:12, Sensor: PMIC_ERR (0xB4), Event Data: (020C00) DIMM A0 - Assertion',
    origin: 'Facebook OpenBMC `log-util` SEL line (team reference example, ipmi-sel.md §3.3)',
    pattern: /SEL Entry: FRU: (\d+), Record: [^,]*\(0x([0-9a-f]{2})\), Time: (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d), Sensor: (.+?) \(0x([0-9a-f]{2})\), Event Data: \(([0-9a-f]{6})\)\s*(.*?)(?:\s+(Assertion|Deassertion))?\s*$/i,
    read: (m) => {
      const when = parseIsoWhen(m[3]!.replace(' ', 'T'));
      const description = m[7]!.replace(/\s*-\s*$/, '');
      return {
        ...(when ? { when } : {}),
        sensorTypeText: 'Unknown',
        sensorName: m[4]!,
        sensorNumber: Number.parseInt(m[5]!, 16),
        description,
        ...(m[8] ? { direction: /^deassert/i.test(m[8]) ? ('deasserted' as const) : ('asserted' as const) } : {}),
        eventData: m[6]!,
        extra: `FRU ${m[1]}`,
      };
    },
  }),
  lineFormat({
    name: 'ipmievd-syslog',
    kind: 'syslog',
    example: 'Mar 27 20:48:44 node-2 ipmievd: Memory sensor (0xeb) - Transition to Non-recoverable',
    origin: 'ipmievd syslog messages (ipmi-sel.md §2.7, event-only SDR form); built from the reference record — the time is the host\'s clock',
    on: 'message',
    pattern: /^(.+ sensor .+)$/,
    read: (m, line) => {
      if (line.program !== 'ipmievd' || !line.local) return undefined;
      const draft = ipmievdDraft(m[1]!);
      return draft ? { ...draft, when: { local: line.local }, clock: 'host' } : undefined;
    },
  }),
];
