// Gating and annotations: what in a report fails the step, and which lines deserve a marker in
// the run's file view.
import type { Confidence, Report } from '../report/types.js';
import type { FailOn } from './inputs.js';

/** Why the step must fail under `fail_on`, or undefined when it passes. */
export function gateFailure(failOn: FailOn, report: Report): string | undefined {
  const { rootCause, confidence, headline } = report.verdict;
  const hit = failOn === 'finding' ? rootCause !== 'none' : failOn === 'hardware' ? rootCause.startsWith('hardware-') : false;
  return hit ? `fail_on: ${failOn} — root cause ${rootCause} (confidence ${confidence}): ${headline}` : undefined;
}

export interface Annotation {
  level: 'warning' | 'notice';
  title: string;
  message: string;
  file: string;
  startLine: number;
}

/** GitHub shows at most 10 annotations of each level per step; more are dropped silently. */
export const ANNOTATIONS_PER_LEVEL = 10;

const LEVEL: Record<Confidence, Annotation['level']> = { high: 'warning', medium: 'warning', low: 'notice' };

/** One annotation per finding, on the first line of its evidence. */
export function findingAnnotations(report: Report): Annotation[] {
  const out: Annotation[] = [];
  const perLevel = { warning: 0, notice: 0 };
  for (const finding of report.findings) {
    const at = finding.evidence[0];
    if (!at) continue;
    const level = LEVEL[finding.confidence];
    if (perLevel[level]++ >= ANNOTATIONS_PER_LEVEL) continue;
    out.push({
      level,
      title: `ktriage: ${finding.kind} (${finding.method}, ${finding.confidence})`,
      message: finding.summary,
      file: at.input,
      startLine: at.line,
    });
  }
  return out;
}
