// A worker thread of the windowed path: scans the blocks it is sent (scan-block.ts) and sends
// each back with what it found; the block's memory moves here and back, it is never copied.
// It may be started before the engine knows its limits (threads.ts): the line limit comes with each block.
import { parentPort } from 'node:worker_threads';
import { scanBlock } from './scan-block.js';

parentPort!.on('message', (message: { id: number; bytes: Uint8Array; maxLineChars: number }) => {
  const scan = scanBlock(message.bytes, message.maxLineChars);
  const moved = [message.bytes.buffer, scan.starts.buffer, scan.hits.buffer, scan.reads.buffer] as ArrayBuffer[];
  parentPort!.postMessage({ id: message.id, bytes: message.bytes, scan }, moved);
});
