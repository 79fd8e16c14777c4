// One-line descriptions of events and findings, shared by the text and Markdown renderers.
import type { CsdLockWaitFinding, Finding, InputBlock, ReportEvent } from '../report/types.js';

export function describeEvent(event: ReportEvent): string {
  switch (event.kind) {
    case 'sel': {
      const id = event.recordId !== undefined ? `SEL 0x${event.recordId.toString(16)} ` : 'SEL ';
      const sensor = `${event.sensorName ?? event.sensorType ?? ''}${event.sensorNumber !== undefined ? ` #0x${event.sensorNumber.toString(16)}` : ''}`;
      return `${id}${sensor}: ${event.description ?? ''} (${event.direction ?? 'asserted'})${event.dimm ? ` DIMM ${event.dimm.label}` : ''}`;
    }
    case 'log-gap':
      return `host log silent${event.until ? ` until ${event.until}` : ''}`;
    case 'boot': {
      const release = /Linux version (\S+)/.exec(String(event.message ?? ''));
      return release ? `boot: Linux ${release[1]}` : `boot: ${String(event.message ?? '').slice(0, 80)}`;
    }
    default: {
      const cpu = event.cpus && event.cpus.length > 1 ? `CPUs ${event.cpus.join(',')}` : event.cpu !== undefined ? `CPU ${event.cpu}` : '';
      const task = event.comm ? ` ${event.comm}${event.pid !== undefined ? `:${event.pid}` : ''}` : '';
      const stuck = event.stuckSeconds !== undefined ? ` stuck ${event.stuckSeconds}s` : '';
      const where = event.pc ? ` at ${event.pc}` : event.guiltyFrame ? ` in ${event.guiltyFrame}` : '';
      const uptime = event.uptime !== undefined ? ` [uptime ${event.uptime}]` : '';
      return `${event.title ?? event.kind}: ${cpu}${task}${stuck}${where}${uptime}`.replace(/: $/, '');
    }
  }
}

/** What a finding says, without its kind, method or confidence (tables show those in columns). */
export function findingWhat(finding: Finding): string {
  if (finding.kind === 'csd-lock-wait') {
    const csd = finding as CsdLockWaitFinding;
    const flags = csd.csdFlags !== null ? ` flags 0x${csd.csdFlags.toString(16)}${csd.csdFlagNames.length ? ` (${csd.csdFlagNames.join('|')})` : ''}` : '';
    return `CPU ${csd.waitingCpu} → ${csd.targetCpu !== null ? `CPU ${csd.targetCpu}` : 'unknown CPU'}${flags}`;
  }
  return finding.summary;
}

export function findingLine(finding: Finding): string {
  return `${finding.kind}: ${findingWhat(finding)} [${finding.method}, ${finding.confidence}]`;
}

/** `UTC+08:00`, or `offset unknown` when the evidence could not fix one. */
export function utcLabel(offset: string): string {
  return offset === 'unknown' ? 'offset unknown' : `UTC${offset}`;
}

/** `block 3 (cpp, lines 97-157)` — where a pasted block sits in its Markdown input. */
export function blockLabel(block: InputBlock): string {
  return `block ${block.index} (${block.info ? `${block.info}, ` : ''}lines ${block.fromLine}-${block.toLine})`;
}

/**
 * Events in the order their clocks say. Timed events come first, in UTC order (as the engine
 * sorts them). An untimed event has only the clock its input printed (kernel uptime in a plain
 * dmesg, a BMC clock that could not be placed): within one input that clock runs in line order
 * — a reset of the uptime is a new boot printed later — so each input's untimed events follow
 * in line order, inputs in the order they first appear. The engine puts events of different
 * families (kernel reports, boots, log gaps) one family after another, which would list the
 * `Linux version` line after the lockup it preceded.
 */
export function inClockOrder(events: readonly ReportEvent[]): ReportEvent[] {
  const untimed = events.filter((event) => !event.time);
  const inputs = new Map<string, number>();
  for (const event of untimed) if (!inputs.has(event.source.input)) inputs.set(event.source.input, inputs.size);
  untimed.sort((a, b) => inputs.get(a.source.input)! - inputs.get(b.source.input)! || a.source.line - b.source.line);
  return [...events.filter((event) => event.time), ...untimed];
}
