// ipmitool's key/value blocks: `sel get <id>` (with `Event Data (RAW)` and the SDR block that
// follows it) and `sel list -v` / `elist -v` (with `Event Data`). Keys are padded to a column;
// continuation keys are indented one space; a blank line or a dashed line ends a block.
import type { LogLine, SelRecord } from '../../../model/records.js';
import type { Emit, FormatReader, SelFormat } from '../format.js';
import type { SelDraft } from '../normalise.js';
import { parseSelWhen } from '../when.js';

const KEY_VALUE = /^\s*([A-Za-z][A-Za-z0-9 ()/-]*?)\s*:\s?(.*)$/;
const SEPARATOR = /^\s*-{10,}\s*$/;

interface Block {
  fields: Map<string, string>;
  first: LogLine;
}

function draftOf(fields: Map<string, string>): SelDraft | undefined {
  const id = fields.get('sel record id');
  if (!id || !/^[0-9a-f]{1,4}$/i.test(id.trim())) return undefined;
  const stamp = fields.get('timestamp')?.trim() ?? '';
  const stampParts = /^(\S+)\s+(.+)$/.exec(stamp);
  const when = stampParts ? parseSelWhen(stampParts[1]!, stampParts[2]!) : undefined;
  const number = fields.get('sensor number')?.trim();
  const generator = fields.get('generator id')?.trim();
  const dir = fields.get('event direction')?.trim().toLowerCase();
  const description = fields.get('description') ?? '';
  return {
    recordId: Number.parseInt(id, 16),
    ...(when ? { when } : {}),
    ...(/^pre-init|^s\+/i.test(stamp) ? { preInit: true } : {}),
    sensorTypeText: fields.get('sensor type')?.trim() ?? '',
    ...(number && /^[0-9a-f]{1,2}$/i.test(number) ? { sensorNumber: Number.parseInt(number, 16) } : {}),
    ...(generator && /^[0-9a-f]{1,4}$/i.test(generator) ? { generatorId: Number.parseInt(generator, 16) } : {}),
    eventTypeText: fields.get('event type')?.trim() ?? '',
    description,
    ...(dir ? { direction: dir.startsWith('deassert') ? 'deasserted' : 'asserted' } : {}),
    ...(fields.get('event data (raw)') ?? fields.get('event data')
      ? { eventData: (fields.get('event data (raw)') ?? fields.get('event data'))!.trim() }
      : {}),
    ...(fields.get('trigger reading') ? { extra: `Reading ${fields.get('trigger reading')} Threshold ${fields.get('trigger threshold') ?? ''}`.trim() } : {}),
  };
}

/** `Sensor ID : RAS_MEMORY (0xeb)` — the SDR block ipmitool prints after a `sel get` record. */
const SDR_ID = /^\s*Sensor ID\s*:\s*(.+?)\s*\(0x([0-9a-f]{1,2})\)\s*$/i;

class VerboseReader implements FormatReader {
  private block: Block | undefined;
  /** The record just emitted, waiting for an SDR block to name its sensor. */
  private last: SelRecord | undefined;
  private inSdr = false;

  constructor(private readonly emit: Emit) {}

  /** Outside a record block and an SDR block (`last` only names a sensor from an anchored SDR line). */
  resting(): boolean {
    return this.block === undefined && !this.inSdr;
  }

  feed(line: LogLine): boolean {
    const text = line.text;
    if (/^\s*SEL Record ID\s*:/i.test(text)) {
      this.flush();
      this.block = { fields: new Map(), first: line };
      this.inSdr = false;
    }
    const sdr = SDR_ID.exec(text);
    if (sdr && !this.block?.fields.size) {
      this.flush();
      const number = Number.parseInt(sdr[2]!, 16);
      if (this.last && (this.last.sensorNumber === undefined || this.last.sensorNumber === number)) this.last.sensorName = sdr[1]!.trim();
      this.inSdr = this.last !== undefined;
      return this.inSdr;
    }
    if (sdr && this.block) {
      // SDR directly after the record without a blank line.
      this.flush();
      return this.feed(line);
    }
    if (this.block) {
      if (text.trim() === '' || SEPARATOR.test(text)) {
        this.flush();
        return text.trim() !== '';
      }
      const kv = KEY_VALUE.exec(text);
      if (!kv) {
        this.flush();
        return false;
      }
      this.block.fields.set(kv[1]!.trim().toLowerCase(), kv[2]!);
      return true;
    }
    if (this.inSdr) {
      if (text.trim() === '' || SEPARATOR.test(text)) {
        this.inSdr = false;
        return text.trim() !== '';
      }
      // SDR and FRU detail lines (`Entity ID : 0.0 (Unspecified)`, `Sensor Type (Discrete): Memory (0x0c)`).
      if (KEY_VALUE.test(text)) return true;
      this.inSdr = false;
    }
    return false;
  }

  private flush(): void {
    const block = this.block;
    this.block = undefined;
    if (!block) return;
    const draft = draftOf(block.fields);
    if (draft) this.last = this.emit(draft, block.first);
  }

  end(): void {
    this.flush();
    this.last = undefined;
    this.inSdr = false;
  }
}

export const VERBOSE_FORMATS: SelFormat[] = [
  {
    name: 'ipmitool-sel-get',
    kind: 'sel-get',
    example: [
      'SEL Record ID          : 0146',
      ' Record Type           : 02',
      ' Timestamp             : 03/27/2024 12:48:44',
      ' Generator ID          : 0020',
      ' EvM Revision          : 04',
      ' Sensor Type           : Memory',
      ' Sensor Number         : eb',
      ' Event Type            : Generic Discrete',
      ' Event Direction       : Assertion Event',
      ' Event Data (RAW)      : 063000',
      ' Description           : Transition to Non-recoverable',
      '',
      'Sensor ID              : RAS_MEMORY (0xeb)',
      'Entity ID              : 0.0 (Unspecified)',
      'Sensor Type            : Memory (0x0c)',
    ].join('\n'),
    origin: 'ipmitool 1.8.18 `sel get 0x146`, reference incident sel-get-0146.txt; `sel list -v` blocks (`Event Data : 00ffff`, moxspec/moxspec-ocpsel testdata) take the same path',
    reader: (emit) => new VerboseReader(emit),
  },
];
