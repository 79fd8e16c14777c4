// Who waits on whom: csd-lock waits and other cross-CPU waits (issue 5 widens this).
import type { AnalysisContext } from '../context.js';
import type { Finding } from '../../report/types.js';

export function findWaits(ctx: AnalysisContext): Finding[] {
  void ctx;
  return [];
}
