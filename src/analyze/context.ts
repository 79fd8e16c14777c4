// What every analyzer gets: the parsed bundle, the clock alignment and the events already
// placed on the timeline.
import type { Alignment } from '../align/index.js';
import type { ParsedBundle } from '../model/records.js';
import type { Finding, HostReport, ReportEvent } from '../report/types.js';

export interface AnalysisContext {
  bundle: ParsedBundle;
  alignment: Alignment;
  host: HostReport;
  /** Every event on the timeline, ordered by time where known (kernel events without a time keep input order). */
  events: ReportEvent[];
}

export type Analyzer = (ctx: AnalysisContext) => Finding[];
