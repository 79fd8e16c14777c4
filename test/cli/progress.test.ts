import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress, type ProgressStream } from '../../src/cli/progress.js';

function terminal(isTTY: boolean): { stream: ProgressStream; output: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  }) as Writable & { isTTY?: boolean; columns?: number };
  stream.isTTY = isTTY;
  stream.columns = 160;
  return { stream, output: () => text };
}

const MiB = 1024 * 1024;

describe('progress bar', () => {
  it('stays silent when stderr is not a terminal', () => {
    const { stream, output } = terminal(false);
    expect(createProgress(stream, [{ name: 'messages', size: MiB }])).toBeUndefined();
    expect(output()).toBe('');
  });

  it('shows bytes, rate and ETA across inputs read one after the other', () => {
    const { stream, output } = terminal(true);
    let clock = 0;
    const progress = createProgress(stream, [{ name: 'a.log', size: 8 * MiB }, { name: 'b.log', size: 8 * MiB }], () => clock)!;
    clock = 2000;
    progress.onProgress({ input: 'a.log', bytesRead: 8 * MiB });
    clock = 4000;
    progress.onProgress({ input: 'b.log', bytesRead: 4 * MiB });
    progress.stop();
    // 12 MiB of 16 MiB after 4 s: 3 MiB/s, three quarters done.
    expect(output()).toContain('b.log');
    expect(output()).toContain('12.0 MiB/16.0 MiB 3.0 MiB/s');
    expect(output()).toContain('75%');
    expect(output()).toMatch(/ETA \d+s/);
  });

  it('shows bytes and rate without a bar when a size is unknown (stdin)', () => {
    const { stream, output } = terminal(true);
    let clock = 0;
    const progress = createProgress(stream, [{ name: '-' }], () => clock)!;
    clock = 1000;
    progress.onProgress({ input: '-', bytesRead: 5 * MiB });
    progress.stop();
    expect(output()).toContain('5.0 MiB 5.0 MiB/s');
    expect(output()).not.toContain('ETA');
  });
});
