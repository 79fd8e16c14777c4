// Host facts from every line that states them: `CPU: … Comm: …` (lib/dump_stack.c
// dump_stack_print_info: release, taint, Kdump), the hung-task taint line (kernel/hung_task.c),
// 3.x `Pid: N, comm:` (arch/x86/kernel/process.c show_regs_common), powerpc `REGS: … (release)`,
// `Hardware name:` (DMI vendor/model/BIOS or the DT model), `Linux version`, and the
// architecture of register dumps and trace frames (arch.ts).
import type { HostFact, LogLine } from '../../model/records.js';
import { archOfMessage, archOfRelease, type ArchStatement } from './arch.js';

export interface CpuLine {
  cpu: number;
  pid: number;
  comm: string;
  uid?: number;
  kdumpLoaded: boolean;
  taint?: string;
  release?: string;
  /** The line ends with its taint field: a wrapped paste carries the release on the next line. */
  releaseCut?: boolean;
}

// CPU: 65 PID: 925 Comm: kcompactd4 Kdump: loaded Tainted: G        W  OEL   --------- -  - 4.18.0-372.19.1.es8_10.aarch64 #1
// CPU: 0 UID: 0 PID: 5190 Comm: syz-executor Not tainted 6.12.0-rc1-syzkaller #0
const CPU_LINE = /^CPU: (\d+)(?: UID: (\d+))? PID: (\d+) Comm: (.{1,16}?)(?= Kdump:| Not tainted| Tainted:|$)(.*)$/;
// Pid: 29328, comm: kworker/0:0 Tainted: P           O 3.4.0-030400-generic #201205210521 Supermicro X8DTL/X8DTL (3.x x86)
// Pid: 1234, comm: java Not tainted 2.6.32-431.el6.x86_64 #1 (2.6.x)
const OLD_PID_LINE = /^Pid: (\d+), comm: (.{1,20}?) (?=Not tainted|Tainted:)(.*)$/;

/**
 * print_tainted() (kernel/panic.c) prints `Not tainted`, or `Tainted: ` and one column per taint
 * flag, a blank where the flag is unset: the letters of a tainted kernel come separated by runs of
 * spaces (`Tainted: P        W  OE`). The release (init_utsname()->release) follows after a
 * blank, RHEL/Fedora put their `--------- -  -` marker between, and it always starts with a
 * digit, so a letter is never the release. powerpc prints it in parentheses.
 */
const TAINT_FIELD = /(?:^|\s)(?:Not tainted|Tainted:((?: +[A-Z]+)+))(?= |$)/;
const RELEASE_AFTER_TAINT = /^\s+(?:-[-\s]*\s)?\(?(\d+\.\d+[\w.+~-]*)\)?(?=\s|$)/;
/** The rest of a wrapped `CPU:`/hung-task line: leftover taint columns, the release and `#version`. */
const RELEASE_CONTINUATION = /^((?:[A-Z]+ +)*)(?:-[-\s]*\s)?(\d+\.\d+[\w.+~-]*) +#\S/;

export interface TaintRelease {
  /** Taint letters without the blanks (`GWOEL`); absent for `Not tainted`. */
  taint?: string;
  release?: string;
  /** Nothing follows the taint field: the line was cut (or wrapped) right after it. */
  releaseCut: boolean;
}

export function taintAndRelease(text: string): TaintRelease | undefined {
  const m = TAINT_FIELD.exec(text);
  if (!m) return undefined;
  const after = text.slice(m.index + m[0].length);
  const release = RELEASE_AFTER_TAINT.exec(after)?.[1];
  const taint = m[1]?.replace(/\s+/g, '');
  return { taint: taint || undefined, release, releaseCut: release === undefined && after.trim() === '' };
}

export function parseCpuLine(message: string): CpuLine | undefined {
  const m = CPU_LINE.exec(message.trim());
  if (!m) return undefined;
  const rest = m[5] ?? '';
  const tr = taintAndRelease(rest);
  return {
    cpu: Number(m[1]),
    uid: m[2] !== undefined ? Number(m[2]) : undefined,
    pid: Number(m[3]),
    comm: m[4]!.trim(),
    kdumpLoaded: /Kdump: loaded/.test(rest),
    taint: tr?.taint,
    release: tr?.release,
    releaseCut: tr?.releaseCut,
  };
}

export function parseOldPidLine(message: string): { pid: number; comm: string; taint?: string; release?: string } | undefined {
  const m = OLD_PID_LINE.exec(message.trim());
  if (!m) return undefined;
  const tr = taintAndRelease(m[3]!);
  return { pid: Number(m[1]), comm: m[2]!, taint: tr?.taint, release: tr?.release };
}

/** kernel/hung_task.c: `pr_err("      %s %s %.*s\n", print_tainted(), release, version)` after the header. */
export function parseTaintLine(message: string): TaintRelease | undefined {
  const text = message.trim();
  if (!/^(?:Not tainted|Tainted: [A-Z])/.test(text)) return undefined;
  return taintAndRelease(text);
}

/** The physical line after a `CPU:`/hung-task line cut right after its taint field. */
export function parseReleaseContinuation(message: string): { taint?: string; release: string } | undefined {
  const m = RELEASE_CONTINUATION.exec(message.trim());
  if (!m) return undefined;
  const taint = m[1]!.replace(/\s+/g, '');
  return { taint: taint || undefined, release: m[2]! };
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

const HARDWARE = /^Hardware name: (.+?)\s*$/;
const LINUX_VERSION = /^Linux version (\S+)/;
const PPC_REGS_RELEASE = /^REGS: [0-9a-f]+ TRAP: [0-9a-f]{4}\s.*\((\d+\.\d+[\w.+~-]*)\)\s*$/;

/** What one line states about the host; `how` names the line shape for the evidence. */
export interface LineFacts {
  how: string;
  /** The line ends with its taint field (a wrapped paste): the release may follow on the next line. */
  releaseCut?: boolean;
  release?: string;
  taint?: string;
  kdumpLoaded?: boolean;
  hardware?: string;
  arch?: ArchStatement;
}

/** The facts a kernel message states, with the line shape that stated them. */
export function factsOfMessage(text: string, cpu?: CpuLine, withArch = true): LineFacts | undefined {
  if (cpu) return { how: 'cpu-line', release: cpu.release, taint: cpu.taint, kdumpLoaded: cpu.kdumpLoaded || undefined, releaseCut: cpu.releaseCut };
  const oldPid = parseOldPidLine(text);
  if (oldPid) return { how: 'pid-line', release: oldPid.release, taint: oldPid.taint };
  const taintLine = parseTaintLine(text);
  if (taintLine) return { how: 'hung-task-line', release: taintLine.release, taint: taintLine.taint, releaseCut: taintLine.releaseCut };
  const version = LINUX_VERSION.exec(text);
  if (version) return { how: 'linux-version', release: version[1]! };
  const hardware = HARDWARE.exec(text);
  const arch = withArch ? archOfMessage(text) : undefined;
  if (hardware) return { how: 'hardware-name', hardware: hardware[1]!, arch };
  const regs = PPC_REGS_RELEASE.exec(text);
  if (regs) return { how: 'powerpc-regs-line', release: regs[1]!, arch };
  if (arch) return { how: arch.method, arch };
  return undefined;
}

/** A line's facts as HostFacts citing it; the architecture a release names comes with it. */
export function hostFactsOf(line: LogLine, facts: LineFacts | undefined, text = line.text): HostFact[] {
  const source = { input: line.input, line: line.line };
  const fact = (field: HostFact['field'], value: string, method = facts?.how, row?: string): HostFact => ({ field, value, source, text, method, ...(row ? { row } : {}), ...(line.host ? { host: line.host } : {}) });
  const out: HostFact[] = [];
  if (line.host) out.push(fact('hostname', line.host, 'syslog-host'));
  if (!facts) return out;
  if (facts.release) {
    out.push(fact('kernelRelease', facts.release));
    const arch = archOfRelease(facts.release);
    if (arch) out.push(fact('arch', arch.arch, arch.method, arch.row));
  }
  if (facts.taint) out.push(fact('taint', facts.taint));
  if (facts.kdumpLoaded) out.push(fact('kdumpLoaded', 'true'));
  if (facts.hardware) out.push(fact('hardware', facts.hardware));
  if (facts.arch) out.push(fact('arch', facts.arch.arch, facts.arch.method, facts.arch.row));
  return out;
}

export const isLinuxVersion = (message: string): boolean => LINUX_VERSION.test(message.trim());
export const isHardwareName = (message: string): boolean => HARDWARE.test(message.trim());
