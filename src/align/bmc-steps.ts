// BMC clock jumps. A BMC logs a pair of System Event "Timestamp Clock Sync" records around a
// change of its SEL clock (IPMI 2.0 table 42-3, offset 05h; data2 bit 7: first/second of the
// pair): both are written at the same real moment, so their difference is the jump. Records
// logged before a jump are on the old clock.
import type { SelRecord } from '../model/records.js';
import type { EvidenceItem } from '../report/types.js';
import { localToEpochMillis } from '../parse/prefix/table.js';

export interface BmcClockStep {
  /** BMC clock reading of the first record of the pair, and of the second. */
  before: string;
  after: string;
  seconds: number;
  evidence: EvidenceItem[];
}

const CLOCK_SYNC = /timestamp clock sync/i;
/** A pair closer than this is the BMC re-reading the same clock, not a jump. */
const MIN_STEP_SECONDS = 2;

function isClockSync(r: SelRecord): boolean {
  return (r.sensorTypeCode === 0x12 || /system event/i.test(r.sensorType)) && CLOCK_SYNC.test(r.description) && !r.preInit && r.local !== undefined;
}

/** `data2` bit 7 from raw event data, when shown: 0 = first of the pair, 1 = second. */
function pairHalf(r: SelRecord): 'first' | 'second' | undefined {
  const data = r.raw && r.raw.length >= 6 ? r.raw.slice(-6) : undefined;
  if (!data) return undefined;
  return Number.parseInt(data.slice(2, 4), 16) & 0x80 ? 'second' : 'first';
}

export function findBmcClockSteps(records: SelRecord[], year?: number): BmcClockStep[] {
  const steps: BmcClockStep[] = [];
  const byInput = new Map<string, SelRecord[]>();
  for (const r of records) if (isClockSync(r)) byInput.set(r.source.input, [...(byInput.get(r.source.input) ?? []), r]);
  for (const list of byInput.values()) {
    for (let i = 0; i + 1 < list.length; i++) {
      const [a, b] = [list[i]!, list[i + 1]!];
      if (pairHalf(a) === 'second' || pairHalf(b) === 'first') continue;
      const ya = a.local!.year ?? year;
      const yb = b.local!.year ?? year;
      if (ya === undefined || yb === undefined) continue;
      const seconds = Math.round((localToEpochMillis(b.local!, yb) - localToEpochMillis(a.local!, ya)) / 1000);
      i++;
      if (Math.abs(seconds) < MIN_STEP_SECONDS) continue;
      steps.push({
        before: a.text.trim(),
        after: b.text.trim(),
        seconds,
        evidence: [
          { ...a.source, text: a.text.trim(), note: 'first Timestamp Clock Sync of the pair: the BMC clock before the change' },
          { ...b.source, text: b.text.trim(), note: `second of the pair: the clock moved ${seconds} s; records before it are on the old clock` },
        ],
      });
    }
  }
  return steps;
}
