// A progress bar on stderr while large inputs are read: bytes, rate and ETA. Only when
// stderr is a terminal; in pipes, CI logs and redirects the CLI stays quiet.
import { Presets, SingleBar } from 'cli-progress';
import type { IngestProgress } from '../ingest/index.js';
import { formatBytes } from '../ingest/limits.js';

export interface ProgressStream extends NodeJS.WritableStream {
  isTTY?: boolean;
}

export interface Progress {
  onProgress(progress: IngestProgress): void;
  stop(): void;
}

const KNOWN_TOTAL = '{input} |{bar}| {percentage}% {done}/{all} {rate} ETA {eta_formatted}';
const UNKNOWN_TOTAL = '{input} {done} {rate}';
const NAME_WIDTH = 32;

function shortName(name: string): string {
  return name.length <= NAME_WIDTH ? name.padEnd(NAME_WIDTH) : `…${name.slice(-(NAME_WIDTH - 1))}`;
}

/** Returns undefined (no output at all) unless `stream` is a terminal. */
export function createProgress(
  stream: ProgressStream,
  sources: readonly { name: string; size?: number }[],
  now: () => number = Date.now,
): Progress | undefined {
  if (!stream.isTTY) return undefined;
  const sizes = sources.map((source) => source.size);
  const total = sizes.every((size) => size !== undefined) ? sizes.reduce<number>((sum, size) => sum + size!, 0) : undefined;
  const bar = new SingleBar(
    { stream, format: total === undefined ? UNKNOWN_TOTAL : KNOWN_TOTAL, hideCursor: true, clearOnComplete: true, fps: 5, etaBuffer: 50 },
    Presets.shades_classic,
  );
  const started = now();
  let finished = 0;
  let current: { input: string; bytes: number } | undefined;
  const payload = (done: number, input: string) => {
    const seconds = Math.max(0.001, (now() - started) / 1000);
    return { input: shortName(input), done: formatBytes(done), all: formatBytes(total ?? 0), rate: `${formatBytes(done / seconds)}/s` };
  };
  bar.start(total ?? 0, 0, payload(0, sources[0]?.name ?? ''));
  return {
    onProgress({ input, bytesRead }) {
      // Inputs are read one after the other: a new name means the previous one is done.
      if (current && current.input !== input) finished += current.bytes;
      current = { input, bytes: bytesRead };
      const done = finished + bytesRead;
      bar.update(total === undefined ? 0 : Math.min(done, total), payload(done, input));
    },
    stop() {
      bar.stop();
    },
  };
}
