// Post-pass over all kernel events of all inputs:
//  1. a register dump whose header was cut (it starts at `CPU: N PID: P Comm: C`) is merged
//     into the lockup report of the same CPU, task and boot whose own dump was cut;
//  2. repeated reports of the same CPU/task/frame become one event with an episode
//     (first/last uptime, longest duration, count);
//  3. chains are linked, not merged: soft lockup → `softlockup: hung tasks` panic,
//     hard lockup → `Hard LOCKUP` panic, hung task → `hung_task: blocked tasks` panic,
//     RCU stall → hung task in synchronize_rcu.
import { markFatal } from './hwerror.js';
import type { KernelEvent } from '../../model/records.js';
import type { EventKind } from '../../report/types.js';
import { finishEvent } from './finish.js';
import { pcFunc } from './guilty.js';
import { joinReportText } from './reporttext.js';

const LOCKUPS: EventKind[] = ['soft-lockup', 'hard-lockup'];
const EPISODIC: EventKind[] = ['soft-lockup', 'hard-lockup', 'rcu-stall', 'hung-task', 'workqueue-lockup', 'nmi-backtrace', 'task-dump'];

const ref = (e: KernelEvent) => `${e.source.input}:${e.source.line}`;
const sameTask = (a: KernelEvent, b: KernelEvent) =>
  a.cpu === b.cpu && (a.pid === undefined || b.pid === undefined || a.pid === b.pid) && (a.comm === undefined || b.comm === undefined || a.comm === b.comm);
const sameBoot = (a: KernelEvent, b: KernelEvent) => (a.boot ?? 0) === (b.boot ?? 0);

function refinish(event: KernelEvent): void {
  delete event.title;
  delete event.guiltyFrame;
  finishEvent(event);
}

/** Copies what `into` lacks from `from` (the dump part of a report). */
function absorb(into: KernelEvent, from: KernelEvent): void {
  into.pc ??= from.pc;
  into.lr ??= from.lr;
  if (!into.registers && from.registers) into.registers = from.registers;
  if (!into.frames?.length && from.frames?.length) into.frames = from.frames;
  into.pid ??= from.pid;
  into.comm ??= from.comm;
  into.taint ??= from.taint;
  into.entry ??= from.entry;
  if (from.details) into.details = { ...from.details, ...into.details };
}

function mergeHeaderless(events: KernelEvent[]): KernelEvent[] {
  const dropped = new Set<KernelEvent>();
  // Lockup reports by CPU: a storm of reports must not make this quadratic.
  const lockupsByCpu = new Map<number | undefined, KernelEvent[]>();
  for (const e of events) {
    if (!LOCKUPS.includes(e.kind)) continue;
    const list = lockupsByCpu.get(e.cpu);
    if (list) list.push(e);
    else lockupsByCpu.set(e.cpu, [e]);
  }
  for (const dump of events) {
    if (dump.kind !== 'register-dump' || dump.cpu === undefined) continue;
    const candidates = (lockupsByCpu.get(dump.cpu) ?? []).filter((e) => sameTask(e, dump) && sameBoot(e, dump) && !dropped.has(e));
    if (!candidates.length) continue;
    // Prefer a report whose own dump is missing, then the closest in uptime.
    const score = (e: KernelEvent) => (e.registers || e.frames?.length ? 1e12 : 0) + Math.abs((e.uptime ?? 0) - (dump.uptime ?? 0));
    const target = candidates.reduce((best, e) => (score(e) < score(best) ? e : best));
    absorb(target, dump);
    joinReportText(target, dump);
    target.details = { ...target.details, dumpFrom: ref(dump) };
    if (dump.uptime !== undefined) target.details.dumpUptime = dump.uptime;
    refinish(target);
    dropped.add(dump);
  }
  return events.filter((e) => !dropped.has(e));
}

function episodeKey(e: KernelEvent): string | undefined {
  if (!EPISODIC.includes(e.kind)) return undefined;
  const frame = e.guiltyFrame ?? pcFunc(e.pc) ?? '';
  const cpus = e.kind === 'rcu-stall' ? (e.cpus ?? []).join(',') : String(e.cpu ?? '');
  const task = e.kind === 'rcu-stall' ? '' : `${e.pid ?? ''}/${e.comm ?? ''}`;
  return [e.kind, e.boot ?? 0, cpus, task, frame].join('|');
}

const seconds = (e: KernelEvent) => e.stuckSeconds ?? e.blockedSeconds;

function groupEpisodes(events: KernelEvent[]): KernelEvent[] {
  const groups = new Map<string, KernelEvent[]>();
  for (const e of events) {
    const key = episodeKey(e);
    if (key === undefined) continue;
    const group = groups.get(key);
    if (group) group.push(e);
    else groups.set(key, [e]);
  }
  const dropped = new Set<KernelEvent>();
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const sorted = [...group].sort((a, b) => (a.uptime ?? 0) - (b.uptime ?? 0));
    // The same report pasted twice (console log and syslog, or a write-up) is one report.
    const ordered = sorted.filter((e, i) => i === 0 || e.uptime === undefined || Math.abs(e.uptime - sorted[i - 1]!.uptime!) > 0.0005 || sorted[i - 1]!.uptime === undefined);
    const kept = new Set(ordered);
    for (const duplicate of sorted) if (!kept.has(duplicate)) dropped.add(duplicate);
    const head = ordered[0]!;
    if (ordered.length < 2) {
      for (const other of sorted.slice(1)) absorb(head, other);
      continue;
    }
    const durations = ordered.map(seconds).filter((s): s is number => s !== undefined);
    for (const other of ordered.slice(1)) {
      absorb(head, other);
      dropped.add(other);
    }
    const uptimes = ordered.map((e) => e.uptime).filter((u): u is number => u !== undefined);
    head.episode = {
      count: ordered.length,
      ...(uptimes.length ? { firstUptime: Math.min(...uptimes), lastUptime: Math.max(...uptimes) } : {}),
      ...(durations.length ? { maxSeconds: Math.max(...durations) } : {}),
      reports: ordered.map((e) => ({ input: e.source.input, line: e.source.line, ...(e.uptime !== undefined ? { uptime: e.uptime } : {}), ...(seconds(e) !== undefined ? { seconds: seconds(e) } : {}) })),
    };
    if (durations.length && head.kind !== 'hung-task') head.stuckSeconds = Math.max(...durations);
    if (durations.length && head.kind === 'hung-task') head.blockedSeconds = Math.max(...durations);
  }
  return events.filter((e) => !dropped.has(e));
}

const CHAINS: { panic: RegExp; cause: EventKind; hardware?: boolean }[] = [
  { panic: /^softlockup: hung tasks/, cause: 'soft-lockup' },
  { panic: /^Hard LOCKUP/, cause: 'hard-lockup' },
  { panic: /^hung_task: blocked tasks/, cause: 'hung-task' },
  { panic: /^RCU Stall/i, cause: 'rcu-stall' },
  // arch/x86/kernel/cpu/mce/core.c mce_panic() messages: `Fatal machine check`, `Fatal local machine check`,
  // `Machine check from unknown source`, the rendezvous timeouts, and mce_severity()'s text (`Processor context corrupt`).
  {
    panic: /^(?:Fatal (?:local )?machine check|Machine check from unknown source|Timeout: (?:Not all CPUs entered broadcast exception handler|Subject CPUs unable to finish machine check processing)|Some CPUs didn't answer in synchronization|Processor context corrupt|Action required)/i,
    cause: 'mce',
    hardware: true,
  },
  // drivers/acpi/apei/ghes.c __ghes_panic(): `Fatal hardware error!` after printing the fatal CPER record.
  { panic: /^Fatal hardware error/, cause: 'ghes', hardware: true },
];

function linkChains(events: KernelEvent[]): void {
  // The nearest earlier event that qualifies; searched only for the few events that need one
  // (a slice of everything before each event made a flood of warnings quadratic).
  const before = (i: number, wanted: (e: KernelEvent) => boolean): KernelEvent | undefined => {
    for (let j = i - 1; j >= 0; j--) if (wanted(events[j]!)) return events[j];
    return undefined;
  };
  events.forEach((event, i) => {
    if (event.kind === 'panic') {
      const chain = CHAINS.find((c) => c.panic.test(event.message ?? ''));
      const cause = chain && before(i, (e) => e.kind === chain.cause && sameBoot(e, event) && e.source.input === event.source.input && (!chain.hardware || e.hardwareError !== undefined));
      if (chain?.hardware) event.details = { ...event.details, hardwarePanic: chain.cause };
      if (cause) {
        event.details = { ...event.details, causedBy: ref(cause), causeKind: cause.kind };
        cause.details = { ...cause.details, ledTo: ref(event) };
        if (chain.hardware) markFatal(cause);
      }
    }
    if (event.kind === 'hung-task' && /^synchronize_(?:rcu|sched|srcu|net)|^__synchronize_srcu|^rcu_barrier/.test(event.guiltyFrame ?? '')) {
      const stall = before(i, (e) => e.kind === 'rcu-stall' && sameBoot(e, event));
      if (stall) {
        event.details = { ...event.details, causedBy: ref(stall), causeKind: 'rcu-stall' };
        stall.details = { ...stall.details, ledTo: ref(event) };
      }
    }
  });
}

export function consolidateKernelEvents(events: KernelEvent[]): KernelEvent[] {
  const merged = groupEpisodes(mergeHeaderless(events));
  linkChains(merged);
  return merged;
}
