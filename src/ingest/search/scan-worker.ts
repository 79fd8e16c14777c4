// A worker thread of the windowed path: scans the blocks it is sent (scan-block.ts) and sends
// each back with what it found; the block's memory moves here and back, it is never copied.
// It may be started before the engine knows its limits (threads.ts): the line limit comes with each block.
// Replies go to the port the engine hands over first (scanners.ts): the engine takes them from it
// synchronously, without waiting for a turn of its event loop.
import { parentPort, type MessagePort } from 'node:worker_threads';
import { scanBlock } from './scan-block.js';

type Message = { id: number; bytes: Uint8Array; maxLineChars: number } | { replies: MessagePort };

let replies: MessagePort | undefined;

parentPort!.on('message', (message: Message) => {
  if ('replies' in message) {
    replies = message.replies;
    return;
  }
  const scan = scanBlock(message.bytes, message.maxLineChars);
  const moved = [message.bytes.buffer, scan.starts.buffer, scan.hits.buffer, scan.reads.buffer] as ArrayBuffer[];
  (replies ?? parentPort!).postMessage({ id: message.id, bytes: message.bytes, scan }, moved);
});
