// A worker thread of the windowed path: scans the blocks it is sent (scan-block.ts) and sends
// each back with what it found; the block's memory moves here and back, it is never copied.
import { parentPort, workerData } from 'node:worker_threads';
import { scanBlock } from './scan-block.js';

const maxLineChars = (workerData as { maxLineChars: number }).maxLineChars;

parentPort!.on('message', (message: { id: number; bytes: Uint8Array }) => {
  const scan = scanBlock(message.bytes, maxLineChars);
  const moved = [message.bytes.buffer, scan.starts.buffer, scan.hits.buffer, scan.reads.buffer] as ArrayBuffer[];
  parentPort!.postMessage({ id: message.id, bytes: message.bytes, scan }, moved);
});
