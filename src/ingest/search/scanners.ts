// Who scans the blocks of the windowed path: the main thread itself (small inputs, tests, a
// bundle without the worker file), or worker threads while the main thread feeds the parsers
// the windows already found. The scan is the same function either way (scan-block.ts).
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { scanBlock, type BlockScan } from './scan-block.js';
import { scanningThreadCount, startScanningThread, takeWarmThreads } from './threads.js';

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

/**
 * Worker threads scanning blocks in turn, or undefined when there is no worker file or one core.
 * Threads the launcher started early are adopted (threads.ts). A block's memory is moved to its
 * worker and back, not copied (shared memory was tried: copying into it goes element by element,
 * dearer than the scan). Workers that cannot start leave the scanning to this thread; a worker
 * that dies later takes its blocks with it: their scans fail, and the input says reading stopped
 * there.
 */
export function workerScanner(maxLineChars: number): BlockScanner | undefined {
  const warm = takeWarmThreads();
  const count = warm.length > 0 ? warm.length : scanningThreadCount();
  if (count < 1) return undefined;
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
  const threads = warm.length > 0 ? warm : Array.from({ length: count }, startScanningThread);
  const settle = (message: { id: number } & Scanned): void => {
    const job = pending.get(message.id);
    pending.delete(message.id);
    job?.resolve({ bytes: message.bytes, scan: message.scan });
  };
  // Each worker replies on a port of its own, which this thread drains synchronously before it
  // decides who scans a block (drain below): the reading loop reads, scans and parses between two
  // turns of the event loop, and replies left to it counted as pending long after the worker was
  // done, so this thread scanned blocks itself while the worker idled (60% idle, measured).
  const ports: MessagePort[] = [];
  const workers = threads.map(({ worker }) => {
    worker.ref();
    const { port1, port2 } = new MessageChannel();
    worker.postMessage({ replies: port2 }, [port2]);
    port1.on('message', settle);
    ports.push(port1);
    worker.on('error', (error) => fail(worker, error.message));
    worker.on('exit', (code) => fail(worker, `exit ${code}`));
    return worker;
  });
  const drain = (): void => {
    for (const port of ports) {
      for (let reply = receiveMessageOnPort(port); reply !== undefined; reply = receiveMessageOnPort(port)) settle(reply.message as { id: number } & Scanned);
    }
  };
  // Blocks are moved to a worker only once every worker runs: until then (a worker takes ~0.1 s
  // to start) and if one cannot start, the blocks are scanned here instead of waited on.
  let online = false;
  void Promise.all(threads.map((thread) => thread.online)).then((states) => (online = states.every(Boolean)));
  const inline = inlineScanner(maxLineChars);
  return {
    async scan(bytes) {
      if (closing) throw new Error('the scanning threads are closed');
      // (A worker's `online` arrives in the turn of the event loop the reading loop takes before
      // each block: windowed.ts.)
      if (!online) return inline.scan(bytes);
      // Workers behind: this thread has nothing to do but wait for them, so it scans this block.
      drain();
      if (pending.size >= BACKLOG * workers.length) return inline.scan(bytes);
      const id = next++;
      const worker = workers[id % workers.length]!;
      return new Promise<Scanned>((resolve, reject) => {
        pending.set(id, { resolve, reject, worker });
        worker.postMessage({ id, bytes, maxLineChars }, [bytes.buffer as ArrayBuffer]);
      });
    },
    async close() {
      closing = true;
      for (const port of ports) port.close();
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
