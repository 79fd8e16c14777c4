// Titles in syzkaller's convention (`BUG: soft lockup in F`, `INFO: rcu detected stall in F`,
// `INFO: task hung in F`, `kernel panic: X`), so a report can be searched for upstream.
import type { KernelEvent } from '../../model/records.js';

export function titleOf(event: KernelEvent): string | undefined {
  const f = event.guiltyFrame;
  const inF = (prefix: string) => (f ? `${prefix} in ${f}` : prefix);
  switch (event.kind) {
    case 'soft-lockup':
      return event.details?.spinlock ? inF('BUG: spinlock lockup suspected') : inF('BUG: soft lockup');
    case 'hard-lockup':
      return inF('hard LOCKUP');
    case 'rcu-stall':
      return inF('INFO: rcu detected stall');
    case 'hung-task':
      return event.details?.cantDie ? inF("INFO: task can't die") : inF('INFO: task hung');
    case 'workqueue-lockup':
      return 'BUG: workqueue lockup';
    case 'panic':
      return `kernel panic: ${event.message ?? ''}`.trim();
    default:
      return undefined;
  }
}
