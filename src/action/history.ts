// The Action's memory (issue #15 item 4). The `history` input names a JSON Lines file of incident
// summaries in the workspace — typically kept on a branch of the repository, which the Action
// cannot write to itself. It is read line by line: the incidents related to this one are kept for
// "Seen before" and the `recurrence` output (src/fleet/seen-before.ts decides which are related,
// exactly as the bot and `ktriage fleet` do), every line is copied as it was to a new file, and
// this incident's summary is appended to it. The workflow commits or uploads that file; the input
// file is never written. Memory is bounded by the related incidents, not by the history's length.
import { createWriteStream } from 'node:fs';
import { realpath, rename, rm, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FleetIncident } from '../fleet/group.js';
import { historyLines } from '../fleet/history.js';
import { recurrence, relatedTo, sameIncident, seenBefore, type Recurrence } from '../fleet/seen-before.js';
import { code, md, type Md } from '../render/md.js';
import { renderSeenBefore, renderSeenBeforeNone, renderSeenBeforeUnavailable } from '../render/seen-before.js';
import type { IncidentSummary } from '../report/types.js';
import { displayName } from './files.js';
import { InputError } from './inputs.js';

export interface HistoryFile {
  path: string;
  /** As the report names it: relative to the workspace. */
  name: string;
}

/** Lines that could not be read are counted; the first few are named. */
const SKIPPED_NAMED = 5;

export interface Recall {
  /** `missing`: no file yet, so the history written starts with this incident. `failed`: see `why`. */
  status: 'read' | 'missing' | 'failed';
  why?: string;
  /** Earlier incidents sharing a host, part or signature with this one; ids are `name:line`. */
  related: FleetIncident[];
  /** Lines that held a summary this version reads. */
  incidents: number;
  skipped: { count: number; first: { line: number; reason: string }[] };
  /** Lines holding this very incident, analysed before: replaced by this analysis, not counted as seen before. */
  replaced: number[];
  /** The history with this incident appended, when it could be written. */
  written?: string;
}

/** Whether `path` lies under `root` (not `root` itself: a history is a file). */
function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !isAbsolute(rel) && rel.split(sep)[0] !== '..';
}

/**
 * The `history` input as a path inside the workspace, links resolved: the workflow's own checkout
 * is what it names, never a file elsewhere on the runner. A missing file is fine (the first run
 * starts the history); a folder is not.
 */
export async function historyFile(given: string, workspace: string): Promise<HistoryFile> {
  const root = await realpath(workspace);
  const path = resolve(root, given);
  const outside = new InputError(`input history must name a file inside the workspace; "${given}" is outside it`);
  if (!inside(root, path)) throw outside;
  let real: string | undefined;
  try {
    real = await realpath(path);
  } catch {
    // Missing (or unreachable): nothing is read from it, and reading it later says why.
  }
  if (real !== undefined) {
    if (!inside(root, real)) throw outside;
    if ((await stat(real)).isDirectory()) throw new InputError(`input history names a folder ("${given}"); it must name a JSON Lines file, e.g. history/incidents.jsonl`);
  }
  return { path: real ?? path, name: displayName(path, root) };
}

class ReadFailure extends Error {}

/** Reads the history, keeps what is related to `current`, and writes the history with `current` appended to `out`. */
export async function recall(history: HistoryFile, current: IncidentSummary, out: string): Promise<Recall> {
  const result: Recall = { status: 'read', related: [], incidents: 0, skipped: { count: 0, first: [] }, replaced: [] };
  try {
    await stat(history.path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return { ...result, status: 'failed', why: `${history.name} could not be read: ${(error as Error).message}` };
    result.status = 'missing';
  }
  const related = relatedTo(current);
  async function* lines(): AsyncGenerator<string> {
    if (result.status === 'read') {
      try {
        for await (const entry of historyLines(history.path)) {
          if ('summary' in entry) {
            if (sameIncident(entry.summary, current)) {
              result.replaced.push(entry.line);
              continue;
            }
            result.incidents += 1;
            const id = `${history.name}:${entry.line}`;
            if (related(entry.summary)) result.related.push({ id, source: id, summary: entry.summary });
          } else if ('reason' in entry) {
            result.skipped.count += 1;
            if (result.skipped.first.length < SKIPPED_NAMED) result.skipped.first.push({ line: entry.line, reason: entry.reason });
          }
          // Every line but this incident's own earlier one is kept as it was, unreadable ones too: they may be a newer version's.
          yield `${entry.text}\n`;
        }
      } catch (error) {
        throw new ReadFailure(`${history.name} could not be read: ${(error as Error).message}`);
      }
    }
    yield `${JSON.stringify(current)}\n`;
  }
  // Written beside the target and renamed into place, so a failure never leaves half a history behind.
  const temporary = `${out}.${process.pid}.tmp`;
  try {
    await pipeline(lines, createWriteStream(temporary));
    await rename(temporary, out);
    result.written = out;
  } catch (error) {
    await rm(temporary, { force: true });
    const why = error instanceof ReadFailure ? error.message : `the history could not be written to ${out}: ${(error as Error).message}`;
    return { ...result, status: 'failed', why, related: [] };
  }
  return result;
}

/** "Seen before" for the report, and the `recurrence` output (none when the history could not be read: then it is not known). */
export function seenBeforeOf(result: Recall, current: IncidentSummary, history: HistoryFile): { section: Md; recurrence?: Recurrence } {
  if (result.status === 'failed') return { section: renderSeenBeforeUnavailable(result.why ?? `${history.name} could not be read`) };
  if (result.status === 'missing') {
    return { section: renderSeenBeforeUnavailable(`${history.name} does not exist yet (the history written for this run starts with this incident)`), recurrence: 'none' };
  }
  const self: FleetIncident = { id: '', source: '', summary: current };
  const seen = seenBefore(self, result.related);
  const section = renderSeenBefore(seen, self, (incident) => code(incident.source));
  const where = md`${code(history.name)} (${result.incidents} earlier incident${result.incidents === 1 ? md`` : md`s`})`;
  return { section: section ?? renderSeenBeforeNone(where), recurrence: recurrence(seen) };
}
