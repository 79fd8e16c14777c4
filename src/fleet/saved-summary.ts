// An incident summary read back from something saved — a report (`analyze --format json`), a
// line of a JSON Lines history, a bare summary. Saved files are edited, truncated, written by
// other versions: the shape is checked key by key (docs/report-schema.md, "summary") so grouping
// never meets a host that is not a string or parts that are not a list, and only the summary's
// own keys are copied, so nothing else of a parsed report (its events, evidence, extra keys) is
// kept alive while thousands of incidents are read.
import { SUMMARY_VERSION, type IncidentSummary, type SummaryPart } from '../report/types.js';

const PART_TYPES: ReadonlySet<string> = new Set<SummaryPart['type']>(['dimm', 'sensor', 'mce-bank', 'pcie']);

type Read = { summary: IncidentSummary } | { reason: string };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The summary a saved report or history line holds, or why it holds none this version can read. */
export function savedSummary(value: unknown): Read {
  if (!isRecord(value)) return { reason: 'not a ktriage report or summary' };
  // A report carries `summary`; a history line may be the summary itself.
  const record = 'summaryVersion' in value ? value : value['summary'];
  if (!isRecord(record)) return { reason: 'schemaVersion' in value ? 'a ktriage report without a summary (written by a version before 0.1)' : 'not a ktriage report or summary' };
  if (record['summaryVersion'] !== SUMMARY_VERSION) return { reason: `summary version ${JSON.stringify(record['summaryVersion'])}, this ktriage reads ${SUMMARY_VERSION}` };
  const wrong: string[] = [];
  const text = (key: string): string | null => {
    const v = record[key];
    if (v === null || v === undefined) return null;
    if (typeof v === 'string') return v;
    wrong.push(key);
    return null;
  };
  const int = (key: string): number | null => {
    const v = record[key];
    if (v === null || v === undefined) return null;
    if (Number.isInteger(v)) return v as number;
    wrong.push(key);
    return null;
  };
  const parts: SummaryPart[] = [];
  if (!Array.isArray(record['parts'])) wrong.push('parts');
  else {
    for (const part of record['parts'] as unknown[]) {
      if (isRecord(part) && PART_TYPES.has(part['type'] as string) && typeof part['key'] === 'string' && typeof part['label'] === 'string') {
        parts.push({ type: part['type'] as SummaryPart['type'], key: part['key'], label: part['label'] });
      } else {
        wrong.push('parts');
        break;
      }
    }
  }
  const summary: IncidentSummary = {
    summaryVersion: SUMMARY_VERSION,
    hostname: text('hostname'),
    kernelRelease: text('kernelRelease'),
    arch: text('arch') as IncidentSummary['arch'],
    incidentUtc: text('incidentUtc'),
    rootCause: (text('rootCause') ?? 'unknown') as IncidentSummary['rootCause'],
    confidence: (text('confidence') ?? 'low') as IncidentSummary['confidence'],
    stuckCpu: int('stuckCpu'),
    waitedOnCpu: int('waitedOnCpu'),
    signature: text('signature'),
    parts,
  };
  return wrong.length > 0 ? { reason: `a summary whose ${wrong.join(', ')} ${wrong.length > 1 ? 'are' : 'is'} not of the documented type` } : { summary };
}
