// Host facts (name, kernel, arch, hardware) from whatever lines stated them; first statement wins,
// except that a later, more specific value never overrides an earlier one silently.
import type { HostFact } from '../model/records.js';
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

export function hostReport(facts: HostFact[], utcOffset: string | undefined): HostReport {
  const host: HostReport = {};
  for (const fact of facts) {
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
