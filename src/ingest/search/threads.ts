// The search's worker threads: how many, where their code is, and starting them early. A worker
// takes 0.1–0.2 s to start (Node's own bootstrap), as long as the first hundred MiB of a search:
// the CLI's launcher starts them for a big file before it even loads the engine
// (prestartScanningThreads), and the windowed path adopts them (takeWarmThreads). This module
// imports nothing but Node's own, so the launcher can load it in a few ms.
import { statSync, existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/** Inputs this big are scanned on worker threads when there are some (scanners.ts). */
export const WORKER_MIN_BYTES = 16 * 1024 * 1024;

/** Where the compiled worker sits next to this module: lib/src, or the CLI's bundle in lib/cli (absent from TypeScript and the Action's bundle). */
export const WORKER_FILE = new URL('./scan-worker.js', import.meta.url);

export interface ScanningThread {
  worker: Worker;
  /** Resolves true once the thread runs, false if it could not start. */
  online: Promise<boolean>;
}

/**
 * Scanning threads for this machine: one per core beyond the first, at most four. This thread is
 * busy too (it parses the windows, loads the x86 decoder); on 2 cores one scanning thread was
 * measured as fast as two, with less CPU (docs/benchmarks.md). 0 when there is no worker file.
 */
export function scanningThreadCount(): number {
  if (WORKER_FILE.protocol !== 'file:' || !existsSync(fileURLToPath(WORKER_FILE))) return 0;
  return Math.max(0, Math.min(4, availableParallelism() - 1));
}

export function startScanningThread(): ScanningThread {
  // No flags of this process (a bench's `--input-type`, a test runner's loaders): the worker is plain JavaScript.
  const worker = new Worker(WORKER_FILE, { execArgv: [] });
  const online = new Promise<boolean>((resolve) => {
    worker.once('online', () => resolve(true));
    worker.once('error', () => resolve(false));
    worker.once('exit', () => resolve(false));
  });
  return { worker, online };
}

// The launcher and the engine's bundle are separate module instances: the threads started early
// are handed over through one global slot, taken once.
const WARM = Symbol.for('ktriage.warm-scanning-threads');
type WarmSlot = { [WARM]?: ScanningThread[] };

/** Starts the scanning threads now when any of `paths` is a regular file big enough to use them. */
export function prestartScanningThreads(paths: readonly string[]): void {
  const big = paths.some((path) => {
    try {
      const stat = statSync(path);
      return stat.isFile() && stat.size >= WORKER_MIN_BYTES;
    } catch {
      return false;
    }
  });
  const count = big ? scanningThreadCount() : 0;
  if (count === 0) return;
  const threads = Array.from({ length: count }, startScanningThread);
  // Unused (the big file was an archive of small logs, say), they must not keep the process alive.
  for (const { worker } of threads) worker.unref();
  (globalThis as WarmSlot)[WARM] = threads;
}

/** The threads started early, if any are left: each is taken once. */
export function takeWarmThreads(): ScanningThread[] {
  const slot = globalThis as WarmSlot;
  const threads = slot[WARM] ?? [];
  delete slot[WARM];
  return threads;
}
