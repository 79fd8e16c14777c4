// Kernel uptime → wall clock for console captures that carry no wall-clock time at all.
// A console log of the boot that froze says only "uptime 32407 s". The BMC logged when that
// boot started (System Boot Initiated / OS Boot / ACPI S0 records) and the host's own log shows
// when it went silent. Exactly one boot that lasted long enough and ended in that silence pins
// uptime 0 to its boot record — an estimate, stated as one: firmware takes seconds to minutes
// between the BMC's record and the kernel's first instruction.
import type { HostLogGap, KernelEvent } from '../model/records.js';
import type { EvidenceItem } from '../report/types.js';

/** Boot records closer than this belong to one boot (power-up, then OS boot initiated). */
const SAME_BOOT_SECONDS = 15 * 60;
/** How long firmware may run between the BMC's boot record and kernel start. */
export const FIRMWARE_SLACK_SECONDS = 5 * 60;
/** A console may stop a little after the host log does (the console is the last to go quiet). */
const SILENCE_TOLERANCE_SECONDS = 10 * 60;

export interface BootMoment {
  utcMillis: number;
  source: { input: string; line: number };
  text: string;
}

export interface BootAnchorEstimate {
  input: string;
  boot: number;
  /** UTC millis of uptime 0, the earliest it can be (kernel start may be later by the slack). */
  uptimeZero: number;
  evidence: EvidenceItem[];
  note: string;
}

interface Cluster {
  start: BootMoment;
  last: BootMoment;
}

function clusters(moments: BootMoment[]): Cluster[] {
  const sorted = [...moments].sort((a, b) => a.utcMillis - b.utcMillis);
  const out: Cluster[] = [];
  for (const moment of sorted) {
    const current = out[out.length - 1];
    if (current && moment.utcMillis - current.last.utcMillis <= SAME_BOOT_SECONDS * 1000) current.last = moment;
    else out.push({ start: moment, last: moment });
  }
  return out;
}

/** Kernel events whose input gives no wall clock, grouped per input and boot, with the longest uptime seen. */
function unplacedGroups(events: KernelEvent[], placed: (input: string, boot: number) => boolean): Map<string, { input: string; boot: number; maxUptime: number }> {
  const groups = new Map<string, { input: string; boot: number; maxUptime: number }>();
  for (const event of events) {
    const boot = event.boot ?? 0;
    if (event.uptime === undefined || event.local || event.utcMillis !== undefined || placed(event.source.input, boot)) continue;
    const key = `${event.source.input}\u0000${boot}`;
    const group = groups.get(key) ?? { input: event.source.input, boot, maxUptime: 0 };
    group.maxUptime = Math.max(group.maxUptime, event.uptime);
    groups.set(key, group);
  }
  return groups;
}

export function estimateBootAnchors(
  events: KernelEvent[],
  bootMoments: BootMoment[],
  silences: { gap: HostLogGap; utcMillis: number }[],
  /** Inputs and boots that a measured clock places already: never estimated. */
  placed: (input: string, boot: number) => boolean,
): BootAnchorEstimate[] {
  const boots = clusters(bootMoments);
  if (boots.length === 0) return [];
  const estimates: BootAnchorEstimate[] = [];
  for (const group of unplacedGroups(events, placed).values()) {
    const fitting = boots
      .map((cluster, i) => ({ cluster, next: boots[i + 1] }))
      .filter(({ cluster, next }) => !next || cluster.last.utcMillis + group.maxUptime * 1000 < next.start.utcMillis);
    const endedInSilence = fitting
      .map((candidate) => ({
        ...candidate,
        silence: silences.find(
          (s) =>
            s.utcMillis > candidate.cluster.last.utcMillis &&
            (!candidate.next || s.utcMillis < candidate.next.start.utcMillis) &&
            candidate.cluster.last.utcMillis + group.maxUptime * 1000 <= s.utcMillis + SILENCE_TOLERANCE_SECONDS * 1000,
        ),
      }))
      .filter((candidate) => candidate.silence);
    // Only an unambiguous boot is used; two plausible boots mean we do not know which one froze.
    if (endedInSilence.length !== 1) continue;
    const chosen = endedInSilence[0]!;
    const anchor = chosen.cluster.last;
    const silence = chosen.silence!;
    estimates.push({
      input: group.input,
      boot: group.boot,
      uptimeZero: anchor.utcMillis,
      evidence: [
        { ...anchor.source, text: anchor.text, note: 'the boot this console belongs to started here (BMC record)' },
        { ...silence.gap.before.source, text: silence.gap.before.text, note: 'that boot ended with the host log going silent' },
      ],
      note: `estimate: uptime 0 taken as the BMC's boot record; the kernel started up to ${FIRMWARE_SLACK_SECONDS / 60} min later (firmware), so these kernel times may be that much late-biased`,
    });
  }
  return estimates;
}

const BOOT_SENSOR = /system boot|os boot/i;
const POWER_ON = /s0\s*\/\s*g0|working/i;

/** SEL records that mark a host boot starting. */
export function isBmcBootRecord(sensorType: string, description: string, direction: string): boolean {
  if (direction === 'deasserted') return false;
  if (BOOT_SENSOR.test(sensorType)) return true;
  return /acpi power state/i.test(sensorType) && POWER_ON.test(description);
}
