// Paths on the command line → input sources: files, folders (walked once each, sorted; see
// walk.ts), pipes and `-` for standard input.
import { createReadStream } from 'node:fs';
import type { InputSource } from '../ingest/source.js';
import type { InputReport } from '../report/types.js';
import { walk, type WalkedFile, type WalkOptions, type WalkSkip } from './walk.js';

export type { WalkSkip as Unreadable } from './walk.js';

async function* streamFile(path: string): AsyncGenerator<Uint8Array> {
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) yield chunk as Uint8Array;
}

async function* streamStdin(): AsyncGenerator<Uint8Array> {
  for await (const chunk of process.stdin) yield chunk as Uint8Array;
}

export function sourcesOf(files: readonly WalkedFile[]): InputSource[] {
  return files.map(({ path, size, modifiedMillis }) => ({
    name: path,
    ...(size !== undefined ? { size } : {}),
    ...(modifiedMillis !== undefined ? { modifiedMillis } : {}),
    open: () => streamFile(path),
    file: path,
  }));
}

/** Sources for the given paths, and every path left out with the reason. */
export async function collectSources(paths: string[], options: WalkOptions = {}): Promise<{ sources: InputSource[]; unreadable: WalkSkip[] }> {
  const walked = await walk(
    paths.filter((path) => path !== '-'),
    options,
  );
  const sources = sourcesOf(walked.files);
  // `-` keeps its place among the paths, so the report lists inputs in the order given.
  const stdinAt = paths.indexOf('-');
  if (stdinAt !== -1) {
    const before = paths.slice(0, stdinAt).filter((path) => path !== '-').length;
    const at = walked.files.findIndex((file) => file.root >= before);
    sources.splice(at === -1 ? sources.length : at, 0, { name: '-', open: streamStdin });
  }
  return { sources, unreadable: walked.skipped };
}

/** What a person reads about an input that was not read: the error, or why it was left out. */
export function skipReason(skip: WalkSkip): string {
  return skip.unreadable ? `could not be read: ${skip.reason}` : skip.reason;
}

/** The report's line for an input that never reached the engine. */
export function skippedInput(skip: WalkSkip): InputReport {
  return { name: skip.path, kinds: ['unknown'], bytes: 0, lines: 0, unparsedLines: 0, warnings: [], skipped: skipReason(skip) };
}
