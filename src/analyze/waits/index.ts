// Who waits on whom: csd-lock waits and the other cross-CPU waits of an incident.
import type { AnalysisContext } from '../context.js';
import type { Finding } from '../../report/types.js';
import { findCsdWaits } from './csd-wait.js';

export function findWaits(ctx: AnalysisContext): Finding[] {
  return [...findCsdWaits(ctx)];
}
