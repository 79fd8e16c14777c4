// Uptime-only consoles placed through another input's measured clock. A serial console or a
// dmesg capture prints `[ 9120.331000]` and nothing else; the host's syslog or journal of the
// same boot prints `kernel: [ 9120.331000]` next to a wall-clock stamp, so that boot's uptime 0
// is measured (uptime.ts). The console belongs to that boot when its uptimes fit it:
// - identical lines at equal uptimes: the same printk record reached both (strongest);
// - otherwise its uptime range overlaps the boot's pairs, or continues them where the host log
//   went quiet (the console is the last to fall silent), and no other boot fits;
// - never across a boot: a boot that started before the console's last uptime had run out
//   (a `Linux version` line, another boot's pairs) rules that candidate out.
// A console that fits no boot of the host log is left to the BMC's boot records (boot-anchor.ts).
import type { KernelEvent } from '../model/records.js';
import type { EvidenceItem } from '../report/types.js';
import type { UptimeFit } from './uptime.js';

/** A console may run on this long after the host log's last pair of that boot (the logger wedges first). */
const CONTINUE_SECONDS = 10 * 60;
/** Printk stamps have microseconds: equal uptimes agree to that. */
const SAME_UPTIME_SECONDS = 0.000_001;
/** A boot's own `Linux version` line is printed at uptime 0; markers later than this start another boot. */
const OWN_BOOT_MARKER_SECONDS = 60;

export interface HostBoot {
  input: string;
  /** Index of the boot among that input's fits. */
  index: number;
  fit: UptimeFit;
}

export interface BootMatch {
  input: string;
  boot: number;
  host: HostBoot;
  method: 'identical-lines' | 'uptime-range';
  evidence: EvidenceItem[];
  note: string;
}

interface Group {
  input: string;
  boot: number;
  first: number;
  last: number;
  events: KernelEvent[];
}

function consoleGroups(events: KernelEvent[], measured: (input: string) => boolean): Group[] {
  const groups = new Map<string, Group>();
  for (const event of events) {
    if (event.uptime === undefined || event.local || event.utcMillis !== undefined || measured(event.source.input)) continue;
    const boot = event.boot ?? 0;
    const key = `${event.source.input}\u0000${boot}`;
    const group = groups.get(key) ?? { input: event.source.input, boot, first: event.uptime, last: event.uptime, events: [] };
    group.first = Math.min(group.first, event.uptime);
    group.last = Math.max(group.last, event.uptime);
    group.events.push(event);
    groups.set(key, group);
  }
  return [...groups.values()];
}

function zeroOf(boot: HostBoot): number {
  return boot.fit.segments[0]!.zero;
}

function rangeOf(boot: HostBoot): [number, number] {
  const uptimes = boot.fit.evidence.map((e) => e.uptime);
  return [Math.min(...uptimes), Math.max(...uptimes)];
}

const messageKey = (uptime: number, message: string | undefined) => `${Math.round(uptime / SAME_UPTIME_SECONDS)}\u0000${(message ?? '').trim()}`;

/**
 * @param hostEvents kernel events of inputs with measured clocks, each with the host boot it belongs to.
 * @param bootStarts UTC millis of every boot marker seen (host `Linux version` lines and the like).
 */
export function matchConsoleBoots(
  events: KernelEvent[],
  hostBoots: HostBoot[],
  hostEvents: { event: KernelEvent; boot: HostBoot }[],
  bootStarts: number[],
  measured: (input: string) => boolean,
): BootMatch[] {
  if (hostBoots.length === 0) return [];
  const byLine = new Map<string, { event: KernelEvent; boot: HostBoot }[]>();
  for (const entry of hostEvents) {
    if (entry.event.uptime === undefined) continue;
    const key = messageKey(entry.event.uptime, entry.event.message);
    byLine.set(key, [...(byLine.get(key) ?? []), entry]);
  }
  const starts = [...bootStarts, ...hostBoots.map(zeroOf)];
  const matches: BootMatch[] = [];
  for (const group of consoleGroups(events, measured)) {
    // A boot the console cannot belong to: another boot started while the console's uptimes still ran.
    const possible = hostBoots.filter((boot) => {
      const zero = zeroOf(boot);
      return !starts.some((start) => start > zero + OWN_BOOT_MARKER_SECONDS * 1000 && start < zero + group.last * 1000);
    });
    const shared = new Map<HostBoot, { console: KernelEvent; host: KernelEvent }>();
    for (const event of group.events) {
      for (const hit of byLine.get(messageKey(event.uptime!, event.message)) ?? []) if (possible.includes(hit.boot) && !shared.has(hit.boot)) shared.set(hit.boot, { console: event, host: hit.event });
    }
    if (shared.size === 1) {
      const [boot, pair] = [...shared.entries()][0]!;
      matches.push({
        input: group.input,
        boot: group.boot,
        host: boot,
        method: 'identical-lines',
        evidence: [
          { ...pair.console.source, text: pair.console.message ?? '', note: `printed at uptime ${pair.console.uptime!.toFixed(6)}` },
          { ...pair.host.source, text: pair.host.message ?? '', note: 'the same printk record, same uptime, in the log with wall-clock stamps' },
        ],
        note: `same boot as ${boot.input}: identical lines at equal uptimes; mapped through that boot's ${boot.fit.evidence.length} uptime/wall-clock pair(s)`,
      });
      continue;
    }
    if (shared.size > 1) continue;
    const fitting = possible.filter((boot) => {
      const [first, last] = rangeOf(boot);
      const overlaps = group.first <= last && group.last >= first;
      const continues = group.first > last && group.first - last <= CONTINUE_SECONDS;
      return overlaps || continues;
    });
    if (fitting.length !== 1) continue;
    const boot = fitting[0]!;
    const [first, last] = rangeOf(boot);
    const pair = boot.fit.evidence[boot.fit.evidence.length - 1]!;
    matches.push({
      input: group.input,
      boot: group.boot,
      host: boot,
      method: 'uptime-range',
      evidence: [
        { ...group.events[0]!.source, text: group.events[0]!.message ?? '', note: `console uptimes ${group.first.toFixed(3)}–${group.last.toFixed(3)} s` },
        { ...pair.source, text: pair.text, note: `the host log's pairs of that boot span uptime ${first.toFixed(3)}–${last.toFixed(3)} s` },
      ],
      note: `same boot as ${boot.input}: the console's uptimes ${group.first <= last ? 'overlap' : 'continue'} that boot's pairs and no other boot fits; mapped through its ${boot.fit.evidence.length} pair(s)`,
    });
  }
  return matches;
}
