// Host facts from the lines every kernel report carries: `CPU: … Comm: …` (release, taint,
// Kdump), `Hardware name:` (DMI vendor/model/BIOS or the DT model) and `Linux version`.
import type { HostFact, LogLine } from '../../model/records.js';
import type { Arch } from '../../report/types.js';

export interface CpuLine {
  cpu: number;
  pid: number;
  comm: string;
  uid?: number;
  kdumpLoaded: boolean;
  taint?: string;
  release?: string;
}

// CPU: 65 PID: 925 Comm: kcompactd4 Kdump: loaded Tainted: G        W  OEL   --------- -  - 4.18.0-372.19.1.es8_10.aarch64 #1
// CPU: 0 UID: 0 PID: 5190 Comm: syz-executor Not tainted 6.12.0-rc1-syzkaller #0
// Pid: 1234, comm: java Not tainted 2.6.32-431.el6.x86_64 #1 (2.6.x)
const CPU_LINE = /^CPU: (\d+)(?: UID: (\d+))? PID: (\d+) Comm: (.{1,16}?)(?= Kdump:| Not tainted| Tainted:|$)(.*)$/;
const OLD_PID_LINE = /^Pid: (\d+), comm: (.{1,16}?) (Not tainted|Tainted: [A-Z ]+?) +(\S+)/;
const TAINT = /Tainted: ([A-Z ]+?)\s*(?=-|\d|$)/;
const RELEASE = /(?:^|\s)(\d+\.\d+(?:\.\d+)?[\w.+~-]*)(?:\s+#|\s*$)/;

export function parseCpuLine(message: string): CpuLine | undefined {
  const m = CPU_LINE.exec(message.trim());
  if (m) {
    const rest = m[5] ?? '';
    const taint = TAINT.exec(rest)?.[1]?.replace(/\s+/g, '');
    return {
      cpu: Number(m[1]),
      uid: m[2] !== undefined ? Number(m[2]) : undefined,
      pid: Number(m[3]),
      comm: m[4]!.trim(),
      kdumpLoaded: /Kdump: loaded/.test(rest),
      taint: taint || undefined,
      release: RELEASE.exec(rest.replace(/Tainted: [A-Z ]+/, ' '))?.[1],
    };
  }
  return undefined;
}

export function parseOldPidLine(message: string): { pid: number; comm: string; taint?: string; release?: string } | undefined {
  const m = OLD_PID_LINE.exec(message.trim());
  if (!m) return undefined;
  const taint = m[3]!.startsWith('Tainted') ? m[3]!.slice(9).replace(/\s+/g, '') : undefined;
  return { pid: Number(m[1]), comm: m[2]!, taint, release: m[4] };
}

const TAINT_NAMES: Record<string, string> = {
  P: 'PROPRIETARY_MODULE', F: 'FORCED_MODULE', S: 'CPU_OUT_OF_SPEC', R: 'FORCED_RMMOD', M: 'MACHINE_CHECK',
  B: 'BAD_PAGE', U: 'USER', D: 'DIE', A: 'OVERRIDDEN_ACPI_TABLE', W: 'WARN', C: 'CRAP', I: 'FIRMWARE_WORKAROUND',
  O: 'OOT_MODULE', E: 'UNSIGNED_MODULE', L: 'SOFTLOCKUP', K: 'LIVEPATCH', X: 'AUX', T: 'RANDSTRUCT', N: 'TEST', J: 'FWCTL',
};

/** `GWOEL` → `WARN|OOT_MODULE|UNSIGNED_MODULE|SOFTLOCKUP` (G only says "no proprietary module"). */
export function decodeTaint(flags: string): string {
  return [...flags]
    .filter((c) => c !== 'G' && c !== ' ')
    .map((c) => TAINT_NAMES[c] ?? c)
    .join('|');
}

const ARCH_SUFFIX: [RegExp, Arch][] = [
  [/(?:aarch64|arm64)$/, 'arm64'],
  [/x86_64$/, 'x86_64'],
  [/ppc64(?:le)?$/, 'powerpc'],
  [/s390x$/, 's390'],
  [/i[3-6]86$/, 'i386'],
  [/riscv64$/, 'riscv64'],
];

export function archOfRelease(release: string): Arch | undefined {
  return ARCH_SUFFIX.find(([p]) => p.test(release))?.[1];
}

const HARDWARE = /^Hardware name: (.+?)\s*$/;
const LINUX_VERSION = /^Linux version (\S+)/;

export function hostFactsOf(line: LogLine, cpu: CpuLine | undefined): HostFact[] {
  const source = { input: line.input, line: line.line };
  const fact = (field: HostFact['field'], value: string): HostFact => ({ field, value, source, text: line.text, ...(line.host ? { host: line.host } : {}) });
  const out: HostFact[] = [];
  if (line.host) out.push(fact('hostname', line.host));
  if (cpu) {
    if (cpu.release) {
      out.push(fact('kernelRelease', cpu.release));
      const arch = archOfRelease(cpu.release);
      if (arch) out.push(fact('arch', arch));
    }
    if (cpu.taint) out.push(fact('taint', cpu.taint));
    if (cpu.kdumpLoaded) out.push(fact('kdumpLoaded', 'true'));
    return out;
  }
  const hw = HARDWARE.exec(line.message.trim());
  if (hw) return [...out, fact('hardware', hw[1]!)];
  const version = LINUX_VERSION.exec(line.message.trim());
  if (version) {
    out.push(fact('kernelRelease', version[1]!));
    const arch = archOfRelease(version[1]!);
    if (arch) out.push(fact('arch', arch));
    return out;
  }
  return [];
}

export const isLinuxVersion = (message: string): boolean => LINUX_VERSION.test(message.trim());
export const isHardwareName = (message: string): boolean => HARDWARE.test(message.trim());
