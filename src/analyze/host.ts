// Host facts (name, kernel, arch, hardware) from whatever lines stated them; first statement wins,
// except that a later, more specific value never overrides an earlier one silently.
import type { HostFact, KernelEvent } from '../model/records.js';
import type { Arch, HostReport } from '../report/types.js';

const ARCH_BY_SUFFIX: [RegExp, Arch][] = [
  [/(?:aarch64|arm64)$/, 'arm64'],
  [/x86_64$/, 'x86_64'],
  [/(?:ppc64le|ppc64)$/, 'powerpc'],
  [/s390x$/, 's390'],
  [/(?:i[3-6]86)$/, 'i386'],
  [/riscv64$/, 'riscv64'],
];

export function archFromRelease(release: string): Arch | undefined {
  return ARCH_BY_SUFFIX.find(([pattern]) => pattern.test(release))?.[1];
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
  for (const fact of facts) {
    if (about && fact.host !== undefined && fact.host !== about) continue;
    switch (fact.field) {
      case 'hostname':
        host.hostname ??= fact.value;
        break;
      case 'kernelRelease':
        host.kernelRelease ??= fact.value;
        break;
      case 'arch':
        host.arch ??= fact.value as Arch;
        break;
      case 'hardware':
        host.hardware ??= fact.value;
        break;
      case 'taint':
        host.taint ??= fact.value;
        break;
      case 'kdumpLoaded':
        host.kdumpLoaded ??= fact.value === 'true';
        break;
    }
  }
  if (!host.arch && host.kernelRelease) host.arch = archFromRelease(host.kernelRelease);
  if (utcOffset && utcOffset !== 'unknown') host.utcOffset = utcOffset;
  return host;
}
