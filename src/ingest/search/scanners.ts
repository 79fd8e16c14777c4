// Who scans the blocks of the windowed path: the main thread itself (small inputs, tests, a
// bundle without the worker file), or worker threads while the main thread feeds the parsers
// the windows already found. The scan is the same function either way (scan-block.ts).
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { scanBlock, type BlockScan } from './scan-block.js';

export interface Scanned {
  /** The block, handed back (a worker moved it there and back). */
  bytes: Uint8Array;
  scan: BlockScan;
}

export interface BlockScanner {
  scan(bytes: Uint8Array): Promise<Scanned>;
  close(): Promise<void>;
}

export function inlineScanner(maxLineChars: number): BlockScanner {
  return {
    scan: (bytes) => Promise.resolve({ bytes, scan: scanBlock(bytes, maxLineChars) }),
    close: () => Promise.resolve(),
  };
}

/** Blocks waiting on each worker beyond which this thread scans the next block itself. */
const BACKLOG = 2;

/** Where the compiled worker sits next to this module: lib/src, or the CLI's bundle in lib/cli (absent from TypeScript and the Action's bundle). */
const WORKER_FILE = new URL('./scan-worker.js', import.meta.url);

/**
 * Worker threads scanning blocks in turn, or undefined when there is no worker file or one core.
 * A block's memory is moved to its worker and back, not copied (shared memory was tried: copying
 * into it goes element by element, dearer than the scan). Workers that cannot start leave the
 * scanning to this thread; a worker that dies later takes its blocks with it: their scans fail,
 * and the input says reading stopped there.
 */
export function workerScanner(maxLineChars: number): BlockScanner | undefined {
  // This thread is busy too (it parses the windows, loads the x86 decoder): one core is left to it.
  // Measured on 2 cores (docs/benchmarks.md): one scanning thread is as fast as two, with less CPU.
  const threads = Math.min(4, availableParallelism() - 1);
  if (threads < 1 || WORKER_FILE.protocol !== 'file:' || !existsSync(fileURLToPath(WORKER_FILE))) return undefined;
  const pending = new Map<number, { resolve: (scanned: Scanned) => void; reject: (error: Error) => void; worker: Worker }>();
  let next = 0;
  let closing = false;
  const fail = (worker: Worker, why: string) => {
    for (const [id, job] of pending) {
      if (job.worker !== worker) continue;
      pending.delete(id);
      job.reject(new Error(`a scanning thread stopped (${why})`));
    }
  };
  const workers = Array.from({ length: threads }, () => {
    // No flags of this process (a bench's `--input-type`, a test runner's loaders): the worker is plain JavaScript.
    const worker = new Worker(WORKER_FILE, { workerData: { maxLineChars }, execArgv: [] });
    worker.on('message', (message: { id: number } & Scanned) => {
      const job = pending.get(message.id);
      pending.delete(message.id);
      job?.resolve({ bytes: message.bytes, scan: message.scan });
    });
    worker.on('error', (error) => fail(worker, error.message));
    worker.on('exit', (code) => fail(worker, `exit ${code}`));
    return worker;
  });
  // Blocks are moved to a worker only once every worker runs: until then (a worker takes ~0.1 s
  // to start) and if one cannot start, the blocks are scanned here instead of waited on.
  let online = false;
  void Promise.all(
    workers.map(
      (worker) =>
        new Promise<boolean>((resolve) => {
          worker.once('online', () => resolve(true));
          worker.once('error', () => resolve(false));
          worker.once('exit', () => resolve(false));
        }),
    ),
  ).then((states) => (online = states.every(Boolean)));
  const inline = inlineScanner(maxLineChars);
  return {
    async scan(bytes) {
      if (closing) throw new Error('the scanning threads are closed');
      if (!online) {
        // A turn of the event loop, so that a worker's `online` can arrive: the reading loop
        // otherwise runs on promises alone and would scan everything here.
        await new Promise((resolve) => setImmediate(resolve));
        if (!online) return inline.scan(bytes);
      }
      // Workers behind: this thread has nothing to do but wait for them, so it scans this block.
      if (pending.size >= BACKLOG * workers.length) return inline.scan(bytes);
      const id = next++;
      const worker = workers[id % workers.length]!;
      return new Promise<Scanned>((resolve, reject) => {
        pending.set(id, { resolve, reject, worker });
        worker.postMessage({ id, bytes }, [bytes.buffer as ArrayBuffer]);
      });
    },
    async close() {
      closing = true;
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
