// csd-lock waits: for each CPU spinning in csd_lock_wait(), which CPU it waits for and the csd
// flags, by the strongest method available — csd debug message, disassembly listing, x86 Code:
// bytes, knowledge base — and, when none is conclusive, a labelled heuristic that never fills
// `targetCpu`.
import type { Listing } from '../../model/records.js';
import type { Confidence, CsdLockWaitFinding, EvidenceItem, FindingMethod, ReportEvent } from '../../report/types.js';
import type { AnalysisContext } from '../context.js';
import { deriveCsdRegisters, instructionText, type CsdDerivation } from './csd-dataflow.js';
import { Flow } from './dataflow.js';
import { flagNames, layoutFor, layoutForFlagsOffset, type CsdLayout } from './flags.js';
import { arm64 } from './isa/arm64.js';
import type { Isa } from './isa/types.js';
import { x86_64 } from './isa/x86.js';
import { callerOf } from './callers.js';
import { lookupKnowledge } from './knowledge-base.js';
import { CSD_WAIT_FUNCTIONS, MANY_FUNCTIONS, baseFunc, frameFunc, parsePc, type PcRef } from './pc.js';
import { MAX_CPUS, hex, low32, low32Signed, registerEvidence, registerValue } from './registers.js';

interface Answer {
  method: FindingMethod;
  confidence: Confidence;
  targetCpu: number | null;
  csdFlags: number | null;
  evidence: EvidenceItem[];
  derivation: string[];
  notes: string[];
  callback?: string;
  /** The flag layout read from the code, when the kernel release did not give one. */
  layout?: CsdLayout;
}

const WAITER_KINDS = new Set(['soft-lockup', 'hard-lockup', 'rcu-stall', 'nmi-backtrace', 'task-dump', 'register-dump', 'oops', 'warning', 'panic']);
const INTERRUPT_FRAMES = /^(dump_stack\w*|__dump_stack|show_regs|nmi_cpu_backtrace\w*|el1_irq|el1_interrupt|gic_handle_irq|__handle_domain_irq|handle_domain_irq|generic_handle_\w+|handle_percpu_devid_irq|arch_timer_handler_\w+|hrtimer_interrupt|__hrtimer_run_queues|tick_sched_\w+|update_process_times|rcu_\w+|print_cpu_stall|dump_\w+|show_stack|sched_show_task|watchdog_timer_fn|asm_\w+|sysvec_\w+|__sysvec_\w+|irq_exit\w*|call_on_stack|nmi_\w+|default_do_nmi|exc_nmi|end_repeat_nmi|perf_\w+|x86_pmu_\w+|__perf_\w+|intel_pmu_\w+|handle_irq|do_IRQ|apic_timer_interrupt|smp_apic_timer_interrupt|ret_from_intr|common_interrupt|\w*_interrupt)$/;

/** The csd-wait function an event is spinning in: its pc, or its first frame outside interrupt handling. */
export function csdWaitFunction(event: ReportEvent): { func: string; pc?: PcRef } | undefined {
  const pc = parsePc(event.pc);
  if (pc && CSD_WAIT_FUNCTIONS.has(pc.func)) return { func: pc.func, pc };
  if (pc) return undefined;
  for (const frame of event.frames ?? []) {
    const func = baseFunc(frame.func || frameFunc(frame.raw));
    if (INTERRUPT_FRAMES.test(func)) continue;
    if (CSD_WAIT_FUNCTIONS.has(func)) return { func };
    if (frame.reliable) return undefined;
  }
  return undefined;
}

function isaFor(arch: string | undefined): Isa | undefined {
  if (arch === 'arm64') return arm64;
  if (arch === 'x86_64') return x86_64;
  return undefined;
}

function guessArch(event: ReportEvent, hostArch: string | undefined): string | undefined {
  if (hostArch && hostArch !== 'unknown') return hostArch;
  const regs = Object.keys(event.registers ?? {});
  if (regs.includes('x0') || regs.includes('x29')) return 'arm64';
  if (regs.includes('rax') || regs.includes('rip')) return 'x86_64';
  return undefined;
}

function pcEvidence(event: ReportEvent): EvidenceItem {
  const at = registerEvidence(event, 'pc', 'pc of the waiting CPU');
  return { ...at, text: `${event.title ?? event.kind}${event.cpu !== undefined ? ` on CPU ${event.cpu}` : ''}: pc ${event.pc ?? '?'}` };
}

/** Checks that a listing is of the build that produced the pc line. */
export function checkListing(listing: Listing, pc: PcRef, arch: string | undefined): string | undefined {
  if (listing.func !== pc.func) return `listing is of ${listing.func}, pc is in ${pc.func}`;
  if (arch && listing.arch !== 'unknown' && listing.arch !== arch) return `listing is ${listing.arch} code, the dump is ${arch}`;
  if (listing.length !== undefined && listing.length !== pc.length) {
    return `function length 0x${listing.length.toString(16)} in the listing differs from 0x${pc.length.toString(16)} in the pc line: the listing is from another build`;
  }
  const beyond = listing.instructions.find((insn) => insn.offset >= pc.length);
  if (beyond) return `the listing has an instruction at +0x${beyond.offset.toString(16)}, beyond the function length 0x${pc.length.toString(16)} of the pc line: another build`;
  const at = listing.instructions.findIndex((insn) => insn.offset === pc.offset);
  if (at < 0) {
    const before = [...listing.instructions].reverse().find((insn) => insn.offset < pc.offset);
    const after = listing.instructions.find((insn) => insn.offset > pc.offset);
    if (before && after && !after.gapBefore) return `pc +0x${pc.offset.toString(16)} falls inside an instruction of the listing (between +0x${before.offset.toString(16)} and +0x${after.offset.toString(16)}): another build`;
    return `the listing does not show the instruction at pc +0x${pc.offset.toString(16)}`;
  }
  return undefined;
}

interface DerivedValues {
  cpu?: { reg: string; value: number; all: { reg: string; value: number }[] };
  flags?: { reg: string; value: number };
  pointer?: { reg: string; csd: bigint };
}

function readValues(event: ReportEvent, isa: Isa, d: CsdDerivation): DerivedValues {
  const out: DerivedValues = {};
  const cpus = d.cpuRegs
    .map((reg) => ({ reg, raw: registerValue(event, isa.dumpName(reg)) }))
    .filter((c): c is { reg: string; raw: bigint } => c.raw !== undefined)
    .map((c) => ({ reg: c.reg, value: low32Signed(c.raw) }));
  if (cpus.length) out.cpu = { reg: cpus[0]!.reg, value: cpus[0]!.value, all: cpus };
  for (const reg of d.flagsRegs) {
    const raw = registerValue(event, isa.dumpName(reg));
    if (raw !== undefined) {
      out.flags = { reg, value: low32(raw) };
      break;
    }
  }
  for (const p of d.pointerRegs) {
    const raw = registerValue(event, isa.dumpName(p.reg));
    if (raw !== undefined) {
      out.pointer = { reg: p.reg, csd: raw - BigInt(p.minus) };
      break;
    }
  }
  return out;
}

/** Method `disassembly` (a listing) or `code-bytes` (decoded x86 Code: bytes). */
function fromListing(event: ReportEvent, waitingCpu: number, pc: PcRef, listing: Listing, isa: Isa, releaseLayout: CsdLayout | undefined, method: FindingMethod): Answer | string {
  const flow = new Flow(listing, isa);
  const pcIndex = flow.indexOf(pc.offset);
  if (pcIndex === undefined) return `the ${method === 'code-bytes' ? 'decoded Code: bytes do' : 'listing does'} not contain pc +0x${pc.offset.toString(16)}`;
  const d = deriveCsdRegisters(flow, pcIndex);
  if (!d.ok) return d.reason;
  const values = readValues(event, isa, d);
  const notes = [...(listing.notes ?? []), ...d.notes];
  const codeLayout = releaseLayout ? undefined : layoutForFlagsOffset(d.flagsOffset);
  if (codeLayout) notes.push(`flag layout ${codeLayout.name} read from the code: the loop tests csd+0x${d.flagsOffset.toString(16)} (the kernel release is not known)`);
  const layout = releaseLayout ?? codeLayout;
  const derivation = d.steps
    .sort((a, b) => flow.insn(a.at).offset - flow.insn(b.at).offset)
    .map((s) => `${instructionText(flow.insn(s.at))}   ; ${s.note}`);
  const evidence: EvidenceItem[] = [pcEvidence(event)];
  let confidence: Confidence = 'high';
  let targetCpu: number | null = null;
  let csdFlags: number | null = null;

  if (values.cpu) {
    const distinct = new Set(values.cpu.all.map((c) => c.value));
    if (distinct.size > 1) {
      notes.push(`registers that should all hold the CPU disagree (${values.cpu.all.map((c) => `${c.reg}=${c.value}`).join(', ')})`);
    } else if (values.cpu.value < 0 || values.cpu.value >= MAX_CPUS) {
      notes.push(`${values.cpu.reg} = ${values.cpu.value} is not a CPU number`);
    } else if (values.cpu.value === waitingCpu) {
      notes.push(`${values.cpu.reg} = ${values.cpu.value} is the waiting CPU itself`);
    } else {
      targetCpu = values.cpu.value;
    }
    for (const c of values.cpu.all) evidence.push(registerEvidence(event, isa.dumpName(c.reg), `holds the CPU being waited for (${c.value})`));
  } else if (d.cpuRegs.length) {
    notes.push(`the dump lacks ${d.cpuRegs.join('/')}, which hold the CPU`);
  }
  if (values.flags) {
    csdFlags = values.flags.value;
    evidence.push(registerEvidence(event, isa.dumpName(values.flags.reg), `holds csd->flags (${hex(csdFlags)})`));
    if ((csdFlags & 1) === 0) {
      notes.push(`flags ${hex(csdFlags)} do not have CSD_FLAG_LOCK set: the csd was released, so this may not be the wait`);
      confidence = 'medium';
    } else if (layout && !layout.plausible(csdFlags)) {
      notes.push(`flags ${hex(csdFlags)} are not a value a waiter sees with the ${layout.name} layout`);
      confidence = 'medium';
    }
  }
  if (layout && d.flagsOffset !== layout.flagsOffset) {
    notes.push(`the loop reads flags at csd+0x${d.flagsOffset.toString(16)}, but the ${layout.name} layout has them at +0x${layout.flagsOffset.toString(16)}`);
    confidence = 'medium';
  }
  if (values.pointer) {
    evidence.push(registerEvidence(event, isa.dumpName(values.pointer.reg), `&csd->flags; csd = ${hex(values.pointer.csd)}`));
    if (values.pointer.csd % 32n !== 0n) {
      notes.push(`csd pointer ${hex(values.pointer.csd)} is not 32-byte aligned`);
      confidence = 'medium';
    }
  }
  // A listing names its callees: a CPU that is not a cpumask_next-family result is a surprise.
  if (!d.cpuFromCpumask && method === 'disassembly') confidence = confidence === 'high' ? 'medium' : confidence;
  if (method === 'code-bytes') {
    notes.push('decoded from the Code: bytes: only a window of the function is seen, branches into it from outside are unknown');
    if (d.cpuOrigin.includes('not in the listing')) confidence = confidence === 'high' ? 'medium' : confidence;
  }
  if (listing.complete !== true && method === 'disassembly') notes.push('partial listing: assumes no branch from the omitted code into the listed instructions');
  evidence.push(...listingEvidence(flow, d));
  if (targetCpu === null) confidence = 'low';
  const answer: Answer = { method, confidence, targetCpu, csdFlags, evidence, derivation, notes };
  if (codeLayout) answer.layout = codeLayout;
  return answer;
}

function listingEvidence(flow: Flow, d: CsdDerivation): EvidenceItem[] {
  const seen = new Set<number>();
  const items: EvidenceItem[] = [];
  for (const step of [...d.steps].sort((a, b) => a.at - b.at)) {
    if (seen.has(step.at)) continue;
    seen.add(step.at);
    const insn = flow.insn(step.at);
    items.push({ ...insn.source, text: insn.text ? `<${flow.listing.func}+0x${insn.offset.toString(16)}> ${insn.text}` : instructionText(insn), note: step.note });
  }
  return items;
}

function fromKnowledge(event: ReportEvent, waitingCpu: number, pc: PcRef, release: string | undefined, layout: CsdLayout | undefined): Answer | undefined {
  const entry = lookupKnowledge(release, pc.func, pc.offset, pc.length);
  if (!entry) return undefined;
  const cpuRaw = registerValue(event, entry.cpuReg);
  const flagsRaw = registerValue(event, entry.flagsReg);
  if (cpuRaw === undefined) return undefined;
  const cpu = low32Signed(cpuRaw);
  const flags = flagsRaw !== undefined ? low32(flagsRaw) : null;
  const notes = [`register roles from the knowledge base: ${entry.source}`];
  const valid = cpu >= 0 && cpu < MAX_CPUS && cpu !== waitingCpu && (flags === null || (flags & 1) === 1) && (!layout || flags === null || layout.plausible(flags));
  if (!valid) notes.push(`values do not pass the sanity checks (cpu ${cpu}, flags ${flags === null ? '?' : hex(flags)})`);
  return {
    method: 'knowledge-base',
    confidence: valid ? 'medium' : 'low',
    targetCpu: valid ? cpu : null,
    csdFlags: flags,
    evidence: [
      pcEvidence(event),
      registerEvidence(event, entry.cpuReg, `holds the CPU (knowledge base, ${entry.release})`),
      ...(flagsRaw !== undefined ? [registerEvidence(event, entry.flagsReg, 'holds csd->flags (knowledge base)')] : []),
    ],
    derivation: [`knowledge base: ${entry.release} ${entry.func}+0x${entry.offset.toString(16)}/0x${entry.length.toString(16)}: cpu in ${entry.cpuReg}, flags in ${entry.flagsReg}`],
    notes,
  };
}

/** Value patterns only: small integers repeated in registers, a register with a flags-like value. */
function heuristic(event: ReportEvent, waitingCpu: number, layout: CsdLayout | undefined): { targetCpu: number | null; csdFlags: number | null; note: string } | undefined {
  const regs = event.registers;
  if (!regs) return undefined;
  const small = new Map<number, string[]>();
  let flags: { reg: string; value: number } | undefined;
  for (const [reg, raw] of Object.entries(regs)) {
    if (!/^(x\d+|r[a-z0-9]+)$/.test(reg) || reg === 'rip' || reg === 'rsp') continue;
    const v = registerValue(event, reg);
    if (v === undefined) continue;
    if (v < BigInt(MAX_CPUS) && Number(v) !== waitingCpu) small.set(Number(v), [...(small.get(Number(v)) ?? []), reg]);
    const f = Number(v);
    if (!flags && v < 0x100n && (layout ? layout.plausible(f) && f !== 1 : f === 0x3 || f === 0x11)) flags = { reg, value: f };
    void raw;
  }
  const ranked = [...small.entries()].sort((a, b) => b[1].length - a[1].length || a[0] - b[0]);
  const top = ranked[0];
  if (!top && !flags) return undefined;
  const note = [
    top ? `value ${top[0]} appears in ${top[1].join(', ')}` : undefined,
    flags ? `${flags.reg} = ${hex(flags.value)} looks like csd flags` : undefined,
    'heuristic from register values only: needs disassembly',
  ]
    .filter(Boolean)
    .join('; ');
  return { targetCpu: top ? top[0] : null, csdFlags: flags?.value ?? null, note };
}

/** Method `csd-debug-message`: the kernel's own CONFIG_CSD_LOCK_WAIT_DEBUG report. */
function fromDebugMessages(messages: ReportEvent[]): Answer | undefined {
  const first = messages.find((m) => m['details'] && (m['details'] as Record<string, unknown>)['target'] !== undefined);
  if (!first) return undefined;
  const details = first['details'] as Record<string, unknown>;
  const target = typeof details['target'] === 'number' ? details['target'] : Number(details['target']);
  const notes: string[] = [];
  let targetCpu: number | null = Number.isInteger(target) && target >= 0 ? target : null;
  if (targetCpu === null) notes.push('the debug message names no target CPU (-1: irq_work or TTWU csd)');
  const targets = new Set(messages.map((m) => (m['details'] as Record<string, unknown>)['target']).filter((t) => typeof t === 'number' && t >= 0));
  if (targets.size > 1) {
    notes.push(`the debug messages name several targets (${[...targets].join(', ')})`);
    targetCpu = null;
  }
  const states = messages.map((m) => (m['details'] as Record<string, unknown>)['state']).filter((s): s is string => typeof s === 'string');
  if (states.length) notes.push(`target state: ${[...new Set(states)].join(', ')}`);
  if (messages.some((m) => (m['details'] as Record<string, unknown>)['resolved'] === true)) notes.push('the wait resolved later (got unstuck)');
  const callback = typeof details['callback'] === 'string' ? details['callback'] : undefined;
  return {
    method: 'csd-debug-message',
    confidence: targetCpu !== null ? 'high' : 'low',
    targetCpu,
    csdFlags: null,
    evidence: messages.slice(0, 6).map((m) => ({ ...m.source, text: String(m.message ?? m.raw ?? 'csd debug message'), note: 'CONFIG_CSD_LOCK_WAIT_DEBUG' })),
    derivation: [],
    notes,
    ...(callback ? { callback } : {}),
  };
}

const SINGLE_FUNCTIONS = new Set(['smp_call_function_single', 'generic_exec_single', 'smp_call_function_any']);

/**
 * An all-CPU backtrace (`Sending NMI from CPU w to CPUs L`) lists every other online CPU; when L is
 * a single CPU, the machine has no other CPU the waiter could be waiting for.
 */
function onlyOtherCpu(events: ReportEvent[], waitingCpu: number): { cpu: number; note: string } | undefined {
  for (const event of events) {
    const d = event['details'] as Record<string, unknown> | undefined;
    if (d?.['nmiFromCpu'] !== waitingCpu || typeof d['nmiToCpus'] !== 'string') continue;
    if (/^\d+$/.test(d['nmiToCpus'].trim())) {
      return { cpu: Number(d['nmiToCpus']), note: `CPU ${waitingCpu} sent its all-CPU backtrace NMI to CPU ${d['nmiToCpus']} only: if that list is every other online CPU, it is the only possible target (${event.source.input}:${event.source.line})` };
    }
  }
  return undefined;
}

const ORDER: FindingMethod[] = ['csd-debug-message', 'disassembly', 'code-bytes', 'knowledge-base'];

export function findCsdWaits(ctx: AnalysisContext): CsdLockWaitFinding[] {
  const release = ctx.host.kernelRelease;
  const releaseLayout = layoutFor(release);
  const byCpu = new Map<number, { waits: ReportEvent[]; debug: ReportEvent[] }>();
  const slot = (cpu: number) => {
    let s = byCpu.get(cpu);
    if (!s) byCpu.set(cpu, (s = { waits: [], debug: [] }));
    return s;
  };
  for (const event of ctx.events) {
    if (event.cpu === undefined) continue;
    if (event.kind === 'csd-lock-timeout') {
      const details = event['details'] as Record<string, unknown> | undefined;
      if (details?.['kind'] === 'detected' || details?.['kind'] === 'continued' || details?.['target'] !== undefined) slot(event.cpu).debug.push(event);
      else slot(event.cpu).debug.push(event);
      continue;
    }
    if (WAITER_KINDS.has(event.kind) && csdWaitFunction(event)) slot(event.cpu).waits.push(event);
  }

  const findings: CsdLockWaitFinding[] = [];
  for (const [waitingCpu, { waits, debug }] of [...byCpu.entries()].sort((a, b) => a[0] - b[0])) {
    const primary = waits.find((e) => e.registers && parsePc(e.pc)) ?? waits.find((e) => parsePc(e.pc)) ?? waits[0];
    const answers: Answer[] = [];
    const rejected: string[] = [];
    const debugAnswer = fromDebugMessages(debug);
    if (debugAnswer) answers.push(debugAnswer);
    const pc = primary ? parsePc(primary.pc) : undefined;
    const arch = primary ? guessArch(primary, ctx.host.arch) : undefined;
    const isa = isaFor(arch);
    if (primary && pc && isa) {
      const listings = ctx.bundle.listings.filter((l) => l.func === pc.func);
      for (const listing of listings) {
        const isCode = listing.format === 'code-bytes';
        if (isCode && (listing.source.input !== primary.source.input || listing.source.line < primary.source.line || listing.source.line > (primary.endLine ?? primary.source.line))) continue;
        const problem = isCode ? undefined : checkListing(listing, pc, arch);
        if (problem) {
          rejected.push(`${listing.source.input}:${listing.source.line}: ${problem}`);
          continue;
        }
        const result = fromListing(primary, waitingCpu, pc, listing, isa, releaseLayout, isCode ? 'code-bytes' : 'disassembly');
        if (typeof result === 'string') rejected.push(`${listing.source.input}:${listing.source.line}: ${result}`);
        else answers.push(result);
      }
      if (listings.length === 0 && MANY_FUNCTIONS.has(pc.func)) rejected.push(`no disassembly listing of ${pc.func} was given`);
      if (SINGLE_FUNCTIONS.has(baseFunc(pc.func)) && !answers.some((a) => a.targetCpu !== null)) {
        rejected.unshift(`${pc.func} waits on one CPU given as its argument: the spin loop does not hold it (look for a csd debug line, the caller, or an NMI backtrace)`);
      }
      const kb = fromKnowledge(primary, waitingCpu, pc, release, releaseLayout);
      if (kb) answers.push(kb);
    }
    const sorted = answers.sort((a, b) => ORDER.indexOf(a.method) - ORDER.indexOf(b.method));
    const best = sorted.find((a) => a.targetCpu !== null) ?? sorted[0];
    const layout = releaseLayout ?? best?.layout ?? sorted.find((a) => a.layout)?.layout;
    const heur = primary ? heuristic(primary, waitingCpu, layout) : undefined;
    const candidates: NonNullable<CsdLockWaitFinding['candidates']> = [];
    for (const other of sorted) {
      if (other === best) continue;
      candidates.push({ targetCpu: other.targetCpu, csdFlags: other.csdFlags, method: other.method, note: other.notes.join('; ') || 'agrees' });
    }
    if (heur && (!best || best.targetCpu === null)) candidates.push({ targetCpu: heur.targetCpu, csdFlags: heur.csdFlags, method: 'heuristic', note: heur.note });
    const only = onlyOtherCpu(ctx.events, waitingCpu);
    if (only && (!best || best.targetCpu === null)) candidates.push({ targetCpu: only.cpu, csdFlags: null, method: 'heuristic', note: only.note });

    const notes = [...(best?.notes ?? []), ...rejected.map((r) => (r.includes(' given as its argument') ? r : `rejected: ${r}`))];
    // Cross-check: two methods naming different CPUs lowers confidence and is said.
    let confidence: Confidence = best?.confidence ?? 'low';
    const disagreeing = sorted.filter((a) => a !== best && a.targetCpu !== null && best?.targetCpu !== null && a.targetCpu !== best?.targetCpu);
    if (disagreeing.length) {
      notes.push(`methods disagree: ${disagreeing.map((a) => `${a.method} says CPU ${a.targetCpu}`).join(', ')}`);
      confidence = 'low';
    }
    const targetCpu = best && confidence !== 'low' ? best.targetCpu : null;
    const csdFlags = best?.csdFlags ?? sorted.find((a) => a.csdFlags !== null)?.csdFlags ?? null;
    const method: FindingMethod = best?.method ?? 'heuristic';
    const flagText = csdFlags !== null ? `csd flags ${hex(csdFlags)}${layout ? ` = ${flagNames(csdFlags, layout).join('|')}` : ' (kernel layout unknown: raw value)'}` : 'csd flags unknown';
    const where = primary?.pc ?? (primary ? csdWaitFunction(primary)?.func : undefined) ?? 'csd_lock_wait';
    const debugText = best?.method === 'csd-debug-message' ? `; callback ${best.callback ?? '?'}${best.notes.length ? `; ${best.notes.join('; ')}` : ''}` : '';
    const summary =
      targetCpu !== null
        ? `CPU ${waitingCpu} waits in csd_lock_wait() (${where}) for CPU ${targetCpu}; ${flagText}; by ${method}${debugText}`
        : `CPU ${waitingCpu} waits in csd_lock_wait() (${where}) for an unknown CPU; ${flagText}${notes.length ? ` (${notes[0]})` : ''}`;
    const finding: CsdLockWaitFinding = {
      kind: 'csd-lock-wait',
      confidence: targetCpu === null ? 'low' : confidence,
      method,
      summary,
      evidence: best?.evidence ?? (primary ? [pcEvidence(primary)] : debug.map((m) => ({ ...m.source, text: String(m.message ?? '') }))),
      waitingCpu,
      targetCpu,
      csdFlags,
      csdFlagNames: csdFlags !== null ? flagNames(csdFlags, layout) : [],
      flagLayout: layout?.name ?? 'unknown',
      derivation: best?.derivation ?? [],
      notes,
    };
    if (best?.callback) finding.callback = best.callback;
    if (candidates.length) finding.candidates = candidates;
    if (primary) finding.waitFunction = csdWaitFunction(primary)?.func;
    const caller = waits.map((w) => callerOf(w)).find(Boolean);
    if (caller) finding.caller = { name: caller.row.name, frame: caller.frame, wait: caller.row.wait, implication: caller.row.implication };
    const task = waits.find((w) => w.comm);
    if (task) finding.task = { comm: task.comm, pid: task.pid };
    findings.push(finding);
  }
  return findings;
}
