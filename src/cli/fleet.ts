// `ktriage fleet PATH…` (issue #15 item 2): each PATH is one incident — a saved report
// (`analyze --format json` output, `.json`), a JSON Lines file of saved reports or summaries
// (`.jsonl`, one incident per line), or raw inputs (a file, folder or archive) analysed as
// `analyze` would —, or a folder of nothing but saved reports and histories, each read as if
// named; grouped by host, hardware part, lockup signature and kernel release.
//
// Memory stays bounded by the number of incidents, not by what was read: histories are streamed
// line by line, saved reports are parsed one at a time and only their summaries are kept (copied
// key by key, so a parsed report is garbage as soon as its summary is out), raw incidents keep
// only the summary of their analysis, and groups hold incident ids.
import { readFile, stat } from 'node:fs/promises';
import { analyze } from '../engine.js';
import { groupIncidents, type FleetGroup, type FleetIncident } from '../fleet/group.js';
import { historyLines } from '../fleet/history.js';
import { savedSummary } from '../fleet/saved-summary.js';
import { collectSources } from './inputs.js';
import { walk } from './walk.js';

export const FLEET_SCHEMA_VERSION = 1;

export interface FleetResult {
  schemaVersion: typeof FLEET_SCHEMA_VERSION;
  incidents: FleetIncident[];
  groups: FleetGroup[];
  /** Paths that gave no incident, with why: nothing is dropped silently. */
  skipped: { source: string; reason: string }[];
}

/** A JSON Lines history: one incident per readable line, the others skipped with their line number. */
async function readHistory(path: string, incidents: FleetIncident[], skipped: FleetResult['skipped']): Promise<void> {
  for await (const entry of historyLines(path)) {
    if ('blank' in entry) continue;
    const source = `${path}:${entry.line}`;
    if ('summary' in entry) incidents.push({ id: source, source, summary: entry.summary });
    else skipped.push({ source, reason: entry.reason });
  }
}

/**
 * A saved report is small (a report keeps at most a bounded number of events); a `.json` over
 * this is a journal export (`journalctl -o json`) or another raw input, streamed by the engine
 * rather than read whole into memory here.
 */
const MAX_SAVED_REPORT_BYTES = 64 * 1024 * 1024;

/** The text of a `.json` that may be a saved report, or undefined to read it as raw input (which says why it could not be read). */
async function savedText(path: string, size: number | undefined): Promise<string | undefined> {
  try {
    if ((size ?? (await stat(path)).size) > MAX_SAVED_REPORT_BYTES) return undefined;
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** One path as named on the command line (or found in a folder of saved reports); `text` is a `.json`'s, read ahead. */
async function readPath(path: string, text: Promise<string | undefined> | undefined, incidents: FleetIncident[], skipped: FleetResult['skipped']): Promise<void> {
  if (path.endsWith('.jsonl')) {
    try {
      await readHistory(path, incidents, skipped);
    } catch (error) {
      skipped.push({ source: path, reason: `could not be read: ${(error as Error).message}` });
    }
    return;
  }
  const saved = await text;
  if (saved !== undefined) {
    let value: unknown;
    try {
      value = JSON.parse(saved);
    } catch {
      // Not JSON after all: read it as a raw input below.
    }
    if (value !== undefined) {
      const read = savedSummary(value);
      if ('summary' in read) {
        incidents.push({ id: path, source: path, summary: read.summary });
        return;
      }
      // A journal export (`journalctl -o json`) is JSON too, and raw input: only a ktriage report or summary that cannot be read is skipped.
      if (isOurs(value)) {
        skipped.push({ source: path, reason: read.reason });
        return;
      }
    }
  }
  const { sources, unreadable } = await collectSources([path]);
  if (sources.length === 0) {
    skipped.push({ source: path, reason: unreadable.map((bad) => bad.reason).join('; ') || 'no readable input' });
    return;
  }
  incidents.push({ id: path, source: path, summary: (await analyze(sources)).summary });
}

/** A ktriage report (`tool.name`) or a summary (`summaryVersion`), whatever else is wrong with it. */
function isOurs(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as { tool?: { name?: unknown }; summaryVersion?: unknown };
  return record.tool?.name === 'ktriage' || record.summaryVersion !== undefined;
}

const SAVED = /\.jsonl?$/;

interface Item {
  path: string;
  /** Known when a folder walk found it. */
  size?: number;
}

/**
 * The files of a folder that holds nothing but saved reports and histories, read one by one; any
 * other folder is one incident's raw inputs (undefined), as `analyze` reads it.
 */
async function savedFolder(path: string): Promise<Item[] | undefined> {
  try {
    if (!(await stat(path)).isDirectory()) return undefined;
  } catch {
    return undefined;
  }
  const { files, skipped } = await walk([path]);
  if (files.length === 0 || skipped.length > 0 || !files.every((file) => SAVED.test(file.path))) return undefined;
  return files.map(({ path: file, size }) => ({ path: file, ...(size !== undefined ? { size } : {}) }));
}

/**
 * Saved reports read ahead of the one being handled: each read is a few round trips to libuv's
 * thread pool, and read one at a time the process was mostly idle waiting for them (a CPU profile
 * of `npm run bench:fleet`'s folder). Reports are still handled in order, and at most this many
 * texts are held.
 */
const READ_AHEAD = 8;

export async function readFleet(paths: string[]): Promise<FleetResult> {
  const incidents: FleetIncident[] = [];
  const skipped: FleetResult['skipped'] = [];
  const items: Item[] = [];
  for (const path of paths) items.push(...((await savedFolder(path)) ?? [{ path }]));
  const ahead: (Promise<string | undefined> | undefined)[] = [];
  let next = 0;
  for (const item of items) {
    for (; next < items.length && ahead.length < READ_AHEAD; next++) {
      const { path, size } = items[next]!;
      ahead.push(path.endsWith('.json') ? savedText(path, size) : undefined);
    }
    await readPath(item.path, ahead.shift(), incidents, skipped);
  }
  return { schemaVersion: FLEET_SCHEMA_VERSION, incidents, groups: groupIncidents(incidents), skipped };
}
