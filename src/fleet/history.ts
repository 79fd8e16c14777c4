// A JSON Lines history of incidents, one saved report or bare summary per line (docs/report-schema.md,
// "summary"): what `ktriage fleet` reads as many incidents and the Action's `history` input
// remembers. Read line by line, so a history of any length costs one line of memory at a time;
// each line comes with its text, so a reader that rewrites the history keeps every line as it was.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { IncidentSummary } from '../report/types.js';
import { savedSummary } from './saved-summary.js';

export type HistoryLine = { line: number; text: string } & ({ summary: IncidentSummary } | { reason: string } | { blank: true });

/** Each line of the file, numbered from 1: its summary, why it holds none this version can read, or that it is blank. */
export async function* historyLines(path: string): AsyncGenerator<HistoryLine> {
  let line = 0;
  for await (const text of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    line += 1;
    if (text.trim() === '') {
      yield { line, text, blank: true };
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      yield { line, text, reason: 'not JSON' };
      continue;
    }
    yield { line, text, ...savedSummary(value) };
  }
}
