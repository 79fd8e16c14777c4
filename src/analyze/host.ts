// Host facts (name, kernel, arch, hardware) from whatever lines stated them, each with the line
// that said so. The first statement of a fact wins, except for the architecture: a register dump
// or trace frame (what the CPU executed) outranks a release suffix, which outranks the platform a
// `Hardware name:` names, and a narrower statement (`ppc64le`) refines a broader one (`powerpc`).
// In an aggregate of many hosts, only the incident host's facts (and host-less ones) count.
import type { HostFact, KernelEvent } from '../model/records.js';
import { ARCH_METHOD_RANK, ARCH_REFINES, type ArchMethod } from '../parse/kernel/arch.js';
import type { Arch, HostEvidence, HostField, HostReport } from '../report/types.js';

function evidenceOf(fact: HostFact): HostEvidence {
  return { ...fact.source, text: fact.text, method: fact.method ?? 'stated', ...(fact.row ? { row: fact.row } : {}) };
}

const FIELDS: HostField[] = ['hostname', 'kernelRelease', 'arch', 'hardware', 'taint', 'kdumpLoaded'];

const rank = (fact: HostFact): number => ARCH_METHOD_RANK[fact.method as ArchMethod] ?? Number.MAX_SAFE_INTEGER;

/** The architecture statement to report: the strongest, refined by any narrower one that agrees. */
function chooseArch(facts: HostFact[]): HostFact | undefined {
  const archs = facts.filter((f) => f.field === 'arch');
  let best: HostFact | undefined;
  for (const fact of archs) if (!best || rank(fact) < rank(best)) best = fact;
  if (!best) return undefined;
  const narrower = archs.find((f) => ARCH_REFINES[f.value as Arch] === best!.value);
  return narrower ?? best;
}

/** Event kinds that describe the log, not something that happened to the host. */
const NOT_INCIDENTS = new Set(['boot', 'log-gap']);

/**
 * An rsyslog aggregate (a central log host's files) holds the lines of many hosts, each prefixed
 * with the host that sent it (RFC 3164/5424 HOSTNAME). Several hosts are seen when the host facts
 * name more than one hostname.
 */
export function hostsSeen(facts: HostFact[]): Set<string> {
  return new Set(facts.flatMap((fact) => (fact.field === 'hostname' ? [fact.value] : [])));
}

/** Hosts the incidents happened on, in the order of their first event. */
export function incidentHosts(events: KernelEvent[]): string[] {
  const hosts: string[] = [];
  for (const event of events) if (event.host && !NOT_INCIDENTS.has(event.kind) && !hosts.includes(event.host)) hosts.push(event.host);
  return hosts;
}

/**
 * The host the report is about. In a multi-host input that is the host of the (first) incident,
 * and only that host's facts describe it (another host's kernel release is not this one's); facts
 * from lines without a host (a console capture given beside) apply whatever the host.
 */
export function hostReport(facts: HostFact[], utcOffset: string | undefined, events: KernelEvent[] = []): HostReport {
  const host: HostReport = {};
  const incidents = hostsSeen(facts).size > 1 ? incidentHosts(events) : [];
  const about = incidents[0];
  if (about) host.hostname = about;
  if (incidents.length > 1) host.incidentHosts = incidents;
  const own = about ? facts.filter((fact) => fact.host === undefined || fact.host === about) : facts;
  const evidence: Partial<Record<HostField, HostEvidence>> = {};
  const first = new Map<HostField, HostFact>();
  for (const fact of own) if (fact.field !== 'arch' && !first.has(fact.field)) first.set(fact.field, fact);
  const aboutFact = about ? own.find((fact) => fact.field === 'hostname' && fact.value === about) : undefined;
  if (about) first.delete('hostname');
  if (aboutFact) first.set('hostname', aboutFact);
  const arch = chooseArch(own);
  if (arch) first.set('arch', arch);
  for (const field of FIELDS) {
    const fact = first.get(field);
    if (!fact) continue;
    if (field === 'kdumpLoaded') host.kdumpLoaded = fact.value === 'true';
    else if (field === 'arch') host.arch = fact.value as Arch;
    else host[field] = fact.value;
    evidence[field] = evidenceOf(fact);
  }
  if (utcOffset && utcOffset !== 'unknown') host.utcOffset = utcOffset;
  if (Object.keys(evidence).length > 0) host.evidence = evidence;
  return host;
}
