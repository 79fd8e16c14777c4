// Align stage: puts the three clocks (kernel uptime, host local time, BMC time) on UTC.
// Every offset carries the evidence that fixed it; options override evidence; where the
// evidence is too weak the offset is `unknown`, never a silent guess.
import type { LocalDateTime, ParsedBundle, SelRecord } from '../model/records.js';
import type { ClocksReport, EventPlacement, EvidenceItem, OffsetEvidence } from '../report/types.js';
import { matchConsoleBoots, type BootMatch, type HostBoot } from './boot-match.js';
import { localToEpochMillis, parseOffsetMinutes } from '../parse/prefix/table.js';
import { decideOffset, gridCandidates, scoreOffsets, type BmcEvidence, type HostMoment } from './bmc.js';
import { findBmcClockSteps } from './bmc-steps.js';
import { inferHostOffset } from './host.js';
import { formatOffset, localToUtc, toIso } from './time.js';
import { isIanaZone, zonedToUtc, zoneOffsetAt } from './tz.js';
import { fitUptime, uptimeToUtcWith, type UptimeFit } from './uptime.js';
import { estimateBootAnchors, isBmcBootRecord, type BootMoment } from './boot-anchor.js';
import { zoneCandidates } from './zones.js';
import { sameRecordOffset } from './same-record.js';
import { inferYear, yearMissingNote, type YearEvidence } from './year.js';

export interface AlignOptions {
  hostUtcOffset?: string;
  bmcUtcOffset?: string;
  /** IANA zone of the host's local clock (`Asia/Shanghai`), DST-aware. */
  hostTz?: string;
  /** IANA zone of the BMC's SEL clock when it keeps local time. */
  bmcTz?: string;
  /** Year of year-less host stamps (`--year`). */
  year?: number;
  /** Inputs' file modification times: the last resort for that year. */
  inputsModified?: { input: string; millis: number }[];
}

export interface Alignment {
  clocks: ClocksReport;
  hostOffsetMinutes?: number;
  bmcOffsetMinutes?: number;
  /** Year given to year-less host stamps, with where it came from. */
  year?: YearEvidence;
  hostLocalToUtc(local: LocalDateTime | undefined, utcMillis?: number): number | undefined;
  bmcToUtc(local: LocalDateTime | undefined, zone?: string): number | undefined;
  /** Kernel uptime of a line in `input` → UTC, when that input's boot could be placed. */
  uptimeToUtc(input: string, uptime: number | undefined, boot?: number): number | undefined;
  /** True when `uptimeToUtc` for this input and boot rests on an estimate (see clocks.boots[].estimated). */
  uptimeEstimated(input: string, boot?: number): boolean;
  /** Which mapping `uptimeToUtc` used for this input and boot (meaningful when it returned a time). */
  uptimePlacement(input: string, boot?: number): EventPlacement;
}

/** A kernel line of a measured log belongs to the boot whose pairs put its uptime this close to its own stamp. */
const SAME_BOOT_MISS_MS = 5000;

function evidenceItem(e: { source: { input: string; line: number }; text: string }, note?: string): EvidenceItem {
  return { ...e.source, text: e.text, ...(note ? { note } : {}) };
}

export class OptionError extends Error {}

function optionOffset(name: string, value: string): number {
  const minutes = parseOffsetMinutes(value);
  if (minutes === undefined || Math.abs(minutes) > 14 * 60) throw new OptionError(`${name} must look like +08:00 or -05:30, got "${value}"`);
  return minutes;
}

function optionZone(name: string, value: string): string {
  if (!isIanaZone(value)) throw new OptionError(`${name} must be an IANA time zone such as Asia/Shanghai or Europe/Berlin, got "${value}"`);
  return value;
}

interface HostClock {
  report: OffsetEvidence;
  minutes?: number;
  toUtc(local: LocalDateTime, year?: number): number | undefined;
}

function hostClock(bundle: ParsedBundle, options: AlignOptions): HostClock {
  if (options.hostTz !== undefined) {
    const zone = optionZone('--host-tz', options.hostTz);
    const last = bundle.hostLogSpans[bundle.hostLogSpans.length - 1]?.last.local;
    const probe = last ? zonedToUtc(last, zone, new Date().getUTCFullYear()) : undefined;
    const minutes = zoneOffsetAt(zone, probe ?? Date.now());
    return {
      report: { value: formatOffset(minutes), method: 'option', confidence: 'high', evidence: [], zone, note: `${zone}, converted with its own DST rules (value: the offset at the end of the host log)` },
      minutes,
      toUtc: (local, year) => zonedToUtc(local, zone, year),
    };
  }
  if (options.hostUtcOffset !== undefined) {
    const minutes = optionOffset('--host-utc-offset', options.hostUtcOffset);
    return { report: { value: formatOffset(minutes), method: 'option', confidence: 'high', evidence: [] }, minutes, toUtc: (local, year) => localToUtc(local, minutes, year) };
  }
  const inferred = inferHostOffset(bundle.clockEvidence);
  if (!inferred) {
    return {
      report: { value: 'unknown', method: 'none', confidence: 'low', evidence: [], note: 'no line ties the host clock to UTC; pass --host-utc-offset or --host-tz to place host times' },
      toUtc: () => undefined,
    };
  }
  const pieces = inferred.pieces;
  return {
    report: inferred.report,
    minutes: parseOffsetMinutes(inferred.report.value),
    toUtc: (local, year) => {
      const y = local.year ?? year;
      if (y === undefined) return undefined;
      const wall = localToEpochMillis(local, y);
      let minutes = pieces[0]!.minutes;
      for (const piece of pieces) if (piece.fromLocalMillis <= wall) minutes = piece.minutes;
      return wall - minutes * 60_000;
    },
  };
}

/** Which offset a printed zone name stands for: unambiguous names directly, others by the host's offset or by scoring. */
function resolveZone(zone: string, records: SelRecord[], base: Omit<BmcEvidence, 'records'>): OffsetEvidence & { zone: string; minutes?: number } {
  const candidates = zoneCandidates(zone);
  const example = records[0]!;
  const shown = [evidenceItem(example, `printed zone ${zone}`)];
  if (candidates.length === 1) {
    return { zone, value: formatOffset(candidates[0]!.minutes), minutes: candidates[0]!.minutes, method: 'printed-zone', confidence: 'high', evidence: shown, note: `${zone} = ${candidates[0]!.where}` };
  }
  if (candidates.length === 0) {
    return { zone, value: 'unknown', method: 'printed-zone', confidence: 'low', evidence: shown, note: `zone name ${zone} is not known; pass --bmc-utc-offset to place these times` };
  }
  const host = base.hostOffsetMinutes;
  const sameAsHost = candidates.find((c) => c.minutes === host);
  if (sameAsHost) {
    return {
      zone,
      value: formatOffset(sameAsHost.minutes),
      minutes: sameAsHost.minutes,
      method: 'printed-zone+host-offset',
      confidence: 'high',
      evidence: shown,
      note: `${zone} is ambiguous (${candidates.map((c) => `${c.where} ${formatOffset(c.minutes)}`).join(', ')}); read as ${sameAsHost.where} because the host runs at ${formatOffset(sameAsHost.minutes)} — ipmitool ≥1.8.19 prints the zone of the machine it ran on`,
    };
  }
  const ranked = scoreOffsets({ ...base, records }, candidates.map((c) => c.minutes));
  const verdict = decideOffset(ranked, `zone ${zone}`);
  return { zone, value: verdict.value, ...(verdict.minutes !== undefined ? { minutes: verdict.minutes } : {}), method: 'printed-zone+scored', confidence: verdict.confidence, evidence: [...shown, ...verdict.evidence], note: `${zone} is ambiguous; ${verdict.note}` };
}

export function alignClocks(bundle: ParsedBundle, options: AlignOptions = {}): Alignment {
  const host = hostClock(bundle, options);
  if (options.year !== undefined && (!Number.isInteger(options.year) || options.year < 1970 || options.year > 2200)) throw new OptionError(`--year must be a year such as 2024, got "${options.year}"`);
  const year = inferYear(bundle, options);
  const missingYear = year ? undefined : yearMissingNote(bundle);
  if (missingYear && host.minutes !== undefined) host.report.note = `${host.report.note ? `${host.report.note}; ` : ''}${missingYear}`;
  const hostLocalToUtc = (local: LocalDateTime | undefined, utcMillis?: number): number | undefined => {
    if (utcMillis !== undefined) return utcMillis;
    if (!local) return undefined;
    return host.toUtc(local, year?.value);
  };

  // Kernel uptime → UTC per input, from lines that carry both (syslog `kernel: [uptime]`); in an
  // input of several hosts, per host: each kernel counts its own uptime, and fitting them together
  // took every interleaved host's clock for a new boot.
  type Samples = Parameters<typeof fitUptime>[0];
  const samplesByInput = new Map<string, { all: Samples; byHost: Map<string | undefined, Samples> }>();
  for (const e of bundle.clockEvidence) {
    if ((e.kind !== 'uptime-vs-local' && e.kind !== 'uptime-vs-utc') || e.uptime === undefined) continue;
    const utc = hostLocalToUtc(e.local, e.utcMillis);
    if (utc === undefined) continue;
    const samples = samplesByInput.get(e.source.input) ?? { all: [], byHost: new Map<string | undefined, Samples>() };
    samplesByInput.set(e.source.input, samples);
    const sample = { uptime: e.uptime, utcMillis: utc, source: e.source, text: e.text };
    samples.all.push(sample);
    const ofHost = samples.byHost.get(e.host) ?? [];
    samples.byHost.set(e.host, ofHost);
    ofHost.push(sample);
  }
  const fits = new Map<string, UptimeFit[]>();
  /** The host of each fit of an input of several hosts. */
  const fitHosts = new Map<UptimeFit, string>();
  for (const [input, { all, byHost }] of samplesByInput) {
    // One host (or none named): all its samples, as one kernel's.
    if ([...byHost.keys()].filter((key) => key !== undefined).length < 2) {
      fits.set(input, fitUptime(all));
      continue;
    }
    const inputFits: UptimeFit[] = [];
    for (const [fitHost, samples] of byHost) {
      for (const fit of fitUptime(samples)) {
        inputFits.push(fit);
        if (fitHost !== undefined) fitHosts.set(fit, fitHost);
      }
    }
    fits.set(input, inputFits);
  }

  const boots: ClocksReport['boots'] = [];
  const hostBoots: HostMoment[] = [];
  for (const boot of bundle.boots) {
    const utc = hostLocalToUtc(boot.local, boot.utcMillis);
    boots.push({ ...(utc !== undefined ? { time: toIso(utc) } : {}), method: 'boot-marker', evidence: [evidenceItem(boot)] });
    if (utc !== undefined) hostBoots.push({ utcMillis: utc, source: boot.source, text: boot.text });
  }
  const measuredBoots: HostBoot[] = [];
  const anchorEntries = new Map<HostBoot, ClocksReport['boots'][number]>();
  for (const [input, inputFits] of fits) {
    inputFits.forEach((fit, index) => {
      const first = fit.segments[0];
      if (!first) return;
      const boot: HostBoot = { input, index, fit };
      measuredBoots.push(boot);
      const spread = Math.max(...fit.segments.map((s) => s.spreadMs));
      const drift = first.driftPpm;
      const entry: ClocksReport['boots'][number] = {
        uptimeZeroAt: toIso(first.zero),
        method: 'uptime-pairs',
        input,
        ...(fitHosts.has(fit) ? { host: fitHosts.get(fit)! } : {}),
        pairs: fit.evidence.length,
        spreadSeconds: Math.round(spread) / 1000,
        ...(drift !== undefined ? { driftPpm: drift } : {}),
        evidence: fit.evidence.slice(0, 2).map((e) => evidenceItem(e, 'line carries both kernel uptime and wall-clock time')),
        ...(fit.steps.length > 0 ? { steps: fit.steps } : {}),
      };
      if (spread > 0 && fit.evidence.length > 1) {
        entry.note = `${fit.evidence.length} pairs agree within ${Math.round(spread) / 1000} s${drift !== undefined ? `; the kernel clock drifts ${drift} ppm against the wall clock` : ''} (stamps are rounded and the logger lags printk)`;
      }
      boots.push(entry);
      anchorEntries.set(boot, entry);
    });
  }

  // Uptime-only consoles of a boot the host log measured are mapped through that boot's pairs.
  const parsedEvents = bundle.parsedKernelEvents ?? bundle.kernelEvents;
  const hostKernelEvents: { event: (typeof bundle.kernelEvents)[number]; boot: HostBoot }[] = [];
  for (const event of parsedEvents) {
    if (event.uptime === undefined || !fits.has(event.source.input)) continue;
    const utc = hostLocalToUtc(event.local, event.utcMillis);
    if (utc === undefined) continue;
    const own = measuredBoots.filter((b) => b.input === event.source.input);
    const closest = own.reduce<HostBoot | undefined>((best, b) => {
      const miss = Math.abs(uptimeToUtcWith([b.fit], event.uptime!, 0)! - utc);
      return miss <= SAME_BOOT_MISS_MS && (!best || miss < Math.abs(uptimeToUtcWith([best.fit], event.uptime!, 0)! - utc)) ? b : best;
    }, undefined);
    if (closest) hostKernelEvents.push({ event, boot: closest });
  }
  const matched = new Map<string, BootMatch>();
  for (const match of matchConsoleBoots(parsedEvents, measuredBoots, hostKernelEvents, hostBoots.map((b) => b.utcMillis), (input) => fits.has(input))) {
    matched.set(`${match.input}\u0000${match.boot}`, match);
    const entry = anchorEntries.get(match.host)!;
    entry.places = [...(entry.places ?? []), { input: match.input, boot: match.boot, method: match.method, note: match.note, evidence: match.evidence }];
  }

  const silences: HostMoment[] = [];
  for (const gap of bundle.hostLogGaps) {
    // A quiet night is no evidence; a host that stopped logging and came back with a boot is.
    if (!gap.afterIsBoot) continue;
    const utc = hostLocalToUtc(gap.before.local, gap.before.utcMillis);
    if (utc !== undefined) silences.push({ utcMillis: utc, source: gap.before.source, text: gap.before.text });
  }
  const ipmievd: BmcEvidence['ipmievd'] = [];
  for (const record of bundle.sel) {
    if (record.clock !== 'host' || !record.local) continue;
    const utc = host.toUtc(record.local, year?.value);
    if (utc !== undefined) ipmievd.push({ record, utcMillis: utc });
  }
  const base = { hostBoots, silences, ipmievd, ...(host.minutes !== undefined ? { hostOffsetMinutes: host.minutes } : {}), ...(year ? { year: year.value } : {}) };

  // Printed zones (ipmitool ≥1.8.19, Redfish offsets) place their records directly.
  const zoned = new Map<string, SelRecord[]>();
  for (const record of bundle.sel) if (record.zone && record.clock !== 'host' && !record.preInit) zoned.set(record.zone, [...(zoned.get(record.zone) ?? []), record]);
  const selZones = [...zoned.entries()].map(([zone, records]) => resolveZone(zone, records, base));
  const zoneMinutes = new Map(selZones.map((z) => [z.zone, z.minutes]));

  const bmcRecords = bundle.sel.filter((r) => !r.zone && r.clock !== 'host' && !r.preInit && r.local);
  let bmc: OffsetEvidence;
  let bmcOffsetMinutes: number | undefined;
  let bmcZone: string | undefined;
  const views = sameRecordOffset([...zoned.values()].flat(), bmcRecords, zoneMinutes, year?.value);
  if (options.bmcTz !== undefined) {
    bmcZone = optionZone('--bmc-tz', options.bmcTz);
    const probe = bmcRecords[bmcRecords.length - 1];
    const probeUtc = probe?.local ? zonedToUtc(probe.local, bmcZone, year?.value) : undefined;
    bmcOffsetMinutes = zoneOffsetAt(bmcZone, probeUtc ?? Date.now());
    bmc = { value: formatOffset(bmcOffsetMinutes), method: 'option', confidence: 'high', evidence: [], zone: bmcZone, note: `${bmcZone}, converted with its own DST rules` };
  } else if (options.bmcUtcOffset !== undefined) {
    bmcOffsetMinutes = optionOffset('--bmc-utc-offset', options.bmcUtcOffset);
    bmc = { value: formatOffset(bmcOffsetMinutes), method: 'option', confidence: 'high', evidence: [] };
    // The option wins, but evidence that clearly says otherwise is shown, not hidden.
    const scored = decideOffset(scoreOffsets({ ...base, records: bmcRecords }, gridCandidates()), 'BMC clock');
    if (scored.minutes !== undefined && scored.minutes !== bmcOffsetMinutes && scored.evidence.length > 0) {
      bmc.note = `the evidence points to ${scored.value} instead (score ${scored.score}): ${scored.evidence[0]!.note ?? ''}`;
      bmc.evidence = scored.evidence;
    }
  } else if (bmcRecords.length === 0 && selZones.length > 0) {
    bmc = {
      value: 'unknown',
      method: 'printed-zone',
      confidence: 'low',
      evidence: [],
      note: `every SEL time was printed with a zone (${selZones.map((z) => `${z.zone} → ${z.value}`).join(', ')}): the tool converted the BMC clock, so the BMC's own offset is not needed`,
    };
  } else if (views?.minutes !== undefined) {
    // The same record on a placed zone and on the BMC clock measures the offset: direct evidence, not a score.
    bmcOffsetMinutes = views.minutes;
    bmc = { value: formatOffset(views.minutes), method: 'same-record-views', confidence: 'high', evidence: views.evidence, note: views.note };
  } else {
    const verdict = decideOffset(scoreOffsets({ ...base, records: bmcRecords }, gridCandidates()), 'BMC clock');
    bmcOffsetMinutes = verdict.minutes;
    bmc = {
      value: verdict.value,
      method: verdict.value === 'unknown' ? 'none' : 'scored',
      confidence: verdict.confidence,
      evidence: verdict.evidence,
      note: `${verdict.note}. ipmitool ≤1.8.18, FreeIPMI and most web pages print the BMC clock as stored${views ? `. ${views.note}` : ''}`,
      ...(verdict.score !== undefined ? { score: verdict.score } : {}),
      ...(verdict.runnerUp ? { runnerUp: verdict.runnerUp } : {}),
    };
  }

  const bmcClockSteps = findBmcClockSteps(bmcRecords, year?.value);
  if (bmcClockSteps.length > 0) {
    const last = bmcClockSteps[bmcClockSteps.length - 1]!;
    bmc.note = `${bmc.note ? `${bmc.note}. ` : ''}the BMC clock was stepped ${bmcClockSteps.length} time(s) (last by ${last.seconds} s, see bmcClockSteps): records logged before a step are on the old clock`;
  }

  const alignment: Alignment = {
    clocks: { hostUtcOffset: host.report, bmcUtcOffset: bmc, boots, ...(bmcClockSteps.length > 0 ? { bmcClockSteps } : {}), ...(selZones.length > 0 ? { selZones: selZones.map(({ minutes: _m, ...z }) => z) } : {}), ...(year ? { year } : {}) },
    hostOffsetMinutes: host.minutes,
    bmcOffsetMinutes,
    year,
    hostLocalToUtc,
    bmcToUtc: (local, zone) => {
      if (!local) return undefined;
      if (zone !== undefined) {
        const minutes = zoneMinutes.get(zone) ?? parseOffsetMinutes(zone);
        return minutes === undefined ? undefined : localToUtc(local, minutes, year?.value);
      }
      if (bmcZone !== undefined) return zonedToUtc(local, bmcZone, year?.value);
      if (bmcOffsetMinutes === undefined) return undefined;
      return localToUtc(local, bmcOffsetMinutes, year?.value);
    },
    uptimeToUtc: (input, uptime, boot) => {
      if (uptime === undefined) return undefined;
      const inputFits = fits.get(input);
      if (inputFits) return uptimeToUtcWith(inputFits, uptime, boot);
      const match = matched.get(`${input}\u0000${boot ?? 0}`);
      if (match) return uptimeToUtcWith([match.host.fit], uptime, 0);
      const estimate = anchors.get(`${input}\u0000${boot ?? 0}`);
      return estimate === undefined ? undefined : estimate + uptime * 1000;
    },
    uptimeEstimated: (input, boot) => alignment.uptimePlacement(input, boot) === 'bmc-boot-record-estimate',
    uptimePlacement: (input, boot) => {
      if (fits.has(input)) return 'uptime-pairs';
      if (matched.has(`${input}\u0000${boot ?? 0}`)) return 'matched-boot-pairs';
      return 'bmc-boot-record-estimate';
    },
  };

  // Consoles with uptime only: place them through the BMC's boot records when exactly one boot fits.
  const anchors = new Map<string, number>();
  const bootMoments: BootMoment[] = [...hostBoots];
  for (const record of bundle.sel) {
    if (!isBmcBootRecord(record.sensorType, record.description, record.direction) || record.preInit) continue;
    const utc = record.clock === 'host' ? hostLocalToUtc(record.local) : alignment.bmcToUtc(record.local, record.zone);
    if (utc !== undefined) bootMoments.push({ utcMillis: utc, source: record.source, text: record.text });
  }
  const silenceGaps = bundle.hostLogGaps
    .filter((gap) => gap.afterIsBoot)
    .map((gap) => ({ gap, utcMillis: hostLocalToUtc(gap.before.local, gap.before.utcMillis) }))
    .filter((s): s is { gap: (typeof bundle.hostLogGaps)[number]; utcMillis: number } => s.utcMillis !== undefined);
  const placedByPairs = (input: string, boot: number) => fits.has(input) || matched.has(`${input}\u0000${boot}`);
  for (const estimate of estimateBootAnchors(parsedEvents, bootMoments, silenceGaps, placedByPairs)) {
    anchors.set(`${estimate.input}\u0000${estimate.boot}`, estimate.uptimeZero);
    boots.push({
      uptimeZeroAt: toIso(estimate.uptimeZero),
      method: 'bmc-boot-record',
      input: estimate.input,
      evidence: estimate.evidence,
      estimated: { method: 'bmc-boot-record', confidence: 'low', input: estimate.input, note: estimate.note },
    });
  }
  return alignment;
}

