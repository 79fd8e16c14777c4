import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main, USAGE } from '../../src/cli/main.js';

function captureIo() {
  const io = { out: '', err: '' };
  return { io, streams: { stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) } };
}

async function tempFile(name: string, text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ktriage-cli-'));
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

const SYSLOG = 'Jul  4 03:15:02 db-7 containerd[811]: time="2023-07-04T07:15:02.118Z" level=info msg="x"\n';

describe('ktriage CLI', () => {
  it('prints help with exit code 0', async () => {
    const { io, streams } = captureIo();
    expect(await main(['--help'], streams)).toBe(0);
    expect(io.out).toBe(USAGE);
  });

  it('rejects unknown commands, missing paths and bad formats with exit code 2', async () => {
    for (const argv of [['frobnicate'], ['analyze'], ['analyze', '--format', 'yaml', 'x'], ['analyze', '--bogus', 'x'], []]) {
      const { io, streams } = captureIo();
      expect(await main(argv, streams)).toBe(2);
      expect(io.err).toMatch(/^ktriage: /);
    }
  });

  it('rejects a malformed clock offset as a usage error', async () => {
    const path = await tempFile('messages', SYSLOG);
    const { io, streams } = captureIo();
    expect(await main(['analyze', '--host-utc-offset', '8', path], streams)).toBe(2);
    expect(io.err).toContain('--host-utc-offset must look like +08:00');
  });

  it('names an unreadable path, still analyses the rest and lists the bad path as skipped', async () => {
    const path = await tempFile('messages', SYSLOG);
    const { io, streams } = captureIo();
    expect(await main(['analyze', '--format', 'json', path, '/nonexistent/console.log'], streams)).toBe(0);
    expect(io.err).toContain('cannot read /nonexistent/console.log: no such file or folder');
    const report = JSON.parse(io.out);
    expect(report.inputs.map((i: { name: string }) => i.name)).toEqual([path, '/nonexistent/console.log']);
    expect(report.inputs[1].skipped).toMatch(/could not be read/);
    expect(report.clocks.hostUtcOffset.value).toBe('-04:00');
  });

  it('exits 2 when no input is readable', async () => {
    const { io, streams } = captureIo();
    expect(await main(['analyze', '/nonexistent/a', '/nonexistent/b'], streams)).toBe(2);
    expect(io.err).toContain('no readable input');
  });

  it('writes the chosen format to -o and the option overrides the inferred offset', async () => {
    const path = await tempFile('messages', SYSLOG);
    const out = join(await mkdtemp(join(tmpdir(), 'ktriage-out-')), 'report.md');
    const { io, streams } = captureIo();
    expect(await main(['analyze', '-f', 'markdown', '-o', out, '--host-utc-offset', '+05:30', path], streams)).toBe(0);
    expect(io.out).toBe('');
    const markdown = await readFile(out, 'utf8');
    expect(markdown).toMatch(/^### ktriage: /);
    expect(markdown).toContain('| host local | +05:30 | option | high |');
  });
});

describe('the launcher', () => {
  it('stops quietly when the reader closes the pipe early', async () => {
    const { spawnSync } = await import('node:child_process');
    // `true` exits before the CLI writes, so every write meets a closed pipe.
    const run = spawnSync('bash', ['-c', 'node bin/ktriage.js analyze examples/incident-2024-03-27 | true; echo "exit=${PIPESTATUS[0]}"'], { encoding: 'utf8' });
    expect(run.stderr).not.toContain('EPIPE');
    expect(run.stdout).toBe('exit=0\n');
  });
});
