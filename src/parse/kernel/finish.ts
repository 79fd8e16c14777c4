// Once a segment is read: each event's guilty frame, entry point and title.
import type { KernelEvent } from '../../model/records.js';
import { entryPoint, guiltyFrame } from './guilty.js';
import { summariseHardwareError } from './hwerror.js';
import { reportText } from './reporttext.js';
import { fallbackTitle, operatorTitle, syzkallerTitle } from './titles.js';

const STALL_KINDS = new Set(['soft-lockup', 'hard-lockup', 'rcu-stall', 'nmi-backtrace', 'task-dump', 'register-dump']);

export function finishEvent(event: KernelEvent): void {
  summariseHardwareError(event);
  const frames = event.frames ?? [];
  const guilty = guiltyFrame(frames, event.pc, STALL_KINDS.has(event.kind));
  if (guilty) event.guiltyFrame = guilty;
  if (!event.entry) {
    const entry = entryPoint(frames);
    if (entry) event.entry = entry;
  }
  if (!event.title) {
    const lines = reportText(event);
    const syz = lines ? syzkallerTitle(lines) : undefined;
    const title = syz?.title ?? fallbackTitle(event);
    if (syz) event.details = { ...event.details, syzkallerTitle: syz.title, ...(syz.corrupted ? { titleCorrupted: true } : {}) };
    if (title) event.title = operatorTitle(title, event);
  }
}
