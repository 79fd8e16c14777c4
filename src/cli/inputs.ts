// Paths on the command line → input sources: files, folders (recursively, sorted) and `-`.
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { InputSource } from '../ingest/source.js';

export interface Unreadable {
  path: string;
  reason: string;
}

async function* streamFile(path: string): AsyncGenerator<Uint8Array> {
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) yield chunk as Uint8Array;
}

async function* streamStdin(): AsyncGenerator<Uint8Array> {
  for await (const chunk of process.stdin) yield chunk as Uint8Array;
}

export async function collectSources(paths: string[]): Promise<{ sources: InputSource[]; unreadable: Unreadable[] }> {
  const sources: InputSource[] = [];
  const unreadable: Unreadable[] = [];
  const visit = async (path: string): Promise<void> => {
    let info;
    try {
      info = await stat(path);
    } catch (error) {
      unreadable.push({ path, reason: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : String((error as Error).message) });
      return;
    }
    if (info.isDirectory()) {
      let entries;
      try {
        entries = await readdir(path);
      } catch (error) {
        unreadable.push({ path, reason: (error as Error).message });
        return;
      }
      for (const entry of entries.sort()) if (!entry.startsWith('.')) await visit(join(path, entry));
      return;
    }
    if (!info.isFile()) {
      unreadable.push({ path, reason: 'not a regular file' });
      return;
    }
    sources.push({ name: path, size: info.size, open: () => streamFile(path) });
  };
  for (const path of paths) {
    if (path === '-') sources.push({ name: '-', open: streamStdin });
    else await visit(path);
  }
  return { sources, unreadable };
}
