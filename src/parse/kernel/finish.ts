// Once a segment is read: each event's guilty frame, entry point and title.
import type { KernelEvent } from '../../model/records.js';
import { entryPoint, guiltyFrame } from './guilty.js';
import { titleOf } from './titles.js';

const STALL_KINDS = new Set(['soft-lockup', 'hard-lockup', 'rcu-stall', 'nmi-backtrace', 'task-dump', 'register-dump']);

export function finishEvent(event: KernelEvent): void {
  const frames = event.frames ?? [];
  const guilty = guiltyFrame(frames, event.pc, STALL_KINDS.has(event.kind));
  if (guilty) event.guiltyFrame = guilty;
  if (!event.entry) {
    const entry = entryPoint(frames);
    if (entry) event.entry = entry;
  }
  if (!event.title) {
    const title = titleOf(event);
    if (title) event.title = title;
  }
}
