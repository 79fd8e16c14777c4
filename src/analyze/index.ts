// Analyze stage: runs every analyzer over the aligned timeline.
import type { Alignment } from '../align/index.js';
import type { ParsedBundle } from '../model/records.js';
import type { Finding, HostReport, ReportEvent } from '../report/types.js';
import type { Analyzer } from './context.js';
import { correlateHardware, findRecurrences } from './hardware.js';
import { buildTimeline } from './timeline.js';
import { findWaits } from './waits/index.js';

const ANALYZERS: Analyzer[] = [findWaits, correlateHardware, findRecurrences];

export function analyzeIncident(bundle: ParsedBundle, alignment: Alignment, host: HostReport): { events: ReportEvent[]; findings: Finding[] } {
  const events = buildTimeline(bundle, alignment);
  const ctx = { bundle, alignment, host, events };
  const findings = ANALYZERS.flatMap((analyzer) => analyzer(ctx));
  return { events, findings };
}
