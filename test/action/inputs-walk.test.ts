// The Action's inputs end to end, in-process: one walk for all patterns, link loops, nothing
// readable, and the clock settings named as the Action's inputs.
import { mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import * as fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveFiles } from '../../src/action/files.js';
import { ROOT } from './harness.js';
import { runInProcess } from './in-process.js';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

const SYSLOG = 'Jul  4 03:15:02 db-7 kernel: hello\n';

describe('paths', () => {
  it('reads each file once in a folder with a link to itself (a -> .), and says why the link is left out', async () => {
    const workspace = await mkdtemp(join(tmpdir(), 'ktriage-ws-'));
    await mkdir(join(workspace, 'incident'));
    for (const name of ['console.log', 'messages', 'sel.txt']) await writeFile(join(workspace, 'incident', name), SYSLOG);
    await symlink('.', join(workspace, 'incident', 'a'));
    await symlink('..', join(workspace, 'incident', 'b'));
    const result = await runInProcess({ paths: 'incident' }, workspace);
    expect(result.report!.inputs.map((i) => [i.name, i.skipped])).toEqual([
      ['incident/console.log', undefined],
      ['incident/messages', undefined],
      ['incident/sel.txt', undefined],
      ['incident/a', 'the same folder as incident, which is read already'],
      ['incident/b', 'a symbolic link to ' + (await fs.promises.realpath(workspace)) + ', outside the folders given: not followed'],
    ]);
    expect(result.stdout).toContain('::warning title=ktriage input,file=incident/a::`incident/a` not read: the same folder as incident, which is read already');
  });

  it('walks the workspace once for all the default patterns, each folder read once', async () => {
    const workspace = await mkdtemp(join(tmpdir(), 'ktriage-ws-'));
    await mkdir(join(workspace, 'incidents', 'node-2'), { recursive: true });
    await mkdir(join(workspace, 'src', 'deep'), { recursive: true });
    await mkdir(join(workspace, 'node_modules', 'pkg'), { recursive: true });
    await mkdir(join(workspace, '.git'), { recursive: true });
    await writeFile(join(workspace, 'incidents', 'node-2', 'console-softlockup.log'), SYSLOG);
    await writeFile(join(workspace, 'incidents', 'node-2', 'messages'), SYSLOG);
    await writeFile(join(workspace, 'incidents', 'node-2', 'sel-list.txt'), SYSLOG);
    await writeFile(join(workspace, 'incidents', 'node-2', '.hidden.log'), SYSLOG);
    await writeFile(join(workspace, 'src', 'deep', 'main.c'), 'int main;\n');
    await writeFile(join(workspace, 'node_modules', 'pkg', 'debug.log'), 'npm noise\n');
    await writeFile(join(workspace, '.git', 'x.log'), 'git\n');
    const reads = new Map<string, number>();
    const readdir = fs.promises.readdir;
    vi.spyOn(fs.promises, 'readdir').mockImplementation(((path: fs.PathLike, options?: unknown) => {
      reads.set(String(path), (reads.get(String(path)) ?? 0) + 1);
      return (readdir as (p: fs.PathLike, o?: unknown) => Promise<unknown>)(path, options);
    }) as typeof fs.promises.readdir);
    syncBuiltinESMExports();
    let resolved;
    try {
      resolved = await resolveFiles([], workspace);
    } finally {
      vi.restoreAllMocks();
      syncBuiltinESMExports();
    }
    expect(resolved.files.map((f) => f.path.slice(workspace.length + 1))).toEqual([
      'incidents/node-2/.hidden.log',
      'incidents/node-2/console-softlockup.log',
      'incidents/node-2/messages',
      'incidents/node-2/sel-list.txt',
    ]);
    expect([...reads.values()].every((n) => n === 1)).toBe(true);
    expect([...reads.keys()].sort()).toEqual([workspace, join(workspace, 'incidents'), join(workspace, 'incidents', 'node-2'), join(workspace, 'src'), join(workspace, 'src', 'deep')]);
  });

  it('matches user globs, excludes and folders in the same walk, and names patterns that matched nothing', async () => {
    const workspace = await mkdtemp(join(tmpdir(), 'ktriage-ws-'));
    await mkdir(join(workspace, 'a', 'b'), { recursive: true });
    await writeFile(join(workspace, 'a', 'one.log'), SYSLOG);
    await writeFile(join(workspace, 'a', 'b', 'two.log'), SYSLOG);
    await writeFile(join(workspace, 'a', 'b', 'skip.log'), SYSLOG);
    await writeFile(join(workspace, 'top.txt'), SYSLOG);
    const resolved = await resolveFiles(['a', '*.txt', '!**/skip.log', 'missing/*.log'], workspace);
    expect(resolved.files.map((f) => f.path.slice(workspace.length + 1))).toEqual(['a/b/two.log', 'a/one.log', 'top.txt']);
    expect(resolved.unmatched).toEqual(['missing/*.log']);
    expect(resolved.skipped).toEqual([]);
  });
});

describe('nothing readable', () => {
  it('fails the step and says why when every input is empty or cannot be unpacked, even with fail_on: never', async () => {
    const workspace = await mkdtemp(join(tmpdir(), 'ktriage-ws-'));
    await writeFile(join(workspace, 'empty.log'), '');
    await writeFile(join(workspace, 'messages.xz'), Buffer.from('fd377a585a000004e6d6b446020021011600000074', 'hex'));
    for (const failOn of ['never', 'finding']) {
      const result = await runInProcess({ paths: 'empty.log, messages.xz', fail_on: failOn }, workspace);
      expect(result.failed).toBe(true);
      expect(result.stdout).toContain('::error::nothing readable in the 2 inputs, so there was nothing to analyse (empty.log: empty input; messages.xz: xz-compressed: not unpacked');
      expect(result.stdout).toContain('::warning title=ktriage input::nothing readable in the 2 inputs');
      // Everything else is still published: the report says per input what happened.
      expect(result.outputs['root_cause']).toBe('none');
      vi.unstubAllEnvs();
      process.exitCode = undefined;
    }
  });
});

describe('clock inputs', () => {
  it('host_tz converts each time with the zone’s own rules; a bad zone fails naming the input', async () => {
    const workspace = await mkdtemp(join(tmpdir(), 'ktriage-ws-'));
    // One line in winter, one in summer: Europe/Berlin is +01:00 then +02:00.
    await writeFile(
      join(workspace, 'messages'),
      [
        '2024-01-10T10:00:00 db-7 kernel: watchdog: BUG: soft lockup - CPU#3 stuck for 22s! [kworker/3:1:123]',
        '2024-07-10T10:00:00 db-7 kernel: watchdog: BUG: soft lockup - CPU#5 stuck for 22s! [kworker/5:1:125]',
        '',
      ].join('\n'),
    );
    const result = await runInProcess({ paths: 'messages', host_tz: 'Europe/Berlin' }, workspace);
    expect(result.report!.clocks.hostUtcOffset.zone).toBe('Europe/Berlin');
    expect(result.report!.clocks.hostUtcOffset.value).toBe('+02:00');
    // Each time with the offset in force at it: CET in January, CEST in July.
    const lockups = result.report!.events.filter((e) => e.kind === 'soft-lockup').map((e) => [e.cpu, e.time]);
    expect(lockups).toEqual([
      [3, '2024-01-10T09:00:00Z'],
      [5, '2024-07-10T08:00:00Z'],
    ]);
    vi.unstubAllEnvs();
    const bad = await runInProcess({ paths: 'messages', bmc_tz: 'Mars/Olympus' }, workspace);
    expect(bad.failed).toBe(true);
    expect(bad.stdout).toContain('::error::input bmc_tz must be an IANA time zone such as Asia/Shanghai or Europe/Berlin, got "Mars/Olympus"');
  });

  it('says which input would place a clock, not which CLI flag', async () => {
    const workspace = await mkdtemp(join(tmpdir(), 'ktriage-ws-'));
    await writeFile(join(workspace, 'messages'), SYSLOG);
    const result = await runInProcess({ paths: 'messages' }, workspace);
    const note = result.report!.clocks.hostUtcOffset.note ?? '';
    expect(note).toContain('pass input host_utc_offset or input host_tz');
    expect(JSON.stringify(result.report!.clocks)).not.toMatch(/--(host|bmc)-/);
  });
});

describe('action.yml', () => {
  it('declares host_tz and bmc_tz, and does not claim an empty bmc_utc_offset means UTC', async () => {
    const yml = await readFile(join(ROOT, 'action.yml'), 'utf8');
    expect(yml).toMatch(/^ {2}host_tz:$/m);
    expect(yml).toMatch(/^ {2}bmc_tz:$/m);
    expect(yml).not.toContain('Empty assumes UTC');
  });
});
