// Folders with symbolic links: each folder and file read once, links followed only inside the
// paths given, loops and links elsewhere listed with the reason. Before the shared walker a
// link `a -> .` read every file ~41 times (until the kernel's ELOOP) and two of them never ended.
import { spawn, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectSources } from '../../src/cli/inputs.js';
import { main } from '../../src/cli/main.js';

const LOG = 'Jul  4 03:15:02 db-7 kernel: [ 11.000000] hello\n';

async function folderWithLinks(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'ktriage-walk-'));
  const dir = join(root, 'incident');
  await mkdir(join(dir, 'node-2'), { recursive: true });
  await writeFile(join(dir, 'console.log'), LOG);
  await writeFile(join(dir, 'messages'), LOG);
  await writeFile(join(dir, 'node-2', 'sel.txt'), LOG);
  await symlink('.', join(dir, 'a'));
  await symlink('..', join(dir, 'node-2', 'up'));
  return dir;
}

describe('collectSources over folders with links', () => {
  it('reads each file once when links loop back (a -> ., node-2/up -> ..)', async () => {
    const dir = await folderWithLinks();
    const { sources, unreadable } = await collectSources([dir]);
    expect(sources.map((s) => s.name)).toEqual([join(dir, 'console.log'), join(dir, 'messages'), join(dir, 'node-2', 'sel.txt')]);
    expect(unreadable).toEqual([
      { path: join(dir, 'a'), reason: `the same folder as ${dir}, which is read already`, unreadable: false },
      { path: join(dir, 'node-2', 'up'), reason: `the same folder as ${dir}, which is read already`, unreadable: false },
    ]);
  });

  it('finishes with two links pointing at each other’s folders', async () => {
    const root = await mkdtemp(join(tmpdir(), 'ktriage-walk-'));
    await mkdir(join(root, 'x'));
    await mkdir(join(root, 'y'));
    await writeFile(join(root, 'x', 'console.log'), LOG);
    await symlink('../y', join(root, 'x', 'to-y'));
    await symlink('../x', join(root, 'y', 'to-x'));
    const { sources } = await collectSources([root]);
    expect(sources.map((s) => s.name)).toEqual([join(root, 'x', 'console.log')]);
  }, 10_000);

  it('follows a link that stays inside the paths given, and not one that leads outside', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'ktriage-elsewhere-'));
    await writeFile(join(outside, 'secret.log'), LOG);
    const dir = await folderWithLinks();
    await symlink(join(dir, 'node-2'), join(dir, 'latest'));
    await symlink(outside, join(dir, 'elsewhere'));
    await symlink(join(outside, 'secret.log'), join(dir, 'linked.log'));
    const { sources, unreadable } = await collectSources([join(dir, 'latest'), dir]);
    // Each folder is read through the first way that reaches it (here `latest`, named first,
    // and its `up` link back into the incident folder); every other way in is a note.
    expect(sources.map((s) => s.name)).toEqual([join(dir, 'latest', 'sel.txt'), join(dir, 'latest', 'up', 'console.log'), join(dir, 'latest', 'up', 'messages')]);
    const reasons = Object.fromEntries(unreadable.map((u) => [basename(u.path), u.reason]));
    expect(reasons['elsewhere']).toMatch(/^a symbolic link to .*ktriage-elsewhere-.*, outside the folders given: not followed$/);
    expect(reasons['linked.log']).toMatch(/outside the folders given: not followed$/);
    expect(reasons['node-2']).toBe(`the same folder as ${join(dir, 'latest')}, which is read already`);
    expect(unreadable.map((u) => u.path)).toContain(join(dir, 'latest', 'up', 'elsewhere'));
  });

  it('reads a file named twice once', async () => {
    const dir = await folderWithLinks();
    const file = join(dir, 'console.log');
    const { sources, unreadable } = await collectSources([file, dir]);
    expect(sources.filter((s) => s.name.endsWith('console.log'))).toHaveLength(1);
    expect(unreadable.map((u) => u.reason)).toContain(`the same file as ${file}, which is read already`);
  });

  it('reads a FIFO named on the command line, as process substitution passes one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ktriage-fifo-'));
    const fifo = join(dir, 'pipe');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const writer = spawn('sh', ['-c', `printf '%s' "$0" > "${fifo}"`, LOG]);
    const written = new Promise((done) => writer.on('close', done));
    const { sources, unreadable } = await collectSources([fifo]);
    expect(unreadable).toEqual([]);
    let text = '';
    for await (const chunk of sources[0]!.open()) text += Buffer.from(chunk).toString();
    expect(text).toBe(LOG);
    await written;
  });

  it('does not open a FIFO met inside a folder (it could block the walk)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ktriage-fifo-'));
    expect(spawnSync('mkfifo', [join(dir, 'pipe')]).status).toBe(0);
    await writeFile(join(dir, 'console.log'), LOG);
    const { sources, unreadable } = await collectSources([dir]);
    expect(sources.map((s) => s.name)).toEqual([join(dir, 'console.log')]);
    expect(unreadable).toEqual([{ path: join(dir, 'pipe'), reason: 'a FIFO, not read inside a folder', unreadable: true }]);
  });
});

describe('the CLI on links, pipes and outputs', () => {
  function captureIo() {
    const io = { out: '', err: '' };
    return { io, streams: { stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) } };
  }

  it('lists a link loop in the report as not read, once, and reads every file once', async () => {
    const dir = await folderWithLinks();
    const { io, streams } = captureIo();
    expect(await main(['analyze', '--format', 'json', dir], streams)).toBe(0);
    const report = JSON.parse(io.out) as { inputs: { name: string; skipped?: string }[] };
    expect(report.inputs.map((i) => i.name.slice(dir.length + 1))).toEqual(['console.log', 'messages', 'node-2/sel.txt', 'a', 'node-2/up']);
    expect(report.inputs[3]!.skipped).toBe(`the same folder as ${dir}, which is read already`);
    expect(io.err).toContain(`ktriage: not reading ${join(dir, 'a')}: the same folder as ${dir}, which is read already`);
  });

  it('analyses process substitution like any file (bash <(cat f))', () => {
    const run = spawnSync('bash', ['-c', 'node bin/ktriage.js analyze --format json <(cat examples/incident-2024-03-27/console-softlockup.log)'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as { inputs: { name: string; lines: number }[]; events: { kind: string; cpu?: number }[] };
    expect(report.inputs[0]!.name).toMatch(/^\/dev\/fd\/\d+$/);
    expect(report.inputs[0]!.lines).toBeGreaterThan(0);
    expect(report.events.some((e) => e.cpu === 65)).toBe(true);
  });

  it('says clearly, with exit code 3 and no stack trace, that -o cannot be written, before analysing', async () => {
    const file = join(await folderWithLinks(), 'console.log');
    const { io, streams } = captureIo();
    expect(await main(['analyze', '-o', '/nonexistent/x.md', file], streams)).toBe(3);
    expect(io.err).toBe('ktriage: cannot write the report to /nonexistent/x.md: the folder /nonexistent does not exist\n');
    const dir = await mkdtemp(join(tmpdir(), 'ktriage-out-'));
    const again = captureIo();
    expect(await main(['analyze', '-o', dir, file], again.streams)).toBe(3);
    expect(again.io.err).toBe(`ktriage: cannot write the report to ${dir}: it is a folder\n`);
    const launched = spawnSync('node', ['bin/ktriage.js', 'analyze', '-o', '/nonexistent/x.md', file], { encoding: 'utf8' });
    expect(launched.status).toBe(3);
    expect(launched.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 and says why when nothing in the inputs is readable (an empty file, a lone .xz)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ktriage-none-'));
    await writeFile(join(dir, 'empty.log'), '');
    // The six-byte xz stream header (tukaani.org xz-file-format, 2.1.1.1) and a few bytes of stream.
    await writeFile(join(dir, 'messages.xz'), Buffer.from('fd377a585a000004e6d6b446020021011600000074', 'hex'));
    const { io, streams } = captureIo();
    expect(await main(['analyze', '--format', 'json', dir], streams)).toBe(2);
    expect(io.err).toBe(`ktriage: nothing readable in the 2 inputs, so there was nothing to analyse (${join(dir, 'empty.log')}: empty input; ${join(dir, 'messages.xz')}: xz-compressed: not unpacked (no well-kept pure-JS xz decoder); decompress it with \`xz -d\` and attach the result)\n`);
    // The report is still printed: it says per input what happened.
    expect(JSON.parse(io.out).verdict.rootCause).toBe('none');
    const one = captureIo();
    expect(await main(['analyze', join(dir, 'empty.log'), join(dir, 'empty.log')], one.streams)).toBe(2);
    const some = captureIo();
    await writeFile(join(dir, 'console.log'), LOG);
    expect(await main(['analyze', dir], some.streams)).toBe(0);
    expect(await readFile(join(dir, 'console.log'), 'utf8')).toBe(LOG);
  });
});
