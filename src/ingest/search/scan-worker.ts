// A worker thread of the windowed path: scans the blocks it is sent (scan-block.ts) and sends
// back what it found in each; the block itself stays with the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import { scanBlock } from './scan-block.js';

const maxLineChars = (workerData as { maxLineChars: number }).maxLineChars;

parentPort!.on('message', (message: { id: number; bytes: Uint8Array }) => {
  const scan = scanBlock(message.bytes, maxLineChars);
  parentPort!.postMessage({ id: message.id, scan }, [scan.starts.buffer as ArrayBuffer, scan.hits.buffer as ArrayBuffer, scan.reads.buffer as ArrayBuffer]);
});
