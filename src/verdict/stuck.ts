// What got stuck, in one clause per subject: a CPU lockup speaks of its CPU and the task it
// interrupted; a hung task (khungtaskd: kernel/hung_task.c check_hung_task()) speaks of the
// blocked task, which sleeps in D state on no CPU — so neither is credited to the other.
import type { ReportEvent } from '../report/types.js';

/** How each kind of stuck event reads in a sentence. */
export const KIND_NAMES: Record<string, string> = {
  'hung-task': 'a hung task',
  'soft-lockup': 'a soft lockup',
  'hard-lockup': 'a hard lockup',
  'rcu-stall': 'an RCU stall',
  'csd-lock-timeout': 'a csd-lock timeout',
  'workqueue-lockup': 'a workqueue lockup',
};

/** Reports about a CPU that stopped scheduling (the task named is the one it was running). */
const CPU_KINDS = new Set(Object.keys(KIND_NAMES).filter((kind) => kind !== 'hung-task'));
/** How many blocked tasks are named before "and N more". */
const MAX_TASKS_NAMED = 3;

const cpusOf = (event: ReportEvent): number[] => event.cpus ?? (event.cpu !== undefined ? [event.cpu] : []);

function cpuText(cpus: number[]): string {
  return cpus.length === 1 ? `CPU ${cpus[0]}` : cpus.length > 1 ? `CPUs ${cpus.join(', ')}` : 'a CPU';
}

function taskText(event: ReportEvent): string {
  if (!event.comm) return event.pid !== undefined ? `pid ${event.pid}` : '';
  return `${event.comm}${event.pid !== undefined ? `, pid ${event.pid}` : ''}`;
}

const kindsOf = (events: ReportEvent[]) => [...new Set(events.map((event) => KIND_NAMES[event.kind] ?? event.kind))].join(' and ');

/** The CPU reports: the one with a pc names the CPU and task, others on it join; the rest speak for their own CPUs. */
function cpuClauses(lockups: ReportEvent[]): string[] {
  const main = lockups.find((event) => event.kind === 'soft-lockup' && event.pc) ?? lockups.find((event) => event.pc) ?? lockups[0];
  if (!main) return [];
  const mainCpus = cpusOf(main);
  const sameSubject = (event: ReportEvent) =>
    event === main || (cpusOf(event).some((cpu) => mainCpus.includes(cpu)) && (!event.comm || !main.comm || event.comm === main.comm)) || (mainCpus.length === 0 && cpusOf(event).length === 0);
  const same = lockups.filter(sameSubject);
  const task = taskText(main);
  const where = main.pc ? ` spinning at ${main.pc}` : main.guiltyFrame ? ` in ${main.guiltyFrame}` : '';
  const stuck = same.reduce((max, event) => Math.max(max, event.stuckSeconds ?? 0), 0);
  const clauses = [`${cpuText(mainCpus)}${task ? ` (${task})` : ''} hit ${kindsOf(same)}${where}${stuck ? ` (stuck for ${stuck} s)` : ''}`];
  const rest = lockups.filter((event) => !same.includes(event));
  for (const kind of new Set(rest.map((event) => event.kind))) {
    const ofKind = rest.filter((event) => event.kind === kind);
    const cpus = [...new Set(ofKind.flatMap(cpusOf))].sort((a, b) => a - b);
    const tasks = [...new Set(ofKind.map(taskText).filter(Boolean))];
    clauses.push(`${cpuText(cpus)}${tasks.length === 1 ? ` (${tasks[0]})` : ''} hit ${KIND_NAMES[kind] ?? kind}`);
  }
  return clauses;
}

function hungClause(hung: ReportEvent[]): string | undefined {
  if (hung.length === 0) return undefined;
  const tasks = [...new Map(hung.map((event) => [`${event.comm ?? '?'}:${event.pid ?? '?'}`, event])).values()];
  const named = tasks.slice(0, MAX_TASKS_NAMED).map((event) => `${event.comm ?? 'a task'}${event.pid !== undefined ? ` (pid ${event.pid})` : ''}`);
  const more = tasks.length > MAX_TASKS_NAMED ? ` and ${tasks.length - MAX_TASKS_NAMED} more` : '';
  const blocked = hung.reduce((max, event) => Math.max(max, event.blockedSeconds ?? 0), 0);
  const one = tasks.length === 1;
  return `${one ? 'task' : 'tasks'} ${named.join(', ')}${more} ${one ? 'was' : 'were'} blocked${blocked ? ` for more than ${blocked} s` : ''} (${one ? 'a hung task' : 'hung tasks'})`;
}

export function describeStuck(events: ReportEvent[]): { stuckCpus: number[]; text: string | undefined } {
  const lockups = events.filter((event) => CPU_KINDS.has(event.kind));
  const stuckCpus = [...new Set(lockups.flatMap(cpusOf))].sort((a, b) => a - b);
  const clauses = [...cpuClauses(lockups), hungClause(events.filter((event) => event.kind === 'hung-task'))].filter((c): c is string => Boolean(c));
  return { stuckCpus, text: clauses.length ? clauses.join('; ') : undefined };
}
