// Verdict stage: one root cause, how sure, a paragraph for the ticket and what to do next.
// Rules are ordered from the strongest evidence to the weakest; the first that applies wins.
import type {
  Confidence,
  CsdLockWaitFinding,
  Finding,
  HardwareCorrelationFinding,
  HostReport,
  RecurrenceFinding,
  ReportEvent,
  RootCause,
  Verdict,
} from '../report/types.js';
import { chooseCause, chosenSentence, describeDelta, partWords, whySentence, type CauseChoice } from './cause.js';
import { describeStuck, KIND_NAMES } from './stuck.js';

function lower(a: Confidence, b: Confidence): Confidence {
  const order: Confidence[] = ['low', 'medium', 'high'];
  return order[Math.min(order.indexOf(a), order.indexOf(b))]!;
}

const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * In an aggregate of many hosts' logs, incidents on different hosts are different incidents: the
 * verdict is decided on the first incident host's events, says that others were hit too, and
 * gives each host one summary line of its own.
 */
export function decideVerdict(events: ReportEvent[], findings: Finding[], host: HostReport): Verdict {
  const hosts = host.incidentHosts;
  if (!hosts || hosts.length < 2) return decideHostVerdict(events, findings, host);
  const ofHost = (name: string) => events.filter((event) => event.host === undefined || event.host === name);
  const verdict = decideHostVerdict(ofHost(hosts[0]!), findings, host);
  const lines = hosts.map((name) => ({ host: name, summary: `${name}: ${hostLine(events.filter((event) => event.host === name))}.` }));
  return {
    ...verdict,
    summary: `Incidents on ${hosts.length} hosts (${hosts.join(', ')}); each host is summarised on its own line. ${verdict.summary}`,
    hosts: lines,
  };
}

/** One host's incidents in a line: what got stuck, else which kinds of event it logged. */
function hostLine(events: ReportEvent[]): string {
  const stuck = describeStuck(events).text;
  if (stuck) return stuck;
  const kinds = [...new Set(events.filter((event) => event.kind !== 'log-gap' && event.kind !== 'boot').map((event) => KIND_NAMES[event.kind] ?? event.kind))];
  return `logged ${kinds.join(', ')}`;
}

function decideHostVerdict(events: ReportEvent[], findings: Finding[], host: HostReport): Verdict {
  const csd = findings.filter((f): f is CsdLockWaitFinding => f.kind === 'csd-lock-wait');
  const bestCsd = csd.find((f) => f.targetCpu !== null && f.confidence !== 'low') ?? csd[0];
  const choice = chooseCause(findings.filter((f): f is HardwareCorrelationFinding => f.kind === 'hardware-correlation'));
  const recurrences = findings.filter((f): f is RecurrenceFinding => f.kind === 'hardware-recurrence');
  const stuck = describeStuck(events);
  const targetCpu = bestCsd && bestCsd.confidence !== 'low' ? bestCsd.targetCpu : null;
  const hostName = host.hostname ? `${host.hostname}: ` : '';
  // What the waited-on CPU itself showed: silence is evidence too (a CPU that takes no interrupts).
  const targetSide = findings.find((f) => f.kind === 'wait-target' && f['cpu'] === targetCpu);
  const targetText = targetSide?.['silent'] === true ? ` CPU ${targetCpu} printed nothing while CPU ${bestCsd?.waitingCpu} reported, as a CPU that takes no interrupts would.` : '';
  const waitText =
    bestCsd && targetCpu !== null
      ? `It was waiting in csd_lock_wait() for CPU ${targetCpu} to answer an IPI (csd flags ${
          // A `csd: Detected non-responsive CSD lock` line names the target but never the flags.
          typeof bestCsd.csdFlags === 'number' ? `0x${bestCsd.csdFlags.toString(16)}${bestCsd.csdFlagNames.length ? ` = ${bestCsd.csdFlagNames.join('|')}` : ''}` : 'unknown'
        }, found by ${bestCsd.method}); CPU ${targetCpu} never ran the callback.${targetText}`
      : bestCsd
        ? 'It was waiting in csd_lock_wait() for another CPU to answer an IPI; which CPU could not be determined with confidence.'
        : undefined;

  if (choice) {
    const hw = choice.chosen;
    const { rootCause, cause } = choice;
    const recurrence = recurrences.find((r) => r.sensor === hw.hardwareEvent.sensor);
    // An aggregate alone names no part: the hardware is suspect, not identified.
    const confidence = lower(lower(hw.confidence, recurrence || stuck.text ? 'high' : 'medium'), cause.consequence ? 'medium' : 'high');
    const parts = [
      chosenSentence(choice, hostName),
      whySentence(choice),
      stuck.text ? `${sentence(stuck.text)}.` : undefined,
      waitText,
      recurrence ? `The same hardware event occurred before (${recurrence.occurrences.map((o) => o.time).join(', ')}), so this is a recurring fault, not a one-off.` : undefined,
      `Most likely cause: a ${partWords(cause)} fault that left the host unresponsive.`,
    ].filter(Boolean);
    const delta = describeDelta(hw);
    return {
      rootCause,
      confidence,
      headline: `${HEADLINES[rootCause] ?? 'Hardware fault'}${delta ? ` ${delta}` : ''}${stuck.stuckCpus.length ? `; CPU ${stuck.stuckCpus.join(', ')} stuck` : ''}${targetCpu !== null ? ` waiting on CPU ${targetCpu}` : ''}`,
      summary: parts.join(' '),
      nextSteps: hardwareSteps(choice, recurrence, targetCpu),
      stuckCpus: stuck.stuckCpus,
      targetCpu,
    };
  }
  if (bestCsd) {
    return {
      rootCause: 'ipi-unanswered',
      confidence: targetCpu !== null ? bestCsd.confidence : 'low',
      headline: `CPU ${bestCsd.waitingCpu} stuck waiting for ${targetCpu !== null ? `CPU ${targetCpu}` : 'another CPU'} to answer an IPI`,
      summary: [`${hostName}${stuck.text ?? `CPU ${bestCsd.waitingCpu} is stuck`}.`, waitText, 'No hardware event lines up with it in the inputs given.'].filter(Boolean).join(' '),
      nextSteps: [
        targetCpu !== null
          ? `Find what CPU ${targetCpu} was doing: an NMI backtrace (echo l > /proc/sysrq-trigger, or kernel.softlockup_all_cpu_backtrace=1) or a vmcore (crash: bt -c ${targetCpu}).`
          : 'Get an NMI backtrace of all CPUs (kernel.softlockup_all_cpu_backtrace=1) or a vmcore to see which CPU holds the csd lock.',
        'Check the BMC SEL and GHES/EDAC/MCE lines for hardware errors around the time of the lockup; attach the SEL if it was not given.',
        'Boot with csdlock_debug=1 (kernels with CONFIG_CSD_LOCK_WAIT_DEBUG) so the next occurrence names the target CPU and callback.',
      ],
      stuckCpus: stuck.stuckCpus,
      targetCpu,
    };
  }
  if (stuck.text) {
    return {
      rootCause: 'software-lockup',
      confidence: 'medium',
      headline: sentence(stuck.text),
      summary: `${hostName}${hostName ? stuck.text : sentence(stuck.text)}. No hardware event lines up with it in the inputs given.`,
      nextSteps: [
        'Read the stuck task\'s call trace for the lock or loop it spins in; compare with known fixes for this kernel release.',
        'Attach the BMC SEL (ipmitool sel elist) and /var/log/messages from the same time to rule hardware in or out.',
      ],
      stuckCpus: stuck.stuckCpus,
      targetCpu,
    };
  }
  const crash = events.find((event) => event.kind === 'panic' || event.kind === 'oops');
  if (crash) {
    return {
      rootCause: 'software-crash',
      confidence: 'medium',
      headline: crash.title ?? `kernel ${crash.kind}`,
      summary: `${hostName}the kernel reported ${crash.title ?? `a ${crash.kind}`}.`,
      nextSteps: ['Look up the crash title against known fixes for this kernel release; collect a vmcore with kdump if the host can be reproduced.'],
      stuckCpus: stuck.stuckCpus,
      targetCpu,
    };
  }
  return {
    rootCause: 'none',
    confidence: 'low',
    headline: 'No lockup, crash or aligned hardware event found in the inputs',
    summary: `${hostName}ktriage found no lockup, stall, crash or hardware event that lines up with a failure in the inputs given.`,
    nextSteps: ['Attach the console log (or dmesg/pstore) of the frozen boot, /var/log/messages and the BMC SEL of the same day.'],
    stuckCpus: stuck.stuckCpus,
    targetCpu,
  };
}

const HEADLINES: Partial<Record<RootCause, string>> = { 'hardware-memory': 'Hardware memory fault', 'hardware-cpu': 'Processor fault' };

function hardwareSteps(choice: CauseChoice, recurrence: RecurrenceFinding | undefined, targetCpu: number | null): string[] {
  const { rootCause, chosen: hw } = choice;
  const steps: string[] = [];
  const dimm = hw.hardwareEvent.pointsTo?.dimm;
  if (rootCause === 'hardware-memory') {
    steps.push(
      dimm
        ? `The kernel names DIMM ${dimm}: check that slot first (ras-mc-ctl --errors, the BMC's record of the same moment).`
        : `Identify the DIMM: read the full SEL record${hw.hardwareEvent.recordId !== undefined ? ` (ipmitool sel get 0x${hw.hardwareEvent.recordId.toString(16)})` : ''} and the BMC web log, and check EDAC/GHES lines (rasdaemon: ras-mc-ctl --errors) for the slot.`,
      recurrence ? 'The fault recurred: replace the DIMM (or take the host out of service) rather than rebooting it back into production.' : 'Run a memory test (BMC/BIOS memory diagnostics) before returning the host to service.',
    );
  } else if (rootCause === 'hardware-cpu') {
    steps.push('Collect the MCE/GHES records (rasdaemon, mcelog) and the BMC processor sensor details; engage the hardware vendor with the SEL.');
  } else {
    steps.push('Read the full SEL record and the BMC log around that time; engage the hardware vendor with them.');
  }
  if (targetCpu !== null) steps.push(`Check whether CPU ${targetCpu}'s socket/memory channel matches the failing component (lscpu, dmidecode -t memory).`);
  steps.push('Enable kdump (and panic on hard/soft lockup if acceptable) so the next occurrence leaves a vmcore.');
  return steps;
}
