// Scanning threads started early by the CLI's launcher (src/ingest/search/threads.ts), from the
// built lib/ as the launcher loads it: a worker file exists only there.
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const threads = (await import(join(process.cwd(), 'lib', 'src', 'ingest', 'search', 'threads.js'))) as typeof import('../../src/ingest/search/threads.js');

describe('scanning threads started early', () => {
  it('starts them only for a big regular file, hands them over once, and they run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ktriage-threads-'));
    try {
      const small = join(dir, 'small.log');
      writeFileSync(small, 'Jun  1 00:00:00 db-7 sshd[42]: hello\n');
      const big = join(dir, 'big.log');
      writeFileSync(big, '');
      truncateSync(big, threads.WORKER_MIN_BYTES);
      threads.prestartScanningThreads([small, join(dir, 'missing.log'), '--format']);
      expect(threads.takeWarmThreads()).toEqual([]);
      threads.prestartScanningThreads([small, big]);
      const started = threads.takeWarmThreads();
      expect(started).toHaveLength(Math.max(0, Math.min(4, availableParallelism() - 1)));
      expect(threads.takeWarmThreads()).toEqual([]);
      expect(await Promise.all(started.map((thread) => thread.online))).toEqual(started.map(() => true));
      await Promise.all(started.map((thread) => thread.worker.terminate()));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
