// The culprit's side of a wait: what the waited-on CPU was doing (its NMI backtrace, task dump,
// its own lockup or stall report) or, when it printed nothing while others did, that it was
// silent — consistent with a CPU that takes no interrupts — joined with hardware evidence.
import type { BaseFinding, EvidenceItem, ReportEvent } from '../../report/types.js';
import { isSeriousHardwareEvent } from '../hardware.js';
import { frameFunc } from './pc.js';

const ACTIVITY_KINDS = new Set(['nmi-backtrace', 'task-dump', 'soft-lockup', 'hard-lockup', 'rcu-stall', 'register-dump', 'oops', 'panic', 'warning', 'hung-task', 'csd-lock-timeout']);
const CPU_HARDWARE_KINDS = new Set(['mce', 'ghes', 'edac', 'memory-failure']);

interface Activity {
  kind: string;
  pc?: string;
  frames: string[];
  interruptsOff?: boolean;
  source: { input: string; line: number };
}

function frames(event: ReportEvent): string[] {
  return (event.frames ?? []).filter((f) => f.reliable).slice(0, 4).map((f) => f.func || frameFunc(f.raw));
}

/** x86 EFLAGS.IF (0x200) clear, or arm64 pstate with the I bit (0x80) set, in the event's registers. */
function interruptsOff(event: ReportEvent): boolean | undefined {
  const eflags = event.registers?.['eflags'];
  if (eflags && /^[0-9a-f]+$/i.test(eflags)) return (parseInt(eflags, 16) & 0x200) === 0;
  const pstate = event.registers?.['pstate'];
  if (pstate && /^[0-9a-f]+$/i.test(pstate)) return (parseInt(pstate, 16) & 0x80) !== 0;
  return undefined;
}

function touches(event: ReportEvent, cpu: number): boolean {
  return event.cpu === cpu || (event.kind === 'rcu-stall' && (event.cpus ?? []).includes(cpu));
}

export interface WaitTarget {
  cpu: number;
  waitedBy: number[];
  /** Why it is waited on (csd-lock-wait, nmi-unanswered…). */
  via: string[];
}

/** Within this many seconds of a timed report of the waiting or waited-on CPU, a hardware event belongs to the wait. */
const HARDWARE_WINDOW_SECONDS = 3600;

/** Serious hardware events near the wait in time; all of them when no report of the wait has a time. */
function nearWait(hardware: ReportEvent[], events: ReportEvent[], target: WaitTarget): { events: ReportEvent[]; timed: boolean } {
  const cpus = new Set([target.cpu, ...target.waitedBy]);
  const times = events.filter((e) => e.time && e.cpu !== undefined && cpus.has(e.cpu) && !CPU_HARDWARE_KINDS.has(e.kind)).map((e) => Date.parse(e.time!));
  if (times.length === 0) return { events: hardware, timed: false };
  return { events: hardware.filter((h) => h.time && times.some((t) => Math.abs(Date.parse(h.time!) - t) <= HARDWARE_WINDOW_SECONDS * 1000)), timed: true };
}

export function describeTargets(targets: WaitTarget[], events: ReportEvent[]): BaseFinding[] {
  const findings: BaseFinding[] = [];
  const reporting = new Set(events.filter((e) => ACTIVITY_KINDS.has(e.kind) && e.cpu !== undefined).map((e) => e.cpu!));
  const allHardware = events.filter((e) => isSeriousHardwareEvent(e));
  for (const target of targets) {
    const own = events.filter((e) => ACTIVITY_KINDS.has(e.kind) && touches(e, target.cpu) && !(e.kind === 'csd-lock-timeout' && e.cpu !== target.cpu));
    const activity: Activity[] = own.map((e) => {
      const a: Activity = { kind: e.kind, frames: frames(e), source: e.source };
      if (e.pc) a.pc = e.pc;
      const off = interruptsOff(e);
      if (off !== undefined) a.interruptsOff = off;
      return a;
    });
    const cpuHardware = events.filter((e) => CPU_HARDWARE_KINDS.has(e.kind) && e.cpu === target.cpu);
    const near = nearWait(allHardware, events, target);
    const hardware = near.events;
    const others = [...reporting].filter((c) => c !== target.cpu);
    const silent = activity.length === 0 && others.length > 0;
    const evidence: EvidenceItem[] = [
      ...own.slice(0, 4).map((e) => ({ ...e.source, text: String(e.message ?? `${e.title ?? e.kind} on CPU ${e.cpu}${e.pc ? ` at ${e.pc}` : ''}`), note: `CPU ${target.cpu}'s own report` })),
      ...cpuHardware.slice(0, 3).map((e) => ({ ...e.source, text: String(e.message ?? e.kind), note: `hardware error on CPU ${target.cpu}` })),
      ...hardware.slice(0, 3).map((e) => ({ ...e.source, text: String(e.message ?? e.description ?? e.kind), note: 'hardware event of the incident (the log does not name a CPU)' })),
    ];
    const doing = activity
      .slice(0, 3)
      .map((a) => `${a.kind}${a.pc ? ` at ${a.pc}` : a.frames[0] ? ` in ${a.frames[0]}` : ''}${a.interruptsOff ? ' with interrupts off' : ''}`)
      .join('; ');
    const hw = [
      cpuHardware.length ? `${cpuHardware.length} hardware error report(s) name CPU ${target.cpu}` : undefined,
      hardware.length
        ? `${hardware.length} serious hardware event(s) ${near.timed ? `within ${HARDWARE_WINDOW_SECONDS / 60} min of the wait` : "in the inputs (the wait's reports carry no UTC time to compare)"}: ${[...new Set(hardware.map((e) => e.description ?? e.kind))].slice(0, 2).join('; ')}`
        : undefined,
    ].filter(Boolean);
    const summary = silent
      ? `CPU ${target.cpu} (waited on by CPU ${target.waitedBy.join(', ')}) printed nothing while CPU${others.length > 1 ? 's' : ''} ${others.slice(0, 6).join(', ')} reported: consistent with a CPU that takes no interrupts (IRQs masked for long, held by firmware, or a hardware fault)${hw.length ? `; ${hw.join('; ')}` : ''}`
      : activity.length
        ? `CPU ${target.cpu} (waited on by CPU ${target.waitedBy.join(', ')}) was seen: ${doing}${hw.length ? `; ${hw.join('; ')}` : ''}`
        : `CPU ${target.cpu} (waited on by CPU ${target.waitedBy.join(', ')}): no other CPU reported anything either, so its silence says nothing`;
    findings.push({
      kind: 'wait-target',
      confidence: silent || activity.length ? 'medium' : 'low',
      method: 'log-analysis',
      summary,
      evidence,
      cpu: target.cpu,
      waitedBy: target.waitedBy,
      via: target.via,
      silent,
      activity,
      ...(cpuHardware.length ? { hardware: cpuHardware.map((e) => ({ kind: e.kind, source: e.source })) } : {}),
    });
  }
  return findings;
}
