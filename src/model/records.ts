// Internal records passed between pipeline stages (ingest → parse → align → analyze).
// They are not the report contract (src/report/types.ts), but report events are built from them.
import type { Arch, EvidenceItem, HostField, InputKind, ReportEventFields, SourceRef } from '../report/types.js';

/** One logical line of an input, after decoding and rejoining terminal-wrapped lines. */
export interface TextLine {
  /** Input name as given (path, `-` for stdin, archive member `a.tgz:x/y.log`). */
  input: string;
  /** 1-based physical line number of the line's first physical line in the input. */
  line: number;
  text: string;
}

/** A wall-clock time as printed, without a zone; `year` is missing for BSD syslog stamps. */
export interface LocalDateTime {
  year?: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millis?: number;
}

/** A line with its prefix (timestamps, host, program, level…) taken apart. */
export interface LogLine extends TextLine {
  /** The message after all recognised prefixes. */
  message: string;
  /** Name of the prefix-format row that matched, `none` when the line had no prefix. */
  prefix: string;
  /** Kernel seconds since boot (`[ 123.456789]`). */
  uptime?: number;
  /** Host wall-clock time as printed, zone unknown. */
  local?: LocalDateTime;
  /** Absolute time when the prefix carried a zone or offset (ms since epoch). */
  utcMillis?: number;
  host?: string;
  program?: string;
  pid?: number;
  /** printk level 0-7 when printed (`<4>`, kmsg, journal PRIORITY). */
  level?: number;
  /** CONFIG_PRINTK_CALLER id, e.g. `T123` or `C4`. */
  caller?: string;
  /** systemd boot id of a journal record (`_BOOT_ID`). */
  bootId?: string;
  /** A kernel message: console/dmesg line or a syslog/journal line from `kernel`. */
  kernel: boolean;
}

/** A kernel event as parsed, before clock alignment gives it a UTC time. */
export interface KernelEvent extends ReportEventFields {
  /** Host wall-clock of the line, when the line carried one (syslog). */
  local?: LocalDateTime;
  utcMillis?: number;
  /** UTC the kernel stamped into the record itself (an MCE's `TIME`): when the error was logged. */
  recordUtcMillis?: number;
  host?: string;
  /** Boot index inside its input (0 = first boot seen), to keep uptimes of different boots apart. */
  boot?: number;
  /** Entry point of the stuck task (syscall, workqueue function, kthread, irq). */
  entry?: string;
  /** Free-form details parsed from the header (ticks, jiffies, callback…). */
  details?: Record<string, string | number | boolean | Record<string, number>>;
  /** Repeated reports of the same CPU/task/frame folded into this event (src/parse/kernel/episodes.ts). */
  episode?: KernelEpisode;
}

export interface KernelEpisode {
  count: number;
  firstUptime?: number;
  lastUptime?: number;
  /** Longest stuck/blocked duration reported; growing values mean one continuous hang. */
  maxSeconds?: number;
  reports: { input: string; line: number; uptime?: number; seconds?: number }[];
}

export interface HostFact {
  field: HostField;
  value: string;
  source: SourceRef;
  text: string;
  /** Host of the line that stated it (syslog prefix): in an aggregate of many hosts, facts are per host. */
  host?: string;
  /** How the line states it (see HostEvidence.method in report/types.ts). */
  method?: string;
  /** The arch.ts row that read an architecture. */
  row?: string;
}

/** A line of the host's own log (syslog/journal) reduced to what the timeline needs. */
export interface HostLogMark {
  local?: LocalDateTime;
  utcMillis?: number;
  host?: string;
  program?: string;
  source: SourceRef;
  text: string;
}

/** The host's log went quiet between two lines; `after` is often a boot. */
export interface HostLogGap {
  before: HostLogMark;
  after: HostLogMark;
  afterIsBoot: boolean;
}

/** A kernel boot seen in a log (`Linux version …`, uptime restarting). */
export interface BootMarker {
  local?: LocalDateTime;
  utcMillis?: number;
  uptime?: number;
  /** systemd boot id of the journal record that opened it. */
  bootId?: string;
  source: SourceRef;
  text: string;
}

/**
 * Something that ties two clocks together, e.g. a syslog line stamped local 20:48:45 that
 * embeds an ISO `…Z` timestamp of the same moment, or a syslog `kernel: [uptime]` line.
 */
export interface ClockEvidence {
  kind: 'local-vs-utc' | 'uptime-vs-local' | 'uptime-vs-utc' | 'bmc-vs-utc' | 'zone-name' | 'year';
  local?: LocalDateTime;
  utcMillis?: number;
  uptime?: number;
  zoneName?: string;
  year?: number;
  /** `record-time`: the UTC side is a time the kernel stamped into a record (MCE `TIME`), whole seconds. */
  via?: 'record-time';
  /** The host whose kernel printed the uptime, in a log of several hosts: each kernel counts its own. */
  host?: string;
  source: SourceRef;
  text: string;
}

/** One SEL record from any of the text/raw formats, normalised. */
export interface SelRecord {
  recordId?: number;
  /** BMC time as printed (zone unknown unless `zone` is set). */
  local?: LocalDateTime;
  /** Zone printed with the time (`CST`, `UTC`, `+08:00`); ipmitool ≥1.8.19 converts to the client's zone. */
  zone?: string;
  /** True for `Pre-Init` stamps (time since BMC start, not a date). */
  preInit?: boolean;
  /** Seconds since BMC start of a `Pre-Init` stamp, when printed. */
  preInitSeconds?: number;
  sensorType: string;
  sensorTypeCode?: number;
  sensorNumber?: number;
  sensorName?: string;
  eventType?: string;
  eventTypeCode?: number;
  /** Event offset (data1 bits 3:0) in the table of `eventTypeCode`: from the description, the raw data or a vendor wording. */
  offset?: number;
  description: string;
  direction: 'asserted' | 'deasserted';
  severity?: 'ok' | 'warning' | 'critical' | 'non-recoverable';
  dimm?: { label: string; method: string };
  generatorId?: number;
  /** Event data 1-3 (or the whole 16-byte record) as hex, when shown. */
  raw?: string;
  /** Name of the format row that produced it. */
  format: string;
  source: SourceRef;
  text: string;
  /** The format shows no direction (FreeIPMI without -v): `asserted` is an assumption. */
  directionAssumed?: boolean;
  /** Text a vendor decoder appended to the description (`@DIMMA1(CPU1)`), kept as printed. */
  vendorDetail?: string;
  /** Text after the direction column (threshold reading, ipmitool's `CPU x DIMM y`). */
  extra?: string;
  /** When the printed text and the raw bytes disagree, how. */
  rawMismatch?: string;
  /** `host`: the time is the host's own clock (ipmievd/ipmiseld syslog lines), not the BMC's. */
  clock?: 'bmc' | 'host';
  /** The sensor type was read from a vendor message's wording or id (`description`, `message-id`). */
  sensorTypeFrom?: string;
}

export interface Instruction {
  /** Absolute address as printed (hex string without 0x), when printed. */
  address?: string;
  /** Byte offset from the function start. */
  offset: number;
  mnemonic: string;
  operands: string[];
  /** Branch target offset inside the same function, when the operand names one. */
  target?: number;
  /** Called symbol for calls / branch-and-link. */
  callee?: string;
  /** `file: line` marker printed before the instruction (crash `dis -l`, objdump -l). */
  sourceLine?: string;
  /** Instruction size in bytes, when the listing shows it (raw bytes, fixed-width ISA). */
  size?: number;
  /** Raw instruction bytes as hex, when shown. */
  bytes?: string;
  /** The listing skipped something before this instruction (`...`, an offset jump): no fall-through edge. */
  gapBefore?: boolean;
  /** Symbol named by a trailing tool comment (objdump `# ffff… <nr_cpu_ids>`). */
  commentSymbol?: string;
  /** The line as printed, without human `//` annotations. */
  text?: string;
  /** gdb marked this instruction with `=>` (the frame's current pc). */
  atPc?: boolean;
  source: SourceRef;
}

export interface Listing {
  func: string;
  arch: 'arm64' | 'x86_64' | 'unknown';
  format: string;
  /** Function length when the listing shows it (last offset + size, or `/0xLEN`). */
  length?: number;
  /** Address of offset 0 (hex, no 0x), when addresses are printed. */
  start?: string;
  /** True when the listing covers the function from offset 0 to its end without gaps. */
  complete?: boolean;
  instructions: Instruction[];
  source: SourceRef;
  /** What a reader should know about how the listing was obtained (e.g. a `Code:` line cut short). */
  notes?: string[];
}

/** Everything the parse stage found in all inputs. */
export interface ParsedBundle {
  kernelEvents: KernelEvent[];
  /** Kernel events of every input as parsed, before episodes fold repeats and cross-input copies (set by the engine). */
  parsedKernelEvents?: KernelEvent[];
  hostFacts: HostFact[];
  hostLogGaps: HostLogGap[];
  /** First and last line of the host's own log per input, to bound what it covers. */
  hostLogSpans: { first: HostLogMark; last: HostLogMark }[];
  boots: BootMarker[];
  clockEvidence: ClockEvidence[];
  sel: SelRecord[];
  listings: Listing[];
  /** Other evidence lines parsers want shown (e.g. csd debug lines), keyed by topic. */
  notes: EvidenceItem[];
}

export function emptyBundle(): ParsedBundle {
  return {
    kernelEvents: [],
    hostFacts: [],
    hostLogGaps: [],
    hostLogSpans: [],
    boots: [],
    clockEvidence: [],
    sel: [],
    listings: [],
    notes: [],
  };
}

/** A parser of one input kind, fed the lines of one segment (a file, or one pasted block). */
export interface LineParser {
  readonly kind: InputKind;
  /** Returns true when the parser understood (claimed) the line. */
  feed(line: LogLine): boolean;
  /** End of the segment: flush any open record. */
  end(): void;
  /**
   * Fast lane (src/ingest/fast-lane.ts): false while the parser is inside a record, so every
   * line it reads must reach `feed`. Absent: always at rest for lines without its wake tokens.
   */
  resting?(): boolean;
  /** Fast lane: tokens that need `feed` in the parser's current state only (e.g. a clock sample still wanted). */
  wakeNow?(): WakeTokens | undefined;
  /** Fast lane: accounts for lines that were skimmed past; returns true when it claims them. */
  skimmed?(run: SkimmedRun): boolean;
  /** Fast lane: the parser still keeps the text of kernel messages (`SkimmedRun.kernelMessages`). */
  wantsKernelMessages?(): boolean;
  /**
   * Windowed path (src/ingest/search/windowed.ts): `lines` whole lines went by that no parser
   * reads — no start token near them, every parser at rest. Only their number is known.
   */
  counted?(lines: number): void;
  /** Windowed path: no record is still being read, so a window may close (default: `resting`). */
  settled?(): boolean;
}

/**
 * Plain syslog lines the fast lane did not feed one by one: same host, same ten-minute window
 * of the clock, no parser's wake token in them. `last` is the run's last line, normalised.
 */
export interface SkimmedRun {
  lines: number;
  /** How many of them were kernel messages (program `kernel`, no printk timestamp). */
  kernelLines: number;
  /** Their messages in order, when a parser wants them (`wantsKernelMessages`). */
  kernelMessages?: string[];
  last: LogLine;
}

/**
 * What a parser family promises the fast lane about plain syslog lines (a `bsd-syslog` prefix).
 * Such a line whose message matches none of `wake` leaves a resting parser's state unchanged
 * and is not claimed by it, except for what `skimmed` accounts for. A family without a
 * contract reads every line, and the fast lane stays off.
 */
export interface WakeTokens {
  /** Tokens anywhere in the message that can change the parser's state (a superset of its rows). */
  wake?: RegExp;
  /** Tokens that count only at the start of the message, written to match there (no `^`). */
  opens?: RegExp;
}

export interface FastLaneContract extends WakeTokens {
  /** The lines the parser reads at all: only messages of the `kernel` program, or every line. */
  reads: 'kernel-messages' | 'all-lines';
  /** Programs whose every line takes the full path (e.g. `ipmievd`). */
  programs?: readonly string[];
}

export interface ParserContext {
  bundle: ParsedBundle;
  /** Add a warning to the input's accounting. */
  warn(message: string): void;
}

export interface ParserFactory {
  readonly kind: InputKind;
  create(ctx: ParserContext): LineParser;
  readonly fastLane?: FastLaneContract;
}

/** Reads a binary input the text path would reject as binary (e.g. `ipmitool sel writeraw` files). */
export interface BinaryParser {
  readonly kind: InputKind;
  /** From the input's first bytes: is this input this parser's? */
  sniff(head: Uint8Array): boolean;
  /** Reads the whole input; `units` read (records) and how many of them were not understood. */
  read(bytes: AsyncIterable<Uint8Array>, input: string, ctx: ParserContext): Promise<{ units: number; rejected: number }>;
}

export type { Arch };
