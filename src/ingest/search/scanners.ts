// Who scans the blocks of the windowed path: the main thread itself (small inputs, tests, a
// bundle without the worker file), or worker threads while the main thread feeds the parsers
// the windows already found. The scan is the same function either way (scan-block.ts).
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { scanBlock, type BlockScan } from './scan-block.js';

export interface BlockScanner {
  scan(bytes: Uint8Array): Promise<BlockScan>;
  close(): Promise<void>;
}

export function inlineScanner(maxLineChars: number): BlockScanner {
  return {
    scan: (bytes) => Promise.resolve(scanBlock(bytes, maxLineChars)),
    close: () => Promise.resolve(),
  };
}

/** Where the compiled worker sits next to this module (absent when running from TypeScript or a bundle). */
const WORKER_FILE = new URL('./scan-worker.js', import.meta.url);

/**
 * Worker threads scanning blocks in turn, or undefined when there is no worker file or one core.
 * A block is copied to its worker and stays here too: if a worker fails, its blocks are scanned
 * on this thread and nothing is lost.
 */
export function workerScanner(maxLineChars: number): BlockScanner | undefined {
  const threads = Math.min(4, availableParallelism());
  if (threads < 2 || WORKER_FILE.protocol !== 'file:' || !existsSync(fileURLToPath(WORKER_FILE))) return undefined;
  const pending = new Map<number, { bytes: Uint8Array; resolve: (scan: BlockScan) => void; worker: Worker }>();
  let next = 0;
  let failed = false;
  const fallBack = (worker: Worker) => {
    failed = true;
    for (const [id, job] of pending) {
      if (job.worker !== worker) continue;
      pending.delete(id);
      job.resolve(scanBlock(job.bytes, maxLineChars));
    }
  };
  const workers = Array.from({ length: threads }, () => {
    const worker = new Worker(WORKER_FILE, { workerData: { maxLineChars } });
    worker.on('message', (message: { id: number; scan: BlockScan }) => {
      const job = pending.get(message.id);
      pending.delete(message.id);
      job?.resolve(message.scan);
    });
    worker.on('error', () => fallBack(worker));
    worker.on('exit', () => fallBack(worker));
    return worker;
  });
  return {
    scan(bytes) {
      if (failed) return Promise.resolve(scanBlock(bytes, maxLineChars));
      const id = next++;
      const worker = workers[id % workers.length]!;
      return new Promise<BlockScan>((resolve) => {
        pending.set(id, { bytes, resolve, worker });
        worker.postMessage({ id, bytes });
      });
    },
    async close() {
      failed = true;
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
