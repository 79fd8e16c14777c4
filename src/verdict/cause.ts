// Which of the hardware events that line up with the failure is its cause, and how to say so.
// Ranked by what each event says (src/analyze/causes.ts: a part named and failed first, the
// BMC's roll-ups and the restarts they trigger last) and only among equals by how close in
// time it lies; an event that cannot have caused a hang (a redundant supply back within
// minutes) is listed, never chosen.
import { classifyCause, CONSEQUENCE_RANK, rootCauseOf, UNCLASSIFIED } from '../analyze/causes.js';
import { correlatedLabel, formatDelta } from '../analyze/hardware.js';
import type { HardwareCorrelationFinding, RootCause } from '../report/types.js';

/** Others named in the "chosen over" sentence before "and N more". */
const MAX_OTHERS_NAMED = 3;

type Cause = NonNullable<HardwareCorrelationFinding['cause']>;

/** The finding's cause-table row; findings made without one (older reports) are classified from their words. */
export function causeOf(finding: HardwareCorrelationFinding): Cause {
  if (finding.cause) return finding.cause;
  const sensorType = (finding.hardwareEvent.sensor ?? '').replace(/\s*#0x[0-9a-f]+$/i, '');
  const row = classifyCause({ kind: 'sel', sensorType, description: finding.hardwareEvent.description, source: finding.hardwareEvent.source }) ?? UNCLASSIFIED;
  return { class: row.name, rank: row.rank, ...(row.part ? { part: row.part } : {}), consequence: row.rank === CONSEQUENCE_RANK, says: row.says };
}

const byRankThenTime = (a: HardwareCorrelationFinding, b: HardwareCorrelationFinding) =>
  causeOf(a).rank - causeOf(b).rank || Math.abs(a.deltaSeconds) - Math.abs(b.deltaSeconds);

export interface CauseChoice {
  chosen: HardwareCorrelationFinding;
  cause: Cause;
  rootCause: RootCause;
  /** Every other event that lines up, best first. */
  others: HardwareCorrelationFinding[];
}

export function chooseCause(correlations: HardwareCorrelationFinding[]): CauseChoice | undefined {
  const ranked = [...correlations].sort(byRankThenTime);
  const chosen = ranked.find((f) => !f.notACause);
  if (!chosen) return undefined;
  const cause = causeOf(chosen);
  return { chosen, cause, rootCause: rootCauseOf(cause), others: ranked.filter((f) => f !== chosen) };
}

const isKernel = (f: HardwareCorrelationFinding) => f.hardwareEvent.eventKind !== undefined && f.hardwareEvent.eventKind !== 'sel';

/** `2 s later`, `same second`: when another event came, measured from the chosen one. */
function relativeTime(other: HardwareCorrelationFinding, chosen: HardwareCorrelationFinding): string {
  const a = other.hardwareEvent;
  const b = chosen.hardwareEvent;
  const seconds = a.time && b.time ? (Date.parse(a.time) - Date.parse(b.time)) / 1000 : a.uptime !== undefined && b.uptime !== undefined ? a.uptime - b.uptime : undefined;
  if (seconds === undefined) return a.time ?? `uptime ${a.uptime}`;
  const delta = formatDelta(seconds);
  return delta === 'same second' ? 'the same second' : delta.replace(' after', ' later').replace(' before', ' earlier');
}

const KERNEL_RECORD: Record<string, string> = {
  mce: 'a machine check',
  ghes: 'a firmware (GHES) hardware error record',
  edac: 'an EDAC memory error',
  'memory-failure': 'a memory failure',
  panic: 'a panic',
};

/** What a kernel record points to, as printed: `(CPU 14, socket 1, bank 7, DIMM CPU1_DIMM_D1)`. */
function pointsText(finding: HardwareCorrelationFinding): string {
  const inner = pointsInner(finding);
  return inner ? ` (${inner})` : '';
}

function pointsInner(finding: HardwareCorrelationFinding): string {
  const points = finding.hardwareEvent.pointsTo ?? {};
  const parts = [
    points.cpu !== undefined ? `CPU ${points.cpu}` : undefined,
    points.socket !== undefined ? `socket ${points.socket}` : undefined,
    points.bank !== undefined ? `bank ${points.bank}` : undefined,
    points.dimm ? `DIMM ${points.dimm}` : undefined,
  ].filter(Boolean);
  return parts.join(', ');
}

/** When the chosen record names no DIMM, the memory record beside it that does. */
function dimmBeside(choice: CauseChoice): string {
  if (choice.chosen.hardwareEvent.pointsTo?.dimm) return '';
  const beside = choice.others.find((f) => f.hardwareEvent.pointsTo?.dimm && causeOf(f).part === 'memory');
  return beside ? `; the ${recordName(beside)} beside it names DIMM ${beside.hardwareEvent.pointsTo!.dimm}` : '';
}

const RECORD_NAMES: Record<string, string> = { mce: 'MCE record', ghes: 'GHES record', edac: 'EDAC record', 'memory-failure': 'memory-failure line', panic: 'panic', sel: 'SEL record' };
const recordName = (f: HardwareCorrelationFinding) => RECORD_NAMES[f.hardwareEvent.eventKind ?? 'sel'] ?? 'record';

/** How the chosen event lines up: `1 s before the host log going silent`; empty for a panic that is the failure itself. */
export function describeDelta(hw: HardwareCorrelationFinding): string {
  const partner = hw.correlatedWith[0];
  if (partner && partner.source.input === hw.hardwareEvent.source.input && partner.source.line === hw.hardwareEvent.source.line) return '';
  const what = correlatedLabel(partner?.kind);
  const delta = formatDelta(hw.deltaSeconds);
  return delta === 'same second' ? `in the same second as ${what}` : `${delta} ${what}`;
}

/** The first sentence: who logged what, when, and what it lines up with. */
export function chosenSentence(choice: CauseChoice, hostName: string): string {
  const hw = choice.chosen.hardwareEvent;
  const when = hw.time ? ` at ${hw.time}` : hw.uptime !== undefined ? ` at uptime ${hw.uptime} s` : '';
  const delta = describeDelta(choice.chosen);
  const tail = delta ? `, ${delta}.` : '.';
  if (isKernel(choice.chosen)) {
    return `${hostName}the kernel logged ${KERNEL_RECORD[hw.eventKind!] ?? 'a hardware error'} "${hw.description}"${pointsText(choice.chosen)}${when}${delta ? `, ${delta}` : ''}${dimmBeside(choice)}.`;
  }
  return `${hostName}the BMC logged ${hw.sensor ?? 'an event'} "${hw.description}"${when}${tail}`;
}

function why(other: HardwareCorrelationFinding, chosen: Cause): string {
  if (other.notACause) return other.notACause;
  const cause = causeOf(other);
  if (cause.consequence) return `${cause.says}: a consequence, not a cause`;
  if (cause.rank > chosen.rank) return `which ${cause.says}`;
  return 'equal in rank but further from the failure';
}

/**
 * One sentence: why the chosen event and not the others that line up. Several records of one
 * event (the same sensor and words) are named once.
 */
export function whySentence(choice: CauseChoice): string | undefined {
  const seen = new Set([`${choice.chosen.hardwareEvent.sensor}|${choice.chosen.hardwareEvent.description}`]);
  const others = choice.others.filter((f) => {
    const key = `${f.hardwareEvent.sensor}|${f.hardwareEvent.description}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (others.length === 0) return choice.cause.consequence ? `Only ${choice.cause.says} lines up, and it names no failed part.` : undefined;
  const named = others.slice(0, MAX_OTHERS_NAMED).map((f) => {
    const when = relativeTime(f, choice.chosen);
    const label = !isKernel(f)
      ? `${f.hardwareEvent.sensor} "${f.hardwareEvent.description}" (${when})`
      : f.hardwareEvent.eventKind === 'panic'
        ? `the panic "${f.hardwareEvent.description}" (${when})`
        : `the ${recordName(f)} (${[pointsInner(f), when].filter(Boolean).join('; ')})`;
    return `${label}, ${why(f, choice.cause)}`;
  });
  const more = others.length > MAX_OTHERS_NAMED ? `; and ${others.length - MAX_OTHERS_NAMED} more` : '';
  const because = choice.cause.consequence ? `only ${choice.cause.says} is left` : `it ${choice.cause.says}`;
  return `It was chosen because ${because}, over ${named.join('; ')}${more}.`;
}

const PART_WORDS: Record<string, string> = { memory: 'memory (DIMM/memory controller)', processor: 'processor', pcie: 'PCIe/bus', power: 'power' };

export function partWords(cause: Cause): string {
  return PART_WORDS[cause.part ?? ''] ?? 'hardware';
}
