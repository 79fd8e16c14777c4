// `ktriage fleet PATH…` (issue #15 item 2): each PATH is one incident — a saved report
// (`analyze --format json` output, `.json`), a JSON Lines file of saved reports or summaries
// (`.jsonl`, one incident per line), or raw inputs (a file, folder or archive) analysed as
// `analyze` would — grouped by host, hardware part, lockup signature and kernel release.
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { analyze } from '../engine.js';
import { groupIncidents, type FleetGroup, type FleetIncident } from '../fleet/group.js';
import type { IncidentSummary } from '../report/types.js';
import { collectSources } from './inputs.js';

export const FLEET_SCHEMA_VERSION = 1;

export interface FleetResult {
  schemaVersion: typeof FLEET_SCHEMA_VERSION;
  incidents: FleetIncident[];
  groups: FleetGroup[];
  /** Paths that gave no incident, with why: nothing is dropped silently. */
  skipped: { source: string; reason: string }[];
}

/** A saved report carries `summary`; a JSON Lines history may hold bare summaries. */
function summaryOf(value: unknown): IncidentSummary | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as { summary?: unknown; summaryVersion?: unknown };
  if (typeof record.summaryVersion === 'number') return record as unknown as IncidentSummary;
  if (typeof record.summary === 'object' && record.summary !== null) return record.summary as IncidentSummary;
  return undefined;
}

/** A JSON Lines history, streamed line by line so a long one stays in bounded memory. */
async function readHistory(path: string, incidents: FleetIncident[], skipped: FleetResult['skipped']): Promise<void> {
  let line = 0;
  for await (const text of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    line += 1;
    if (text.trim() === '') continue;
    let summary: IncidentSummary | undefined;
    try {
      summary = summaryOf(JSON.parse(text));
    } catch {
      summary = undefined;
    }
    if (summary) incidents.push({ id: `${path}:${line}`, source: `${path}:${line}`, summary });
    else skipped.push({ source: `${path}:${line}`, reason: 'not a ktriage report or summary' });
  }
}

export async function readFleet(paths: string[]): Promise<FleetResult> {
  const incidents: FleetIncident[] = [];
  const skipped: FleetResult['skipped'] = [];
  for (const path of paths) {
    if (path.endsWith('.jsonl')) {
      try {
        await readHistory(path, incidents, skipped);
      } catch (error) {
        skipped.push({ source: path, reason: `could not be read: ${(error as Error).message}` });
      }
      continue;
    }
    if (path.endsWith('.json')) {
      try {
        const summary = summaryOf(JSON.parse(await readFile(path, 'utf8')));
        if (summary) {
          incidents.push({ id: path, source: path, summary });
          continue;
        }
      } catch {
        // Not JSON after all: read it as a raw input below.
      }
    }
    const { sources, unreadable } = await collectSources([path]);
    if (sources.length === 0) {
      skipped.push({ source: path, reason: unreadable.map((bad) => bad.reason).join('; ') || 'no readable input' });
      continue;
    }
    incidents.push({ id: path, source: path, summary: (await analyze(sources)).summary });
  }
  return { schemaVersion: FLEET_SCHEMA_VERSION, incidents, groups: groupIncidents(incidents), skipped };
}
