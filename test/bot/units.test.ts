// The small pure pieces of the app: command parsing, config validation, candidate extraction,
// permission levels, and the in-process duplicate guards.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { helpText, parseCommand } from '../../bot/commands.js';
import { ConfigError, DEFAULT_CONFIG, parseConfig } from '../../bot/config.js';
import { extractCandidates, splitFences } from '../../bot/inputs.js';
import { levelFrom } from '../../bot/permissions.js';
import { BoundedPool, KeyedQueue, RateWindow, SeenDeliveries } from '../../bot/serialise.js';

describe('parseCommand', () => {
  it('reads only the first line', () => {
    expect(parseCommand('/analyze')).toEqual({ kind: 'analyze' });
    expect(parseCommand('  /analyze\nplease')).toEqual({ kind: 'analyze' });
    expect(parseCommand('Earlier someone wrote\n/analyze')).toBeUndefined();
    expect(parseCommand('/analyzed it already')).toBeUndefined();
    expect(parseCommand('> /analyze')).toBeUndefined();
  });

  it('parses offsets, as separate or = arguments', () => {
    expect(parseCommand('/analyze --host-utc-offset +08:00')).toEqual({ kind: 'analyze', hostUtcOffset: '+08:00' });
    expect(parseCommand('/analyze --bmc-utc-offset=-05:30 --host-utc-offset +09:45')).toEqual({ kind: 'analyze', bmcUtcOffset: '-05:30', hostUtcOffset: '+09:45' });
  });

  it('explains what is wrong', () => {
    expect(parseCommand('/analyze --host-utc-offset')).toEqual({ kind: 'invalid', problem: '`--host-utc-offset` needs an offset such as `+08:00`' });
    expect(parseCommand('/analyze --host-utc-offset 8')).toEqual({ kind: 'invalid', problem: '`--host-utc-offset` needs an offset such as `+08:00`' });
    expect(parseCommand('/analyze --host-utc-offset +15:00')).toMatchObject({ kind: 'invalid' });
    expect(parseCommand('/analyze now')).toEqual({ kind: 'invalid', problem: 'unknown option `now`' });
    expect(parseCommand(`/analyze ${'x '.repeat(11)}`)).toEqual({ kind: 'invalid', problem: 'too many arguments (at most 10)' });
  });

  it('help', () => {
    expect(parseCommand('/analyze help')).toEqual({ kind: 'help' });
    expect(helpText()).toContain('`/analyze --bmc-utc-offset +00:00`');
  });
});

describe('parseConfig', () => {
  it('fills defaults', () => {
    expect(parseConfig(null)).toEqual(DEFAULT_CONFIG);
    expect(DEFAULT_CONFIG.incidentLabels).toEqual(['incident']);
    expect(DEFAULT_CONFIG.commands).toEqual({ allow: 'author-or-permission', minPermission: 'triage' });
    expect(parseConfig({ labels: { add: true } }).labels).toEqual({ add: true, prefix: 'ktriage:', color: 'b60205' });
  });

  it('lists every problem with its path', () => {
    let error: unknown;
    try {
      parseConfig({ incidentLabel: 'x', commands: { minPermission: 'owner' }, clocks: { hostUtcOffset: '8' }, limits: { timeoutSeconds: 0 } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/^\(top level\): .*incidentLabel/m);
    expect(problems).toMatch(/^commands\.minPermission: /m);
    expect(problems).toMatch(/^clocks\.hostUtcOffset: must look like \+08:00 or -05:30$/m);
    expect(problems).toMatch(/^limits\.timeoutSeconds: /m);
  });
});

describe('extractCandidates', () => {
  const origin = { where: 'issue body', author: 'oncall-li' };
  const repo = { owner: 'dc-ops', repo: 'fleet-incidents' };
  const hosts = ['github.com'];

  it('finds every kind of input, and ignores links in code and ordinary links', () => {
    const markdown = [
      '### Console log',
      '',
      '```shell',
      '[ 1.0] a',
      'https://github.com/user-attachments/files/9/inside-a-fence.log',
      '```',
      '',
      'Attachments: [kern.log](https://github.com/user-attachments/files/18344521/kern.log) and https://github.com/dc-ops/fleet-incidents/files/1201/sel.txt.',
      '<img width="300" alt="photo" src="https://github.com/user-attachments/assets/5b0c6f1e-89aa-4f0d-9a36-1f2d3c4b5a69" />',
      'Committed: https://github.com/dc-ops/fleet-incidents/blob/main/incidents/2024-03-27/sel%20list.txt',
      'Elsewhere: https://github.com/other/repo/blob/main/x.log and https://docs.kernel.org/admin-guide/lockup-watchdogs.html',
      '',
      '```mermaid',
      'graph TD',
      '```',
    ].join('\n');
    const found = extractCandidates(markdown, origin, repo, hosts);
    expect(found.map((c) => [c.kind, c.name])).toEqual([
      ['pasted', 'issue body, block 1 (Console log)'],
      ['attachment', 'kern.log'],
      ['attachment', 'sel.txt'],
      ['ignored', '5b0c6f1e-89aa-4f0d-9a36-1f2d3c4b5a69'],
      ['blob', 'incidents/2024-03-27/sel list.txt'],
      ['ignored', 'x.log'],
    ]);
    const blob = found.find((c) => c.kind === 'blob');
    expect(blob).toMatchObject({ owner: 'dc-ops', repo: 'fleet-incidents', ref: 'main', path: 'incidents/2024-03-27/sel list.txt' });
  });

  it('takes unfenced text that looks like a log as a pasted input', () => {
    const text = ['The console showed:', '[32227.1] one', '[32227.2] two', '[32227.3] three'].join('\n');
    expect(extractCandidates(text, origin, repo, hosts)).toMatchObject([{ kind: 'pasted', name: 'issue body, unfenced text' }]);
    expect(extractCandidates('[1.0] just one line', origin, repo, hosts)).toEqual([]);
  });

  it('on GHES, attachment links are on the GHES host', () => {
    const found = extractCandidates('[c.log](https://ghe.corp.example/user-attachments/files/3/c.log) [d.log](https://github.com/user-attachments/files/4/d.log)', origin, repo, ['ghe.corp.example']);
    expect(found.map((c) => c.kind)).toEqual(['attachment', 'ignored']);
  });

  it('splits fences the way GitHub does: longer closers close, shorter ones do not, tildes are separate', () => {
    const { blocks } = splitFences(['````', '```', 'inner', '`````', '~~~', '```', '~~~'].join('\n'));
    expect(blocks.map((b) => b.text)).toEqual(['```\ninner', '```']);
  });
});

describe('permission levels', () => {
  it('prefers the detailed flags, so team-granted triage counts', () => {
    expect(levelFrom({ permission: 'read', role_name: 'triage', user: { permissions: { triage: true, pull: true } } })).toBe('triage');
    expect(levelFrom({ permission: 'read', user: { permissions: { triage: true, pull: true } } })).toBe('triage');
    expect(levelFrom({ permission: 'write', user: { permissions: { push: true } } })).toBe('write');
    expect(levelFrom({ permission: 'none' })).toBe('none');
  });
});

describe('duplicate guards', () => {
  it('claims a delivery id once within the TTL', () => {
    const seen = new SeenDeliveries(3, 1000);
    expect(seen.claim('a', 0)).toBe(true);
    expect(seen.claim('a', 10)).toBe(false);
    expect(seen.claim('a', 2000)).toBe(true);
    for (const id of ['b', 'c', 'd']) seen.claim(id, 2001);
    expect(seen.claim('a', 2002)).toBe(true);
  });

  it('runs tasks of one key one after another, even when one fails', async () => {
    const queue = new KeyedQueue();
    const order: string[] = [];
    const slow = queue.run('k', async () => {
      await new Promise((r) => setTimeout(r, 20));
      order.push('first');
      throw new Error('boom');
    });
    const fast = queue.run('k', async () => order.push('second'));
    const other = queue.run('other', async () => order.push('other'));
    await Promise.allSettled([slow, fast, other]);
    expect(order).toEqual(['other', 'first', 'second']);
    await expect(slow).rejects.toThrow('boom');
  });
});

describe('run limits', () => {
  it('counts runs per key in a sliding hour', () => {
    const window = new RateWindow(1000);
    expect([0, 1, 2].map((t) => window.take('issue', 2, t))).toEqual([true, true, false]);
    expect(window.take('other', 2, 3)).toBe(true);
    expect(window.take('issue', 2, 1001)).toBe(true);
  });

  it('refuses a run when the queue behind the running ones is full', async () => {
    const pool = new BoundedPool(1, 1);
    let release!: () => void;
    const first = pool.run(() => new Promise<string>((r) => (release = () => r('first'))));
    const second = pool.run(async () => 'second');
    expect(first).toBeDefined();
    expect(second).toBeDefined();
    expect(pool.run(async () => 'third')).toBeUndefined();
    release();
    expect(await Promise.all([first, second])).toEqual(['first', 'second']);
    expect(await pool.run(async () => 'again')).toBe('again');
  });
});

describe('the documented .github/ktriage.yml', () => {
  it('is valid and states exactly the defaults', () => {
    const text = readFileSync(new URL('../../.github/ktriage.yml', import.meta.url), 'utf8');
    expect(parseConfig(parse(text))).toEqual(DEFAULT_CONFIG);
  });
});
