// The JSON report contract, schemaVersion 1 (see docs/report-schema.md).
// Field names here are the product's API: the Action's outputs, the bot's comment and
// downstream tooling read them. Add fields; never rename or repurpose one.

export const SCHEMA_VERSION = 1 as const;

export type Confidence = 'high' | 'medium' | 'low';

/** Which clock a timestamp was read from. */
export type ClockName = 'kernel-uptime' | 'host-local' | 'bmc' | 'utc';

/** Where a fact came from: input name (file path, or path#block for pasted sections) and 1-based line. */
export interface SourceRef {
  input: string;
  line: number;
}

export type InputKind =
  | 'kernel-log'
  | 'syslog'
  | 'journal'
  | 'sel-list'
  | 'sel-get'
  | 'sel-csv'
  | 'sel-freeipmi'
  | 'sel-redfish'
  | 'sel-raw'
  | 'disassembly'
  | 'markdown'
  | 'archive'
  | 'binary'
  | 'empty'
  | 'unknown';

export interface InputReport {
  name: string;
  kinds: InputKind[];
  bytes: number;
  lines: number;
  unparsedLines: number;
  warnings: string[];
  /** Set when the input was not analysed at all, with the reason. */
  skipped?: string;
  /** The archive this input was unpacked from (`bundle.tgz` for `bundle.tgz:var/log/messages`). */
  container?: string;
  /** How the bytes became lines: set once the input was read as text. */
  decoding?: InputDecoding;
  /** Set on an archive (tar, zip): what it held and what was unpacked. */
  archive?: ArchiveReport;
  /** For Markdown (a write-up, an issue body): what each fenced block was read as. */
  blocks?: InputBlock[];
}

/** One fenced block of a Markdown input: its lines and what recognised them. */
export interface InputBlock {
  /** 1-based block number in the input. */
  index: number;
  /** Info string of the fence (```text → `text`), when given. */
  info?: string;
  fromLine: number;
  toLine: number;
  kinds: InputKind[];
  lines: number;
  unparsedLines: number;
}

/** What ingest did to an input's bytes before any parser saw them (counts, 0 when nothing). */
export interface InputDecoding {
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'latin-1';
  /** A byte-order mark was present and dropped. */
  bom: boolean;
  /** Compression layers removed, outermost first (`gzip`). */
  compression: string[];
  /** Bytes of text after decompression (equals `bytes` when nothing was compressed). */
  textBytes: number;
  crlfLines: number;
  loneCrBreaks: number;
  ansiSequences: number;
  nulBytes: number;
  controlBytes: number;
  /** Byte sequences that were not valid in the encoding, replaced by U+FFFD. */
  invalidSequences: number;
  /** Lines longer than the line limit, cut to it. */
  cutLines: number;
  /** Wrapped physical lines glued back to the line before them. */
  rejoinedLines: number;
  /**
   * Lines only counted, not read: far from every token that can start what the engine reports
   * (the windowed path of a big log, src/ingest/search/). Facts sampled over the whole log (clock
   * samples, hosts seen, line spacing) come from the lines read. Absent when every line was read.
   */
  countedLines?: number;
  /**
   * The same by the rule that glued them: `fixed-width` (a terminal's column) or the kernel line
   * shape a mail client broke at a space (`hung-task-header`, `x86-code`, `mce-status`…;
   * src/ingest/wrap-shapes.ts). Only rules that glued something are listed.
   */
  rejoinedBy?: Record<string, number>;
  /** What the way the text travelled put around its lines, taken off (src/ingest/carrier.ts). */
  carriers?: {
    /** Lines whose mail quote markers (`> `, `>  > `) were taken off. */
    mailQuoted: number;
    /** Lines whose Markdown code indentation was taken off. */
    indented: number;
    /** Lines in which quoted-printable escapes (`=3D`, `=20`) were decoded. */
    quotedPrintable: number;
    /** Quoted-printable soft breaks (`=` at a line's end) glued. */
    softBreaks: number;
  };
}

export interface ArchiveReport {
  format: 'tar' | 'zip';
  /** Compression layers around the archive, outermost first (`gzip` for a .tgz). */
  compression: string[];
  /** Entries seen (files, folders, links). */
  entries: number;
  /** Regular files unpacked as inputs of their own. */
  members: number;
  /** Bytes produced by decompression, this archive and those nested in it. */
  expandedBytes: number;
  /** Entries not unpacked, with why (links, unsupported compression…); at most 50 listed. */
  skippedEntries: { path: string; reason: string }[];
  /** Set when unpacking stopped early (a limit was reached, the archive is corrupt). */
  stopped?: string;
}

/** `ppc64le` and `s390x` narrow `powerpc` and `s390` down when the dump says so (MSR LE, 64-bit PSW). */
export type Arch = 'arm64' | 'x86_64' | 'powerpc' | 'ppc64le' | 's390' | 's390x' | 'arm' | 'i386' | 'riscv64' | 'unknown';

export interface HostReport {
  hostname?: string;
  kernelRelease?: string;
  arch?: Arch;
  hardware?: string;
  utcOffset?: string;
  taint?: string;
  kdumpLoaded?: boolean;
  /**
   * In an aggregate of many hosts' logs, when incidents fall on more than one host: those hosts,
   * in the order of their first incident. `hostname` is the first of them.
   */
  incidentHosts?: string[];
  /** For each fact above: the line that stated it and how it was read. */
  evidence?: Partial<Record<HostField, HostEvidence>>;
}

export type HostField = 'hostname' | 'kernelRelease' | 'arch' | 'hardware' | 'taint' | 'kdumpLoaded';

export interface HostEvidence extends EvidenceItem {
  /**
   * How the line says it: `cpu-line` (`CPU: … Comm: …`), `hung-task-line` (`      Tainted: …`),
   * `pid-line` (3.x `Pid: N, comm:`), `linux-version`, `hardware-name`, `register-dump`,
   * `trace-frame`, `release-suffix`, `syslog-host`…
   */
  method: string;
  /** The table row that read it (src/parse/kernel/arch.ts), for architectures. */
  row?: string;
}

export interface OffsetEvidence {
  /** `±HH:MM`, or `unknown` when the evidence is too weak to say. */
  value: string;
  /** How it was fixed: `option`, `embedded-timestamp`, `assumed`, … */
  method: string;
  confidence: Confidence;
  evidence: EvidenceItem[];
  note?: string;
  /** IANA zone the offset came from (`--host-tz`/`--bmc-tz`); `value` is then its offset at the incident. */
  zone?: string;
  /** Scored inference: the winner's score and the best other candidate. */
  score?: number;
  runnerUp?: { value: string; score: number };
  /** The offset changed while the logs ran (DST, re-zoning). */
  changes?: { from: string; to: string; between: [string, string] }[];
}

export interface ClocksReport {
  hostUtcOffset: OffsetEvidence;
  bmcUtcOffset: OffsetEvidence;
  boots: {
    time?: string;
    uptimeZeroAt?: string;
    /** What this entry rests on: a boot line in a log, uptime/wall-clock pairs (measured), or the BMC's boot record (estimated). */
    method?: 'boot-marker' | 'uptime-pairs' | 'bmc-boot-record';
    /** The input whose pairs measured uptime 0, or the console an estimate places. */
    input?: string;
    /** In an input of several hosts, the host whose kernel's pairs these are (each kernel counts its own uptime). */
    host?: string;
    /** Uptime/wall-clock pairs behind `uptimeZeroAt`. */
    pairs?: number;
    /** How far the pairs disagree on uptime 0 (largest minus smallest), in seconds. */
    spreadSeconds?: number;
    /** Wall clock gained per second of uptime between the first and last pair (ppm), when they span an hour or more. */
    driftPpm?: number;
    note?: string;
    /** Uptime-only inputs matched to this boot and mapped through its pairs. */
    places?: { input: string; boot: number; method: 'identical-lines' | 'uptime-range'; note: string; evidence: EvidenceItem[] }[];
    evidence: EvidenceItem[];
    /** Wall-clock steps inside that boot (NTP, manual), seen in uptime vs wall-clock pairs. */
    steps?: { atUptime: number; seconds: number; evidence: EvidenceItem[] }[];
    /** Set when uptime 0 was estimated (from the BMC's boot record), not measured; `input` is the console it places. */
    estimated?: { method: 'bmc-boot-record'; confidence: Confidence; input: string; note: string };
  }[];
  /** Zone names printed with SEL times (ipmitool ≥1.8.19 prints the client's zone) and what each was read as. */
  selZones?: (OffsetEvidence & { zone: string })[];
  /**
   * Year given to year-less host stamps and where it came from: `option` (--year), `utc-evidence` (a line tying
   * a stamp to an absolute time), `sel` (the SEL's dates), `kernel-build-date` and `file-mtime` (estimates, with `note`).
   */
  year?: { value: number; evidence: string; method?: 'option' | 'utc-evidence' | 'sel' | 'kernel-build-date' | 'file-mtime'; note?: string };
  /** Jumps of the BMC's SEL clock, from Timestamp Clock Sync pairs. */
  bmcClockSteps?: { before: string; after: string; seconds: number; evidence: EvidenceItem[] }[];
}

export interface EvidenceItem extends SourceRef {
  text: string;
  note?: string;
}

export type EventKind =
  | 'soft-lockup'
  | 'hard-lockup'
  | 'rcu-stall'
  | 'hung-task'
  | 'workqueue-lockup'
  | 'csd-lock-timeout'
  | 'nmi-backtrace'
  | 'task-dump'
  | 'register-dump'
  | 'panic'
  | 'oops'
  | 'warning'
  | 'oom'
  | 'mce'
  | 'ghes'
  | 'edac'
  | 'memory-failure'
  | 'sel'
  | 'log-gap'
  | 'boot';

export interface Frame {
  func: string;
  offset?: number;
  length?: number;
  module?: string;
  /** `?` frames on x86 and `(unreliable)` on powerpc. */
  reliable: boolean;
  /** Stack section the frame was printed in (`irq`, `nmi`, `task`, `exception`…). */
  context?: string;
  raw: string;
}

/** The fixed fields of an event; `ReportEvent` adds kind-specific extras. */
export interface ReportEventFields {
  kind: EventKind;
  /** Host whose log line the event came from, when the inputs hold more than one host's lines (an rsyslog aggregate). */
  host?: string;
  cpu?: number;
  cpus?: number[];
  pid?: number;
  comm?: string;
  stuckSeconds?: number;
  blockedSeconds?: number;
  /** Kernel seconds since boot. */
  uptime?: number;
  /** ISO-8601 UTC; absent when no clock alignment could place the event. */
  time?: string;
  /** The clock value exactly as printed, with its clock. */
  originalTime?: { clock: ClockName; value: string };
  until?: string;
  pc?: string;
  lr?: string;
  frames?: Frame[];
  registers?: Record<string, string>;
  title?: string;
  guiltyFrame?: string;
  taint?: string;
  message?: string;
  source: SourceRef;
  /** Lines the event spans, for evidence. */
  endLine?: number;
  // sel events
  recordId?: number;
  sensorType?: string;
  sensorNumber?: number;
  sensorName?: string;
  eventType?: string;
  description?: string;
  direction?: 'asserted' | 'deasserted';
  severity?: 'ok' | 'warning' | 'critical' | 'non-recoverable';
  dimm?: { label: string; method: string };
  raw?: string;
  /** Kernel hardware-error records (mce, ghes, edac): what the record says, the same fields whatever printed it. */
  hardwareError?: HardwareErrorFields;
  /** How `time` was reached (see EventPlacement); absent when the event has no time. */
  placedBy?: EventPlacement;
}

/**
 * Which clock mapping gave an event its UTC time:
 * `utc-stamp` (the line carried a zone or epoch), `host-clock` (the host's local stamp through clocks.hostUtcOffset),
 * `record-time` (a UTC time the kernel stamped into the record, an MCE's TIME),
 * `uptime-pairs` (kernel uptime through lines of the same input that carry uptime and wall clock),
 * `matched-boot-pairs` (an uptime-only console matched to a boot of another input and mapped through that boot's pairs),
 * `bmc-boot-record-estimate` (uptime 0 taken as the BMC's boot record: an estimate, also flagged by `timeEstimated`),
 * `bmc-clock` / `sel-printed-zone` (SEL records).
 */
export type EventPlacement =
  | 'utc-stamp'
  | 'host-clock'
  | 'record-time'
  | 'uptime-pairs'
  | 'matched-boot-pairs'
  | 'bmc-boot-record-estimate'
  | 'bmc-clock'
  | 'sel-printed-zone';

export interface HardwareErrorFields {
  /** Which kernel path printed it: x86 machine check, APEI GHES/CPER record, or an EDAC driver. */
  source: 'mce' | 'ghes' | 'edac';
  /** Not corrected by hardware: MCi_STATUS.UC, CPER severity recoverable/fatal, EDAC UE/Fatal. */
  uncorrected: boolean;
  /** Execution could not go on: MCi_STATUS.PCC, CPER severity fatal, EDAC Fatal, or a panic that names it. */
  fatal: boolean;
  /** `corrected`, `deferred`, `uncorrected` or `fatal`, as decided above. */
  severity: 'corrected' | 'deferred' | 'uncorrected' | 'fatal';
  cpu?: number;
  socket?: number;
  bank?: number;
  /** Physical address (hex, no 0x) when the record marks it valid. */
  address?: string;
  /** The DIMM named (EDAC label, CPER `DIMM location`). */
  dimm?: string;
  /** Where in memory, as printed (`node:0 card:0 module:3 rank:1 …`, `channel:2 slot:0`). */
  location?: string;
  /** What the record says in words (`memory controller read error, channel 2`, `multi-bit ECC`). */
  description?: string;
  /** Errors this one line stands for (EDAC counts). */
  count?: number;
  /** UTC the kernel stamped into the record (MCE TIME), ISO-8601. */
  recordedAt?: string;
}

export interface ReportEvent extends ReportEventFields {
  [extra: string]: unknown;
}

export type FindingMethod =
  | 'disassembly'
  | 'csd-debug-message'
  | 'code-bytes'
  | 'knowledge-base'
  | 'heuristic'
  | 'timeline'
  | 'log-analysis';

export interface BaseFinding {
  kind: string;
  confidence: Confidence;
  method: FindingMethod;
  summary: string;
  evidence: EvidenceItem[];
  [extra: string]: unknown;
}

export interface CsdLockWaitFinding extends BaseFinding {
  kind: 'csd-lock-wait';
  waitingCpu: number;
  /** null when nothing conclusive: never a guess. */
  targetCpu: number | null;
  csdFlags: number | null;
  csdFlagNames: string[];
  /** Kernel layout the names were taken from (`<=5.7`, `>=5.8`), or `unknown`. */
  flagLayout: string;
  callback?: string;
  derivation?: string[];
  candidates?: { targetCpu: number | null; csdFlags: number | null; method: FindingMethod; note: string }[];
}

export interface HardwareCorrelationFinding extends BaseFinding {
  kind: 'hardware-correlation';
  hardwareEvent: {
    recordId?: number;
    /** Absent only for a kernel record placed on its log's uptime (a console with no wall clock). */
    time?: string;
    uptime?: number;
    description: string;
    sensor?: string;
    /** `sel`, or the kernel's own record (`mce`, `ghes`, `edac`, `memory-failure`, `panic`). */
    eventKind?: EventKind;
    /** What a kernel record names: DIMM label, MCA bank, CPU, socket. */
    pointsTo?: { dimm?: string; bank?: number; cpu?: number; socket?: number };
    source: SourceRef;
  };
  /** Where the cause table (src/analyze/causes.ts) puts the event: rank 1 names a failed part, rank 5 is a consequence. */
  cause?: { class: string; rank: number; part?: string; consequence: boolean; says: string };
  /** Set when the event lines up but cannot have caused a hang, with why (a supply back within minutes on a redundant pair). */
  notACause?: string;
  correlatedWith: { kind: EventKind; time?: string; until?: string; cpu?: number; source: SourceRef }[];
  /** Hardware event time minus the kernel/log event time, in seconds. */
  deltaSeconds: number;
}

export interface RecurrenceFinding extends BaseFinding {
  kind: 'hardware-recurrence';
  sensor: string;
  occurrences: { recordId?: number; time: string; source: SourceRef }[];
}

export type Finding = BaseFinding | CsdLockWaitFinding | HardwareCorrelationFinding | RecurrenceFinding;

export type RootCause =
  | 'hardware-memory'
  | 'hardware-cpu'
  | 'hardware-other'
  | 'ipi-unanswered'
  | 'software-lockup'
  | 'software-crash'
  | 'unknown'
  | 'none';

export interface Verdict {
  rootCause: RootCause;
  confidence: Confidence;
  /** One paragraph a person can paste into a ticket. */
  summary: string;
  /** One line for headlines and outputs. */
  headline: string;
  nextSteps: string[];
  stuckCpus: number[];
  targetCpu: number | null;
  /** When incidents fall on several hosts (host.incidentHosts): one summary line per host. */
  hosts?: { host: string; summary: string }[];
}

/** Version of the `summary` block; bumped only if a key's formation changes (docs/report-schema.md). */
export const SUMMARY_VERSION = 1 as const;

/** A hardware part an incident names, keyed so two reports of the same part on the same host match. */
export interface SummaryPart {
  type: 'dimm' | 'sensor' | 'mce-bank' | 'pcie';
  /** `host|dimm|LABEL`, `host|sensor|type|number`, `host|mce-bank|socket|bank`, `host|pcie|bdf` (docs/report-schema.md). */
  key: string;
  /** The part as the input printed it. */
  label: string;
}

/** The incident in a few stable keys, for comparing incidents across reports (fleet memory). */
export interface IncidentSummary {
  summaryVersion: typeof SUMMARY_VERSION;
  hostname: string | null;
  kernelRelease: string | null;
  arch: Arch | null;
  /** UTC of the first lockup/stall/crash report, else of the hardware event the verdict rests on. */
  incidentUtc: string | null;
  rootCause: RootCause;
  confidence: Confidence;
  stuckCpu: number | null;
  waitedOnCpu: number | null;
  /** `kind|guilty function|waiting function`, no addresses or offsets; null when nothing got stuck or crashed. */
  signature: string | null;
  parts: SummaryPart[];
}

export interface Report {
  schemaVersion: typeof SCHEMA_VERSION;
  tool: { name: 'ktriage'; version: string };
  inputs: InputReport[];
  host: HostReport;
  clocks: ClocksReport;
  events: ReportEvent[];
  findings: Finding[];
  verdict: Verdict;
  /** Added in 0.1: the incident in stable keys (src/report/summary.ts); absent in reports of older versions. */
  summary?: IncidentSummary;
}
