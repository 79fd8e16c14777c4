// What a hardware event says about the failure, as one declarative table: each class of event
// (an IPMI sensor type and offset, or a kernel RAS line), the rank it gets as a root cause and
// the spec or kernel source that says what it means. The verdict ranks the events that line up
// with a stall, a panic or the host going silent by this rank first and by time only among
// equals, so the record that names the failed part wins over the BMC's roll-ups and the
// restarts that follow it, however close those fall in time.
import { EVENT_TYPE_SENSOR_SPECIFIC, EVENT_TYPE_SEVERITY, EVENT_TYPE_THRESHOLD, offsetByText, sensorTypeCodeByName } from '../parse/sel/tables/index.js';
import type { EventKind, ReportEvent, RootCause } from '../report/types.js';

/** Generic discrete "State" (0x03) and "Redundancy" (0x0B) tables, IPMI v2.0 table 42-2. */
const EVENT_TYPE_STATE = 0x03;
const EVENT_TYPE_REDUNDANCY = 0x0b;

export type FailedPart = 'memory' | 'processor' | 'pcie' | 'power' | 'platform';

/**
 * 1 a part named and failed · 2 a failure stated without naming the part · 3 a part named that
 * degraded or crossed a limit · 4 serious but in no row · 5 a consequence: an aggregate or a
 * derived event (roll-up, restart, watchdog, OS stop) that something else caused.
 */
export type CauseRank = 1 | 2 | 3 | 4 | 5;

/** Rank 5 rows: listed, never chosen as the root cause while an event of a lower rank stands beside them. */
export const CONSEQUENCE_RANK: CauseRank = 5;

interface SelMatch {
  /** IPMI sensor type codes (table 42-3); empty = any type. */
  types: number[];
  /** Which table the offset comes from: the type's own (0x6F), generic Severity (0x07), State (0x03), Redundancy (0x0B), a threshold (0x01), or any. */
  table: 'specific' | 'severity' | 'state' | 'redundancy' | 'threshold' | 'any';
  offsets?: number[];
  /** OEM discrete sensors named for what they watch (`CPU0_CATERR`, `CPU1_IERR`). */
  sensorName?: RegExp;
}

export interface CauseRow {
  name: string;
  rank: CauseRank;
  part?: FailedPart;
  /** How the summary says why this event is (or is not) the cause. */
  says: string;
  /** What the row covers, in the words of the spec or the kernel line. */
  covers: string;
  cite: string;
  sel?: SelMatch[];
  /** Vendor wording of the same event where no sensor type or offset could be read (web exports, lclog). */
  text?: RegExp;
  kernel?: { kinds: EventKind[]; when?: (event: ReportEvent) => boolean };
}

type Details = Record<string, unknown>;
const details = (event: ReportEvent): Details => (event.details as Details | undefined) ?? {};

/** MCi_STATUS bit 61 (UC) from the printed status, or the AMD decoder's `UE` flag. */
function mceUncorrected(event: ReportEvent): boolean {
  const d = details(event);
  // The parser's per-record summary (src/parse/kernel/hwerror.ts) when it decoded one.
  if (event.hardwareError) return event.hardwareError.uncorrected || event.hardwareError.fatal;
  if (event.severity === 'non-recoverable' || event.severity === 'critical') return true;
  if (d['uncorrected'] === true) return true;
  if (typeof d['statusFlags'] === 'string' && /(^|\|)(UE|PCC|UC)(\||$)/.test(d['statusFlags'])) return true;
  return typeof d['machineCheck'] === 'string' || d['serror'] === true;
}

/**
 * Intel SDM Vol. 3B §16.9.2 (compound error codes): MCACOD `000F 0000 1MMM CCCC` is a memory
 * controller error, i.e. the DIMM side, not the core.
 */
function mceMemoryController(event: ReportEvent): boolean {
  if (/^memory controller/.test(event.hardwareError?.description ?? '')) return true;
  const status = details(event)['status'];
  if (typeof status !== 'string' || !/^[0-9a-f]{16}$/i.test(status)) return false;
  const mcacod = parseInt(status.slice(-4), 16);
  return (mcacod & 0xef80) === 0x0080;
}

const ghesSeverity = (event: ReportEvent) =>
  event.hardwareError ? (event.hardwareError.uncorrected ? 'recoverable' : 'corrected') : String(details(event)['severity'] ?? event.severity ?? '').toLowerCase();
const ghesSection = (event: ReportEvent) => String(details(event)['section'] ?? '').toLowerCase();
const edacClass = (event: ReportEvent) => String(details(event)['errorClass'] ?? '');
/** A corrected-error count in one EDAC line this large is a storm the kernel folded into one line. */
export const EDAC_STORM_COUNT = 100;

/** `Kernel panic - not syncing: …` messages of the kernel's hardware-error paths. */
const MCE_PANIC = /Fatal (?:local )?machine check|Machine check from unknown source|Processor context corrupt|Timeout: Not all CPUs entered broadcast exception handler|Some CPUs didn't answer in synchronization|MCE holdoff/i;
const FIRMWARE_PANIC = /Fatal hardware error|Asynchronous SError Interrupt|NMI IOCK error|NMI: PCI system error/i;

export const CAUSE_TABLE: CauseRow[] = [
  {
    name: 'memory-uncorrectable',
    rank: 1,
    part: 'memory',
    says: 'names the failed part (memory, uncorrectable or non-recoverable)',
    covers:
      'SEL Memory (0x0C) offsets 1 Uncorrectable ECC, 2 Parity, 3 Memory Scrub Failed, 4 Memory Device Disabled, 5 Correctable ECC logging limit reached (an ECC storm); a Memory sensor on the generic Severity table at 3/6 (Transition to Non-recoverable); EDAC `UE`/`Fatal` and corrected-error storms; GHES memory sections of severity recoverable/fatal; `Memory failure: …`; an MCE whose MCACOD is a memory-controller error',
    cite: 'IPMI v2.0 tables 42-2 (0x07) and 42-3 (0x0C); drivers/edac/edac_mc.c edac_mc_handle_error(); drivers/firmware/efi/cper.c cper_print_mem(); mm/memory-failure.c; Intel SDM Vol. 3B §16.9.2',
    sel: [
      { types: [0x0c], table: 'specific', offsets: [1, 2, 3, 4, 5] },
      { types: [0x0c], table: 'severity', offsets: [3, 6] },
    ],
    text: /uncorrectable (?:ecc|memory)|multi-?bit (?:ecc|memory)|memory\b.*non-?recoverable|correctable (?:ecc|memory error)s? (?:logging limit|rate exceeded)/i,
    kernel: {
      kinds: ['edac', 'ghes', 'memory-failure', 'mce'],
      when: (e) => {
        if (e.kind === 'memory-failure') return true;
        if (e.kind === 'edac') return e.hardwareError?.uncorrected === true || /^(UE|Fatal)$/.test(edacClass(e)) || (edacClass(e) === 'CE' && Number(e.hardwareError?.count ?? details(e)['count'] ?? 0) >= EDAC_STORM_COUNT);
        if (e.kind === 'ghes') return /memory/.test(ghesSection(e)) && /fatal|recoverable/.test(ghesSeverity(e));
        return mceUncorrected(e) && mceMemoryController(e);
      },
    },
  },
  {
    name: 'processor-fatal',
    rank: 1,
    part: 'processor',
    says: 'names the failed part (processor, fatal)',
    covers:
      'SEL Processor (0x07) offsets 0 IERR, 1 Thermal Trip, 2–4 FRB1–3, 6 SMBIOS Uncorrectable CPU-complex Error, 11 Uncorrectable machine check; a Processor sensor at Severity 3/6; OEM `CATERR`/`IERR`/`THERMTRIP` sensors on the State table asserted; an MCE record with MCi_STATUS.UC (or the AMD decoder\'s UE/PCC), `Machine check: <severity>` or an arm64 SError',
    cite: 'IPMI v2.0 table 42-3 (0x07); arch/x86/kernel/cpu/mce/core.c print_mce(), mce_panic(); Intel SDM Vol. 3B §16.3.2.2 (MCi_STATUS bit 61 UC); arch/arm64/kernel/traps.c arm64_serror_panic()',
    sel: [
      { types: [0x07], table: 'specific', offsets: [0, 1, 2, 3, 4, 6, 11] },
      { types: [0x07], table: 'severity', offsets: [3, 6] },
      { types: [], table: 'state', offsets: [1], sensorName: /caterr|ierr|therm_?trip|mcerr/i },
    ],
    text: /\bierr\b|caterr|thermal trip|uncorrectable machine check|cpu-complex error/i,
    kernel: { kinds: ['mce', 'ghes'], when: (e) => (e.kind === 'mce' ? mceUncorrected(e) : /processor/.test(ghesSection(e)) && /fatal|recoverable/.test(ghesSeverity(e))) },
  },
  {
    name: 'pcie-fatal',
    rank: 1,
    part: 'pcie',
    says: 'names the failed part (PCIe/bus, fatal)',
    covers: 'SEL Critical Interrupt (0x13) offsets 1 Bus Timeout, 2 I/O Channel check NMI, 4 PCI PERR, 5 PCI SERR, 8 Bus Uncorrectable, 9 Fatal NMI, 10 Bus Fatal Error ; GHES PCIe sections of severity recoverable/fatal (kernel AER lines are not parsed as events yet)',
    cite: 'IPMI v2.0 table 42-3 (0x13)',
    sel: [{ types: [0x13], table: 'specific', offsets: [1, 2, 4, 5, 8, 9, 10] }],
    text: /pci(?:e)? (?:perr|serr|fatal)|bus (?:fatal|uncorrectable)|fatal nmi|i\/o channel check/i,
    kernel: { kinds: ['ghes'], when: (e) => /pci/.test(ghesSection(e)) && /fatal|recoverable/.test(ghesSeverity(e)) },
  },
  {
    name: 'power-loss',
    rank: 1,
    part: 'power',
    says: 'names the failed part (power)',
    covers: 'SEL Power Supply (0x08) offsets 1 Failure detected, 3 AC lost, 4 AC lost or out-of-range; Power Unit (0x09) offsets 2 240VA power down, 3 Interlock power down, 4 AC lost, 5 Soft-power control failure, 6 Failure detected. A supply that comes back within minutes while another supply is seen is not a cause (src/analyze/hardware.ts)',
    cite: 'IPMI v2.0 table 42-3 (0x08, 0x09)',
    sel: [
      { types: [0x08], table: 'specific', offsets: [1, 3, 4] },
      { types: [0x09], table: 'specific', offsets: [2, 3, 4, 5, 6] },
    ],
    text: /\bac lost|power supply failure|input lost/i,
  },
  {
    name: 'machine-check-panic',
    rank: 2,
    part: 'processor',
    says: 'states a fatal machine check without naming the bank or DIMM',
    covers: '`Kernel panic - not syncing: Fatal machine check` / `Fatal local machine check` / `Machine check from unknown source` / `Timeout: Not all CPUs entered broadcast exception handler` / `Processor context corrupt`',
    cite: 'arch/x86/kernel/cpu/mce/core.c mce_panic(), mce_timed_out(); arch/x86/kernel/cpu/mce/severity.c',
    kernel: { kinds: ['panic'], when: (e) => MCE_PANIC.test(String(e.message ?? '')) },
  },
  {
    name: 'firmware-fatal-panic',
    rank: 2,
    part: 'platform',
    says: 'states a fatal hardware error without naming the part',
    covers: '`Kernel panic - not syncing: Fatal hardware error!` (GHES), `Asynchronous SError Interrupt` (arm64), `NMI IOCK error: Not continuing` / PCI SERR NMI (x86)',
    cite: 'drivers/acpi/apei/ghes.c __ghes_panic(); arch/arm64/kernel/traps.c arm64_serror_panic(); arch/x86/kernel/nmi.c io_check_error(), pci_serr_error()',
    kernel: { kinds: ['panic'], when: (e) => FIRMWARE_PANIC.test(String(e.message ?? '')) },
  },
  {
    name: 'system-hardware-failure',
    rank: 2,
    part: 'platform',
    says: 'states a hardware failure without naming the part',
    covers: 'SEL System Event (0x12) offset 2 Undetermined system hardware failure',
    cite: 'IPMI v2.0 table 42-3 (0x12)',
    sel: [{ types: [0x12], table: 'specific', offsets: [2] }],
  },
  {
    name: 'memory-degraded',
    rank: 3,
    part: 'memory',
    says: 'names a memory part that degraded, not one that failed',
    covers: 'SEL Memory (0x0C) offsets 0 Correctable ECC, 7 Configuration Error, 9 Throttled, 10 Critical Overtemperature; a Memory sensor at Severity 1/2/4/5 (Transition to Critical…); EDAC `CE`; GHES corrected memory sections',
    cite: 'IPMI v2.0 tables 42-2 (0x07) and 42-3 (0x0C); drivers/edac/edac_mc.c',
    sel: [
      { types: [0x0c], table: 'specific', offsets: [0, 7, 9, 10] },
      { types: [0x0c], table: 'severity', offsets: [1, 2, 4, 5] },
    ],
    kernel: { kinds: ['edac', 'ghes'], when: (e) => e.kind === 'edac' || /memory/.test(ghesSection(e)) },
  },
  {
    name: 'processor-degraded',
    rank: 3,
    part: 'processor',
    says: 'names a processor that degraded or corrected an error, not one that failed',
    covers: 'SEL Processor (0x07) offsets 5 Configuration Error, 8 Disabled, 10 Throttled, 12 Correctable machine check; a Processor sensor at Severity 1/2/4/5; corrected MCE records, `Machine check events logged`, CMCI storms',
    cite: 'IPMI v2.0 table 42-3 (0x07); arch/x86/kernel/cpu/mce/core.c, arch/x86/kernel/cpu/mce/intel.c (CMCI storm)',
    sel: [
      { types: [0x07], table: 'specific', offsets: [5, 8, 10, 12] },
      { types: [0x07], table: 'severity', offsets: [1, 2, 4, 5] },
    ],
    kernel: { kinds: ['mce', 'ghes'], when: (e) => e.kind === 'mce' || /processor/.test(ghesSection(e)) },
  },
  {
    name: 'part-degraded',
    rank: 3,
    part: 'platform',
    says: 'names a part that crossed a limit or degraded, not one that failed',
    covers: 'threshold crossings (0x01) of any sensor; Critical Interrupt (0x13) offsets 0, 3, 6, 7, 11; Power Supply (0x08) offsets 2, 5, 6, 7 and Power Unit (0x09) offset 7 (predictive failure, out of range, inactive)',
    cite: 'IPMI v2.0 tables 42-2 (0x01) and 42-3 (0x08, 0x09, 0x13)',
    sel: [
      { types: [], table: 'threshold' },
      { types: [0x13], table: 'specific', offsets: [0, 3, 6, 7, 11] },
      { types: [0x08], table: 'specific', offsets: [2, 5, 6, 7] },
      { types: [0x09], table: 'specific', offsets: [7] },
    ],
  },
  {
    name: 'chassis-rollup',
    rank: 5,
    says: 'an aggregate the BMC derives from other sensors',
    covers: 'SEL Chassis (0x18) events, e.g. `Transition to Critical from less severe` on the generic Severity table: Chassis has no offsets of its own, so a BMC uses it to roll up the health of the other sensors',
    cite: 'IPMI v2.0 table 42-3 (0x18: no sensor-specific offsets), table 42-2 (0x07)',
    sel: [{ types: [0x18], table: 'any' }],
  },
  {
    name: 'restart',
    rank: 5,
    says: 'a restart or power transition that follows a failure',
    covers: 'SEL System Boot/Restart Initiated (0x1D), System ACPI Power State (0x22), System Firmware Progress (0x0F), Power Unit (0x09) offsets 0 Power off/down and 1 Power cycle, System Event (0x12) offsets 1 OEM system boot and 4 PEF Action',
    cite: 'IPMI v2.0 table 42-3 (0x1D, 0x22, 0x0F, 0x09, 0x12)',
    sel: [
      { types: [0x1d, 0x22, 0x0f], table: 'any' },
      { types: [0x09], table: 'specific', offsets: [0, 1] },
      { types: [0x12], table: 'specific', offsets: [1, 4] },
    ],
  },
  {
    name: 'watchdog',
    rank: 5,
    says: 'a watchdog acting on a host that had already stopped',
    covers: 'SEL Watchdog 1 (0x11) and Watchdog 2 (0x23) events (timer expired, hard reset, power cycle…)',
    cite: 'IPMI v2.0 table 42-3 (0x11, 0x23)',
    sel: [{ types: [0x11, 0x23], table: 'any' }],
  },
  {
    name: 'os-stop',
    rank: 5,
    says: "the OS reporting its own stop (the kernel's panic event)",
    covers: 'SEL OS Stop/Shutdown (0x20) events, e.g. Run-time critical stop written by the Linux IPMI driver on panic',
    cite: 'IPMI v2.0 table 42-3 (0x20); drivers/char/ipmi/ipmi_msghandler.c send_panic_events()',
    sel: [{ types: [0x20], table: 'any' }],
  },
  {
    name: 'redundancy',
    rank: 5,
    says: 'an aggregate over redundant parts',
    covers: 'any sensor on the generic Redundancy table (0x0B): Redundancy Lost/Degraded, Non-Redundant …',
    cite: 'IPMI v2.0 table 42-2 (0x0B)',
    sel: [{ types: [], table: 'redundancy' }],
  },
];

/** The rank given to a serious event that no row covers. */
export const UNCLASSIFIED: CauseRow = {
  name: 'unclassified',
  rank: 4,
  says: 'is serious but names no failed part the tables know',
  covers: 'any other serious event (critical or non-recoverable severity, or serious wording)',
  cite: 'src/analyze/hardware.ts isSeriousHardwareEvent()',
};

const TABLE_OF: Record<SelMatch['table'], number | undefined> = {
  specific: EVENT_TYPE_SENSOR_SPECIFIC,
  severity: EVENT_TYPE_SEVERITY,
  state: EVENT_TYPE_STATE,
  redundancy: EVENT_TYPE_REDUNDANCY,
  threshold: EVENT_TYPE_THRESHOLD,
  any: undefined,
};

/** The IPMI sensor type, table and offset a SEL event's printed text stands for. */
export function selOffset(event: Pick<ReportEvent, 'sensorType' | 'description'>): { type?: number; eventType?: number; offset?: number } {
  const type = event.sensorType ? sensorTypeCodeByName(event.sensorType) : undefined;
  const match = event.description ? offsetByText(type, event.description) : undefined;
  return { ...(type !== undefined ? { type } : {}), ...(match ? { eventType: match.eventType, offset: match.row.offset } : {}) };
}

function selMatches(rule: SelMatch, event: ReportEvent, at: ReturnType<typeof selOffset>): boolean {
  if (rule.types.length > 0 && (at.type === undefined || !rule.types.includes(at.type))) return false;
  if (rule.sensorName && !rule.sensorName.test(event.sensorName ?? '')) return false;
  const table = TABLE_OF[rule.table];
  if (table === undefined) return rule.table === 'any' && at.type !== undefined;
  if (at.eventType !== table) return false;
  return !rule.offsets || (at.offset !== undefined && rule.offsets.includes(at.offset));
}

const isSel = (event: ReportEvent) => event.kind === 'sel';

/**
 * The table row of a hardware event, or undefined for an event no row covers (the caller
 * decides whether it is serious enough to rank as `UNCLASSIFIED`). A SEL event is matched
 * by its sensor type and offset first and by vendor wording only when neither could be read.
 */
export function classifyCause(event: ReportEvent): CauseRow | undefined {
  if (isSel(event)) {
    const at = selOffset(event);
    const byTable = CAUSE_TABLE.find((row) => row.sel?.some((rule) => selMatches(rule, event, at)));
    if (byTable) return byTable;
    if (at.eventType !== undefined) return undefined;
    const text = `${event.sensorName ?? ''} ${event.sensorType ?? ''} ${event.description ?? ''} ${event.message ?? ''}`;
    return CAUSE_TABLE.find((row) => row.text?.test(text));
  }
  return CAUSE_TABLE.find((row) => row.kernel?.kinds.includes(event.kind) && (!row.kernel.when || row.kernel.when(event)));
}

/** The root cause a row stands for in the verdict. */
export function rootCauseOf(row: { part?: string }): RootCause {
  return row.part === 'memory' ? 'hardware-memory' : row.part === 'processor' ? 'hardware-cpu' : 'hardware-other';
}

/** What a kernel hardware event points to: the DIMM, the MCA bank, the CPU and socket, as printed. */
export function pointsTo(event: ReportEvent): { dimm?: string; bank?: number; cpu?: number; socket?: number } {
  const d = details(event);
  const hw = event.hardwareError;
  const dimm = hw?.dimm ?? event.dimm?.label ?? (typeof d['dimmLocation'] === 'string' ? d['dimmLocation'] : undefined);
  // An MCA bank, not a DRAM bank: GHES and EDAC print the latter, which locates nothing on its own.
  const bank = event.kind !== 'mce' ? undefined : (hw?.bank ?? (typeof d['bank'] === 'number' ? (d['bank'] as number) : undefined));
  const cpu = hw?.cpu ?? event.cpu;
  const socket = hw?.socket ?? (typeof d['socket'] === 'number' ? (d['socket'] as number) : undefined);
  return { ...(dimm ? { dimm } : {}), ...(bank !== undefined ? { bank } : {}), ...(cpu !== undefined ? { cpu } : {}), ...(socket !== undefined ? { socket } : {}) };
}
