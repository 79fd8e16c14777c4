// The kernel console state machine: cuts the line stream into reports and fills each
// report's event from the rows of rows.ts, registers.ts and frames.ts.
//
// Interleaving: with CONFIG_PRINTK_CALLER ids (`[ T123]`, `[  C4]`) every caller context is
// its own stream. Without them, `CPU: N PID: N Comm: X` lines, `NMI backtrace for cpu N` and
// `Task dump for CPU N` re-route the following register/trace lines to the report of that CPU.
import type { HostFact, KernelEvent, LogLine, ParserContext, WakeTokens } from '../../model/records.js';
import type { EventKind } from '../../report/types.js';
import { EXCEPTION_STACK_LINE, parseFrameLine, TRACE_START } from './frames.js';
import { decodeTaint, factsOfMessage, hostFactsOf, isLinuxVersion, parseCpuLine, parseOldPidLine, parseReleaseContinuation, type LineFacts } from './hostfacts.js';
import { matchRegisterLine, type RegArch } from './registers.js';
import { EVENT_ROWS, type EventRow, type RowFields } from './rows.js';
import { finishEvent } from './finish.js';
import { appendReportLine, reportTextFull } from './reporttext.js';
import { IN_REPORT_WAKE } from './wake.js';
import { detach } from '../detach.js';
import { deglue, looksGlued } from './deglue.js';
import { isTitledHeader } from './titles.js';

/**
 * Events kept per segment. A console flooded with reports (a warning in a loop) would otherwise
 * keep every report and its text. Past this, the first half and the latest half are kept (the
 * reports just before a freeze matter most); those in between are still read (they route the
 * lines after them) but only counted, and the input's warnings say how many of which kind.
 */
export const MAX_KEPT_EVENTS = 2_000;

/** How far (in lines) a `CPU:` line or a backtrace may be from the report it belongs to. */
const ATTACH_WINDOW = 200;

interface Open {
  event: KernelEvent;
  row: string;
  stream: string;
  startIndex: number;
  lastIndex: number;
  trace: boolean;
  frameContext?: string;
  sawCpuLine: boolean;
  exceptionStack: boolean;
  arch?: RegArch;
}

/** Kinds whose report may absorb the backtrace of its own CPU (self-detected stalls, lockups). */
const OWNS_CPU_BACKTRACE: EventKind[] = ['rcu-stall', 'soft-lockup', 'hard-lockup'];
/** Events that are a section of the report around them, never a report of their own. */
const SUB_REPORT_KINDS: EventKind[] = ['nmi-backtrace', 'task-dump', 'register-dump', 'mce', 'ghes', 'edac', 'memory-failure', 'oom'];

/** Lines any kernel report carries that need no field of their own. */
const KNOWN_LINES = [
  /^Modules linked in:/,
  /^\s*[\w-]+(?:\([A-Z]+\))?(?: [\w-]+(?:\([A-Z]+\))?)*\s*$/, // continuation of the module list
  /^------------\[ cut here \]------------/,
  /^---\[ end (?:trace|Kernel panic)/,
  /^(?:FS|CS|DS|ES|GS|CR2|DR[0-7]|PKRU|ORIG_RAX):/,
  /^Workqueue: /,
  /^Sending NMI from CPU/,
  /^"echo 0 > \/proc\/sys\/kernel\/hung_task_timeout_secs" disables this message\./,
  /^\s*(?:Not tainted|Tainted:)/,
  /^(?:Mem abort info|Data abort info|ESR = |\s+EC = |\s+SET = |\s+EA = |\s+FSC = |\s+ISV = |\s+CM = |swapper pgtable|user pgtable|\[[0-9a-f]+\] pgd=)/,
  /^(?:REGS|TRAP|DAR|DSISR|SOFTE|CFAR|IRQMASK|CPU: \d+ PID: \d+ Comm)/,
  /^(?:Instruction dump|Dumping ftrace buffer|\s*\(ftrace buffer empty\)|Kernel Offset|PHYS_OFFSET|CPU features|Memory Limit|Rebooting in|\s*Kernel Offset)/,
  /^\s*(?:smp: )?csd: /,
  /^(?:rcu: )?\s*(?:\(t=|All QSes seen|blocking rcu_node|rcu_\w+ kthread timer wakeup|Unless rcu_\w+ kthread gets|Stack dump where RCU GP kthread)/,
  /^(?:Hardware name|Linux version) /,
  /^\s*\[Hardware Error\]:|^\{\d+\}\[Hardware Error\]:|^mce: /,
  /^(?:Oops|Panic)#\d+ Part\d+$/,
];

/** A raw console line (no prefix) is taken as kernel output only inside a report or on a row match. */
function looksKernel(message: string): boolean {
  return EVENT_ROWS.some((row) => row.role === 'start' && row.pattern.test(message)) || isLinuxVersion(message) || parseCpuLine(message) !== undefined;
}

export class KernelConsoleParser {
  private readonly streams = new Map<string, Open>();
  private readonly recent: Open[] = [];
  /** The report syzkaller would cut from here: a header and everything until the next one. */
  private report: { event: KernelEvent; caller?: string; nmi: boolean } | undefined;
  private readonly events: KernelEvent[] = [];
  /** The latest reports once the first half of MAX_KEPT_EVENTS is kept: a ring, oldest at `latestStart`. */
  private readonly latest: KernelEvent[] = [];
  private latestStart = 0;
  private readonly factsSeen = new Set<string>();
  /** Reports dropped from the ring, by kind. */
  private readonly unkept = new Map<string, number>();
  private index = 0;
  private boot = 0;
  private lastUptime: number | undefined;
  private sawOutput = false;
  private bootRestartedAtZero = false;
  /** The segment lost printk's SOH bytes (see deglue.ts). */
  private glued = false;
  /** A register dump or frame named the architecture; later lines need not be read for it. */
  private archSettled = false;
  /** A `CPU:`/hung-task line whose release may follow on the next physical line. */
  private cutRelease: { line: LogLine; facts: LineFacts; index: number; stream: string } | undefined;

  constructor(private readonly ctx: ParserContext) {}

  feed(line: LogLine): boolean {
    if (line.kernel || line.prefix === 'none') {
      this.glued ||= looksGlued(line.message);
      if (this.glued) {
        const records = deglue(line.message);
        if (records.length !== 1 || records[0] !== line.message) {
          let claimed = false;
          for (const message of records) claimed = this.feedOne({ ...line, message }) || claimed;
          return claimed;
        }
      }
    }
    return this.feedOne(line);
  }

  private feedOne(line: LogLine): boolean {
    const claimed = this.route(line);
    // A raw console line inside a report belongs to its text (titles read it) even when no row knows it.
    if (claimed || (line.prefix === 'none' && line.program === undefined && this.streams.has(line.caller ?? ''))) this.collect(line);
    return claimed;
  }

  /** Lines go to the report being read in their stream and to the syzkaller-style report they fall in. */
  private collect(line: LogLine): void {
    this.collectText(line.message.replace(/\s+$/, ''), line.caller);
  }

  private collectText(message: string, caller: string | undefined): void {
    const stream = caller ?? '';
    const current = this.streams.get(stream);
    if (current) appendReportLine(current.event, message);
    const owner = this.report;
    if (!owner || owner.event === current?.event) return;
    if (/^Sending NMI from CPU/.test(message.trim())) owner.nmi = true;
    const sameContext = owner.caller === undefined || caller === undefined || caller === owner.caller || (owner.nmi && caller.startsWith('C'));
    if (sameContext) appendReportLine(owner.event, message);
  }

  private route(line: LogLine): boolean {
    if (!line.kernel) {
      if (line.prefix !== 'none' || line.program !== undefined) return false;
      if (!this.inReport('') && !looksKernel(line.message)) return false;
    }
    this.index++;
    this.trackBoot(line);
    const stream = line.caller ?? '';
    const message = line.message.replace(/\s+$/, '');
    const text = message.trim();
    this.sawOutput = true;

    if (this.cutRelease && this.continuesRelease(line, text)) return true;
    const cpuLine = parseCpuLine(text);
    const facts = factsOfMessage(text, cpuLine, !this.archSettled);
    if (facts?.releaseCut) this.cutRelease = { line, facts, index: this.index, stream };
    else if (facts) this.pushFacts(line, facts);
    if (facts?.how === 'hung-task-line') {
      const open = this.streams.get(stream);
      if (open && facts.taint) open.event.taint ??= facts.taint;
      if (open && facts.release) open.event.details = { ...open.event.details, kernelRelease: facts.release };
      return true;
    }
    if (cpuLine) {
      this.onCpuLine(line, stream, cpuLine);
      return true;
    }
    const oldPid = parseOldPidLine(text);
    if (oldPid) {
      const open = this.streams.get(stream);
      if (open) this.fill(open, { pid: oldPid.pid, comm: oldPid.comm });
      if (open && oldPid.taint) open.event.taint ??= oldPid.taint;
      if (open && oldPid.release) open.event.details = { ...open.event.details, kernelRelease: oldPid.release };
      return true;
    }

    const row = EVENT_ROWS.find((r) => r.pattern.test(text));
    if (row) {
      this.onRow(line, stream, row, row.pattern.exec(text)!);
      return true;
    }

    const open = this.streams.get(stream);
    if (open) {
      if (this.onReportLine(open, line, message)) return true;
    } else {
      const regs = matchRegisterLine(text);
      if (regs && (regs.pc !== undefined || /^(?:pstate|RIP|NIP)/.test(text))) {
        const created = this.open(line, stream, 'register-dump', 'register-dump', {});
        this.applyRegisters(created, regs, line.line);
        return true;
      }
    }
    if (/^Workqueue: /.test(text) && open) {
      open.event.entry ??= `workqueue:${text.split(/\s+/)[2] ?? ''}`;
      return true;
    }
    const sending = /^Sending NMI from CPU (\d+) to CPUs ([\d,-]+)/.exec(text);
    if (sending) {
      const target = this.streams.get(stream) ?? this.recent.at(-1);
      if (target) target.event.details = { ...target.event.details, nmiFromCpu: Number(sending[1]), nmiToCpus: sending[2]! };
      return true;
    }
    if (/^---\[ end (?:trace|Kernel panic)/.test(text)) {
      this.streams.delete(stream);
      return true;
    }
    return line.kernel || KNOWN_LINES.some((p) => p.test(message));
  }

  /** A kernel message without a wake token (wake.ts) would only be counted and collected as text. */
  resting(): boolean {
    return !this.glued;
  }

  /** The text of the report being read, or of the one behind, still takes lines. */
  wantsKernelMessages(): boolean {
    const current = this.streams.get('');
    return (current !== undefined && !reportTextFull(current.event)) || (this.report !== undefined && !reportTextFull(this.report.event));
  }

  /**
   * Windowed path: a window may close here — no report took a line in the last ATTACH_WINDOW
   * kernel lines (past that a `CPU:` line or a backtrace no longer joins it). A report's text
   * (reporttext.ts) would take the kernel lines after it up to MAX_REPORT_LINES; lines that far
   * from any report's own lines are noise to its title, and not read.
   */
  settled(): boolean {
    if (this.glued) return false;
    for (const open of this.streams.values()) if (this.index - open.lastIndex <= ATTACH_WINDOW) return false;
    return true;
  }

  /** Lines that would extend an open report: registers, trace starts, frames. */
  wakeNow(): WakeTokens | undefined {
    return this.streams.size > 0 ? IN_REPORT_WAKE : undefined;
  }

  /** Kernel messages the fast lane skimmed past while resting: counted and collected as `route` would. */
  skimmed(kernelLines: number, messages: readonly string[] | undefined): boolean {
    if (kernelLines === 0) return false;
    this.index += kernelLines;
    this.sawOutput = true;
    // Skimmed lines have no caller id: they belong to the unnamed stream, as `collect` files them.
    for (const message of messages ?? []) this.collectText(message, undefined);
    return true;
  }

  /**
   * Lines the windowed path only counted: they put distance between the lines around them, so a
   * `CPU:` line or a backtrace after them is not taken for part of a report before them.
   */
  counted(lines: number): void {
    this.index += lines;
  }

  private keep(event: KernelEvent): void {
    const half = MAX_KEPT_EVENTS / 2;
    if (this.events.length < half) {
      this.ctx.bundle.kernelEvents.push(event);
      this.events.push(event);
      return;
    }
    if (this.latest.length < half) {
      this.latest.push(event);
      return;
    }
    const dropped = this.latest[this.latestStart]!;
    this.unkept.set(dropped.kind, (this.unkept.get(dropped.kind) ?? 0) + 1);
    this.latest[this.latestStart] = event;
    this.latestStart = (this.latestStart + 1) % half;
  }

  end(): void {
    if (this.cutRelease) this.pushFacts(this.cutRelease.line, this.cutRelease.facts);
    this.cutRelease = undefined;
    const latest = [...this.latest.slice(this.latestStart), ...this.latest.slice(0, this.latestStart)];
    this.ctx.bundle.kernelEvents.push(...latest);
    this.events.push(...latest);
    this.latest.length = 0;
    this.latestStart = 0;
    for (const event of this.events) finishEvent(event);
    if (this.unkept.size > 0) {
      const counts = [...this.unkept].map(([kind, n]) => `${n} ${kind}`).join(', ');
      const half = MAX_KEPT_EVENTS / 2;
      this.ctx.warn(`more than ${MAX_KEPT_EVENTS} kernel reports: the first ${half} and the last ${half} are analysed, those between only counted (${counts})`);
      this.unkept.clear();
    }
    this.streams.clear();
    this.recent.length = 0;
    this.report = undefined;
  }

  private inReport(stream: string): boolean {
    return this.streams.has(stream);
  }

  private trackBoot(line: LogLine): void {
    const restarted =
      line.uptime !== undefined &&
      this.lastUptime !== undefined &&
      (line.uptime < this.lastUptime - 60 || (line.uptime < 5 && this.lastUptime > 30));
    // `Linux version` right after an uptime restart is the same boot, not another one.
    const versionStartsBoot = isLinuxVersion(line.message) && this.sawOutput && !(line.uptime !== undefined && line.uptime < 5 && this.bootRestartedAtZero);
    if (versionStartsBoot || restarted) {
      this.boot++;
      this.streams.clear();
      this.recent.length = 0;
      this.report = undefined;
    }
    if (line.uptime !== undefined) {
      this.bootRestartedAtZero = restarted || (this.bootRestartedAtZero && line.uptime < 5);
      this.lastUptime = line.uptime;
    }
  }

  /** Each value once: every report repeats its `CPU:` and `Hardware name:` lines, and a flood must not pile them up. */
  private pushFacts(line: LogLine, lineFacts: LineFacts, text = line.text): void {
    const facts: HostFact[] = hostFactsOf(line, lineFacts, text).filter((fact) => {
      const key = `${fact.field}\n${fact.value}\n${fact.method ?? ''}`;
      if (this.factsSeen.has(key)) return false;
      this.factsSeen.add(key);
      return true;
    });
    for (const fact of facts) {
      fact.text = detach(fact.text);
      // Once a dump has named a definite architecture, later dumps need not be read for it; a
      // `powerpc` NIP line still waits for its MSR line to say whether it is little-endian.
      if (fact.field === 'arch' && fact.method === 'register-dump' && fact.value !== 'powerpc') this.archSettled = true;
    }
    this.ctx.bundle.hostFacts.push(...facts);
  }

  /**
   * A `CPU:` or hung-task line cut right after its taint field, as mail clients and terminals wrap
   * it: the next physical line carries the rest (`   W          6.12.0-rc4-g556c97f2ecbf #40`).
   * The facts of both are stated once, citing the first line with the two joined.
   */
  private continuesRelease(line: LogLine, text: string): boolean {
    const cut = this.cutRelease!;
    this.cutRelease = undefined;
    const rest = cut.index === this.index - 1 ? parseReleaseContinuation(text) : undefined;
    if (!rest) {
      this.pushFacts(cut.line, cut.facts);
      return false;
    }
    const taint = (cut.facts.taint ?? '') + (rest.taint ?? '') || undefined;
    this.pushFacts(cut.line, { ...cut.facts, taint, release: rest.release, releaseCut: false }, `${cut.line.text.replace(/\s+$/, '')} ${text}`);
    const open = this.streams.get(cut.stream);
    if (open) {
      if (taint) open.event.taint = taint;
      open.event.details = { ...open.event.details, kernelRelease: rest.release, ...(taint ? { taintFlags: decodeTaint(taint) } : {}) };
      open.event.endLine = line.line;
    }
    return true;
  }

  private open(line: LogLine, stream: string, kind: EventKind, rowName: string, fields: RowFields): Open {
    const event: KernelEvent = { kind, source: { input: line.input, line: line.line }, endLine: line.line };
    if (line.uptime !== undefined) event.uptime = line.uptime;
    if (line.local) event.local = line.local;
    if (line.utcMillis !== undefined) event.utcMillis = line.utcMillis;
    if (line.host) event.host = line.host;
    event.boot = this.boot;
    event.message = line.message.trim();
    const open: Open = { event, row: rowName, stream, startIndex: this.index, lastIndex: this.index, trace: false, sawCpuLine: false, exceptionStack: false };
    this.fill(open, fields);
    this.keep(event);
    if (SUB_REPORT_KINDS.includes(kind)) {
      // An NMI backtrace or task dump is part of the report around it.
    } else if (kind === 'panic' && this.report && !isTitledHeader(this.report.event.message ?? '')) {
      this.report = { event, caller: line.caller, nmi: false };
    } else if (kind !== 'panic' || !this.report) {
      this.report = { event, caller: line.caller, nmi: false };
    }
    this.streams.set(stream, open);
    this.recent.push(open);
    if (this.recent.length > 64) this.recent.shift();
    return open;
  }

  private fill(open: Open, fields: RowFields): void {
    const e = open.event;
    if (fields.cpu !== undefined && e.cpu === undefined) e.cpu = fields.cpu;
    if (fields.cpus?.length) {
      const cpus = new Set([...(e.cpus ?? []), ...fields.cpus]);
      e.cpus = [...cpus];
      if (e.cpu === undefined) e.cpu = e.cpus[0];
    }
    if (fields.pid !== undefined && e.pid === undefined) e.pid = fields.pid;
    if (fields.comm !== undefined && e.comm === undefined) e.comm = fields.comm;
    if (fields.stuckSeconds !== undefined) e.stuckSeconds ??= fields.stuckSeconds;
    if (fields.blockedSeconds !== undefined) e.blockedSeconds ??= fields.blockedSeconds;
    if (fields.pc !== undefined) e.pc ??= fields.pc;
    if (fields.entry !== undefined) e.entry ??= fields.entry;
    if (fields.title !== undefined) e.title ??= fields.title;
    if (fields.dimm) e.dimm ??= fields.dimm;
    if (fields.recordUtcMillis !== undefined) e.recordUtcMillis ??= fields.recordUtcMillis;
    if (fields.message !== undefined && e.kind !== 'panic') e.details = { ...e.details, text: fields.message };
    if (fields.message !== undefined && e.kind === 'panic') e.message = fields.message;
    if (fields.details) {
      const details = { ...e.details };
      for (const [k, v] of Object.entries(fields.details)) if (v !== undefined && !(k in details)) details[k] = v;
      e.details = details;
    }
    open.lastIndex = this.index;
  }

  private onRow(line: LogLine, stream: string, row: EventRow, m: RegExpExecArray): void {
    const fields = row.fields?.(m) ?? {};
    if (fields.recordUtcMillis !== undefined) this.pushRecordClock(line, fields.recordUtcMillis);
    const current = this.streams.get(stream);
    if (row.role === 'attach') {
      const target = current && row.into?.includes(current.event.kind) ? current : this.recentOf(row.into ?? [], stream);
      if (target && this.isGpKthreadTask(target, fields)) {
        this.open(line, stream, 'task-dump', 'rcu-gp-kthread-dump', { ...fields, details: { ...fields.details, rcuGpKthread: true } });
        return;
      }
      if (target) {
        this.fill(target, fields);
        target.event.endLine = line.line;
        // A per-CPU stall line names the stalled CPU of a self-detected stall.
        return;
      }
      if (!row.standalone) return;
    }
    if (this.continues(current, row, fields)) {
      this.fill(current!, fields);
      current!.event.endLine = line.line;
      return;
    }
    if ((row.kind === 'nmi-backtrace' || row.kind === 'task-dump') && fields.cpu !== undefined && !fields.details?.idle) {
      const owner = this.ownerOfBacktrace(fields.cpu);
      if (owner) {
        owner.event.details = { ...owner.event.details, backtraceLine: line.line };
        owner.trace = false;
        owner.frameContext = undefined;
        this.streams.set(stream, owner);
        return;
      }
    }
    this.open(line, stream, row.kind, row.name, fields);
  }

  /**
   * A record stamped with UTC by the kernel (an MCE's `TIME`) on a line that also carries the
   * kernel's uptime or the log's own stamp ties that clock to UTC. TIME has whole seconds and is
   * taken when the record is made, a moment before it is printed.
   */
  private pushRecordClock(line: LogLine, utcMillis: number): void {
    const source = { input: line.input, line: line.line };
    const text = detach(line.text);
    if (line.uptime !== undefined) this.ctx.bundle.clockEvidence.push({ kind: 'uptime-vs-utc', uptime: line.uptime, utcMillis, ...(line.host !== undefined ? { host: line.host } : {}), source, text, via: 'record-time' });
    if (line.local && line.utcMillis === undefined) this.ctx.bundle.clockEvidence.push({ kind: 'local-vs-utc', local: line.local, utcMillis, source, text, via: 'record-time' });
  }

  /**
   * The task line of the RCU grace-period kthread inside a stall report: the kthread is named after
   * its flavor (kernel/rcu/tree.c rcu_spawn_gp_kthread: `kthread_create(rcu_gp_kthread, …, "%s",
   * rcu_state.name)`), and older kernels dump its stack right after `kthread starved`, without the
   * `RCU grace-period kthread stack dump:` line. It is not the task running on the stalled CPU.
   */
  private isGpKthreadTask(target: Open, fields: RowFields): boolean {
    const d = target.event.details;
    return target.event.kind === 'rcu-stall' && fields.comm !== undefined && d?.kthreadStarvedJiffies !== undefined && fields.comm === d.flavor;
  }

  /** Lines of one report that the kernel prints as separate "headers" (Oops after BUG, etc.). */
  private continues(current: Open | undefined, row: EventRow, fields: RowFields): boolean {
    if (!current || this.index - current.lastIndex > 40) return false;
    const kind = current.event.kind;
    if (row.name === 'oops-x86' && (kind === 'oops' || kind === 'memory-failure') && !current.trace) return true;
    if (row.name === 'hard-lockup-x86' && kind === 'warning' && /watchdog/.test(current.event.message ?? '')) {
      current.event.kind = 'hard-lockup';
      return true;
    }
    if (row.kind === 'ghes' && kind === 'ghes' && row.name === 'ghes-record' && fields.details?.record !== undefined && current.event.details?.record === fields.details.record) return true;
    return false;
  }

  private recentOf(kinds: EventKind[], stream: string): Open | undefined {
    for (let i = this.recent.length - 1; i >= 0; i--) {
      const open = this.recent[i]!;
      if (this.index - open.lastIndex > ATTACH_WINDOW) break;
      if (kinds.includes(open.event.kind) && (open.stream === stream || stream === '' || open.stream === '')) return open;
    }
    return undefined;
  }

  /** The lockup/stall report whose own CPU this backtrace shows, while it has no stack yet. */
  private ownerOfBacktrace(cpu: number): Open | undefined {
    for (let i = this.recent.length - 1; i >= 0; i--) {
      const open = this.recent[i]!;
      if (this.index - open.startIndex > ATTACH_WINDOW) break;
      const e = open.event;
      if (!OWNS_CPU_BACKTRACE.includes(e.kind)) continue;
      if (e.frames?.length || open.sawCpuLine) continue;
      if (e.cpu === cpu) return open;
    }
    return undefined;
  }

  private onCpuLine(line: LogLine, stream: string, cpu: NonNullable<ReturnType<typeof parseCpuLine>>): void {
    const current = this.streams.get(stream);
    let target: Open | undefined;
    // A dump of another task (the RCU GP kthread's) is not the report of the task this line names.
    const sameTask = (e: KernelEvent): boolean => e.pid === undefined || e.pid === cpu.pid;
    if (current && !current.sawCpuLine && current.event.kind !== 'hung-task' && (current.event.cpu === undefined || current.event.cpu === cpu.cpu) && sameTask(current.event) && this.index - current.lastIndex <= 60) {
      target = current;
    } else {
      for (let i = this.recent.length - 1; i >= 0; i--) {
        const open = this.recent[i]!;
        if (this.index - open.startIndex > ATTACH_WINDOW) break;
        if (open.sawCpuLine || open.event.kind === 'hung-task') continue;
        if (open.event.cpu === cpu.cpu && (open.event.pid === undefined || open.event.pid === cpu.pid)) {
          target = open;
          break;
        }
      }
    }
    if (!target) target = this.open(line, stream, 'register-dump', 'register-dump', { cpu: cpu.cpu });
    this.streams.set(stream, target);
    target.sawCpuLine = true;
    target.trace = false;
    this.fill(target, { cpu: cpu.cpu, pid: cpu.pid, comm: cpu.comm });
    if (cpu.taint) target.event.taint ??= cpu.taint;
    if (cpu.taint) target.event.details = { ...target.event.details, taintFlags: decodeTaint(cpu.taint) };
    if (cpu.release) target.event.details = { ...target.event.details, kernelRelease: cpu.release };
    target.event.endLine = line.line;
  }

  private applyRegisters(open: Open, regs: NonNullable<ReturnType<typeof matchRegisterLine>>, lineNo: number): void {
    const e = open.event;
    // Where each register was printed, so findings can cite the very line a value came from.
    const printed = [...Object.keys(regs.registers ?? {}), ...(regs.pc !== undefined ? ['pc'] : [])];
    if (printed.length > 0) {
      const lines = { ...(e.details?.registerLines as Record<string, number> | undefined) };
      for (const name of printed) lines[name] ??= lineNo;
      e.details = { ...e.details, registerLines: lines, registerInput: e.source.input };
    }
    open.arch ??= regs.arch;
    if (regs.userMode) {
      e.details = { ...e.details, userMode: true };
      return;
    }
    if (regs.pc !== undefined) {
      // syzbot symbolises inline frames as extra RIP lines; keep the one with an offset.
      if (e.pc === undefined || (!e.pc.includes('+0x') && regs.pc.includes('+0x') && !e.registers)) e.pc = regs.pc;
    }
    if (regs.lr !== undefined) e.lr ??= regs.lr;
    if (regs.code !== undefined) e.details = { ...e.details, code: (e.details?.code as string | undefined) ?? regs.code };
    if (regs.registers) {
      const registers = { ...e.registers };
      for (const [name, value] of Object.entries(regs.registers)) if (!(name in registers)) registers[name] = value;
      e.registers = registers;
    }
    if (!e.details?.arch) e.details = { ...e.details, arch: regs.arch };
    open.lastIndex = this.index;
  }

  /** A line inside an open report: registers, trace start, frames, exception-stack hex. */
  private onReportLine(open: Open, line: LogLine, message: string): boolean {
    const text = message.trim();
    if (TRACE_START.test(text)) {
      open.trace = true;
      open.exceptionStack = /^Exception stack\(/.test(text);
      open.event.endLine = line.line;
      open.lastIndex = this.index;
      return true;
    }
    if (open.exceptionStack && EXCEPTION_STACK_LINE.test(text)) return true;
    const regs = matchRegisterLine(text);
    if (regs) {
      this.applyRegisters(open, regs, line.line);
      open.event.endLine = line.line;
      return true;
    }
    if (open.trace || /^\[<|^\? |^\[c[0-9a-f]{15}\]/.test(text)) {
      const parsed = parseFrameLine(message, open.frameContext);
      if (parsed) {
        open.exceptionStack = false;
        open.trace = true;
        open.frameContext = parsed.context;
        if (parsed.frames.length) open.event.frames = [...(open.event.frames ?? []), ...parsed.frames];
        open.event.endLine = line.line;
        open.lastIndex = this.index;
        return true;
      }
    }
    if (/^Workqueue: /.test(text)) {
      open.event.entry ??= `workqueue:${text.split(/\s+/)[2] ?? ''}`;
      return true;
    }
    return false;
  }
}
