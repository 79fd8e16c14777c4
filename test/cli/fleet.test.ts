// `ktriage fleet` (issue #15 item 2): saved reports, a JSON Lines history and raw incident folders
// mixed; the same incident seen three times groups under its host, its part and its signature;
// three incidents on two hosts, the same DIMM failing twice on one of them, grouped and drawn.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

const INCIDENT = fileURLToPath(new URL('../../examples/incident-2024-03-27', import.meta.url));
const FLEET = fileURLToPath(new URL('../fixtures/fleet', import.meta.url));

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

interface Fleet {
  incidents: { id: string; source: string; summary: { hostname: string; incidentUtc: string; parts: { key: string }[] } }[];
  groups: { by: string; key: string; count: number; first: string | null; last: string | null; incidents: string[] }[];
  skipped: { source: string; reason: string }[];
}

/** The Mermaid block of a Markdown page. */
const mermaid = (markdown: string) => /```mermaid\n([\s\S]*?)\n```/.exec(markdown)?.[1];

describe('ktriage fleet', () => {
  it('groups saved reports, a JSON Lines history and a raw folder by host, part, signature and kernel', async () => {
    const saved = await run(['analyze', '-f', 'json', INCIDENT]);
    expect(saved.code).toBe(0);
    const report = JSON.parse(saved.out) as { summary: { hostname: string; parts: { key: string }[]; signature: string } };
    const dir = mkdtempSync(join(tmpdir(), 'ktriage-fleet-'));
    writeFileSync(join(dir, 'issue-12.json'), saved.out);
    writeFileSync(join(dir, 'history.jsonl'), `${JSON.stringify(report.summary)}\n{"not":"ours"}\n`);
    const result = await run(['fleet', '-f', 'json', join(dir, 'issue-12.json'), join(dir, 'history.jsonl'), INCIDENT]);
    expect(result.code).toBe(0);
    const fleet = JSON.parse(result.out) as Fleet;
    expect(fleet.incidents).toHaveLength(3);
    expect(fleet.skipped.map((s) => s.source)).toEqual([`${join(dir, 'history.jsonl')}:2`]);
    expect(result.err).toMatch(/skipped .*history\.jsonl:2/);
    const part = report.summary.parts[0]!.key;
    expect(fleet.groups.find((g) => g.by === 'part' && g.key === part)?.count).toBe(3);
    expect(fleet.groups.find((g) => g.by === 'signature' && g.key === report.summary.signature)?.count).toBe(3);
    expect(fleet.groups.find((g) => g.by === 'host')?.incidents).toEqual([join(dir, 'issue-12.json'), `${join(dir, 'history.jsonl')}:1`, INCIDENT]);

    const markdown = await run(['fleet', '-f', 'markdown', join(dir, 'issue-12.json'), INCIDENT]);
    expect(markdown.out).toMatch(/### By hardware part/);
    expect(markdown.out).toContain(`| \`${part.replace(/\|/g, '\\|')}\` | 2 |`);
  });

  describe('three incidents on two hosts, the same DIMM failing twice on one of them four days apart', () => {
    const folder = (name: string) => join(FLEET, name);

    /** The first incident as a saved report, the other two as raw folders. */
    async function mixed(format: string): Promise<{ saved: string; result: Awaited<ReturnType<typeof run>> }> {
      const first = await run(['analyze', '-f', 'json', folder('node-7-2024-03-23')]);
      expect(first.code).toBe(0);
      const saved = join(mkdtempSync(join(tmpdir(), 'ktriage-fleet-')), 'node-7-2024-03-23.json');
      writeFileSync(saved, first.out);
      const result = await run(['fleet', '-f', format, saved, folder('node-7-2024-03-27'), folder('node-9-2024-03-27')]);
      expect(result.code).toBe(0);
      return { saved, result };
    }

    it('groups them by host and by part in JSON, from a saved report and raw folders mixed', async () => {
      const { saved, result } = await mixed('json');
      const fleet = JSON.parse(result.out) as Fleet;
      expect(fleet.skipped).toEqual([]);
      expect(fleet.incidents.map((i) => [i.id, i.summary.hostname])).toEqual([
        [saved, 'node-7'],
        [folder('node-7-2024-03-27'), 'node-7'],
        [folder('node-9-2024-03-27'), 'node-9'],
      ]);
      const [a, b, c] = fleet.incidents.map((i) => i.summary.incidentUtc);
      // Four days apart, as the fixtures' syslog stamps say.
      expect(Date.parse(b!) - Date.parse(a!)).toBeGreaterThan(4 * 86400e3);
      expect(Date.parse(b!) - Date.parse(a!)).toBeLessThan(5 * 86400e3);
      const view = (by: string) => fleet.groups.filter((g) => g.by === by).map((g) => [g.key, g.count, g.first, g.last, g.incidents]);
      expect(view('host')).toEqual([
        ['node-7', 2, a, b, [saved, folder('node-7-2024-03-27')]],
        ['node-9', 1, c, c, [folder('node-9-2024-03-27')]],
      ]);
      expect(view('part')).toEqual([
        ['node-7|dimm|CPU2_DIMM_F0', 2, a, b, [saved, folder('node-7-2024-03-27')]],
        ['node-9|dimm|CPU2_DIMM_F0', 1, c, c, [folder('node-9-2024-03-27')]],
      ]);
    });

    it('draws the two recurrences on one time axis in Markdown, the same DIMM first', async () => {
      const { result } = await mixed('markdown');
      expect(result.out).toContain('| `node-7\\|dimm\\|CPU2_DIMM_F0` | 2 | 2024-03-23T10:02:11Z | 2024-03-27T20:48:45Z |');
      expect(result.out).toContain('| `node-9` | 1 |');
      expect(mermaid(result.out)).toBe(
        [
          'gantt',
          '    title Recurrences (UTC)',
          '    dateFormat YYYY-MM-DD HH:mm:ss',
          '    axisFormat %Y-%m-%d',
          '    section part node-7 dimm CPU2_DIMM_F0',
          '    node-7-2024-03-23.json : milestone, 2024-03-23 10:02:11, 1s',
          '    node-7-2024-03-27 : milestone, 2024-03-27 20:48:45, 1s',
          '    section host node-7',
          '    node-7-2024-03-23.json : milestone, 2024-03-23 10:02:11, 1s',
          '    node-7-2024-03-27 : milestone, 2024-03-27 20:48:45, 1s',
        ].join('\n'),
      );
      // The chart comes before the tables it summarises.
      expect(result.out.indexOf('```mermaid')).toBeLessThan(result.out.indexOf('### By host'));
    });
  });

  it('reads a folder of nothing but saved reports and histories as one incident per report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ktriage-fleet-'));
    const reports = join(dir, 'reports');
    mkdirSync(join(reports, '2024-03'), { recursive: true });
    for (const name of ['node-7-2024-03-23', 'node-7-2024-03-27']) writeFileSync(join(reports, '2024-03', `${name}.json`), (await run(['analyze', '-f', 'json', join(FLEET, name)])).out);
    const nine = JSON.parse((await run(['analyze', '-f', 'json', join(FLEET, 'node-9-2024-03-27')])).out) as { summary: unknown };
    writeFileSync(join(reports, 'history.jsonl'), `${JSON.stringify(nine.summary)}\n`);
    const fleet = JSON.parse((await run(['fleet', '-f', 'json', reports])).out) as Fleet;
    expect(fleet.incidents.map((i) => i.id)).toEqual([join(reports, '2024-03', 'node-7-2024-03-23.json'), join(reports, '2024-03', 'node-7-2024-03-27.json'), `${join(reports, 'history.jsonl')}:1`]);
    expect(fleet.groups.find((g) => g.by === 'part' && g.key === 'node-7|dimm|CPU2_DIMM_F0')?.count).toBe(2);
  });

  it('skips a saved summary of the wrong shape with its reason instead of crashing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ktriage-fleet-'));
    const good = JSON.parse((await run(['analyze', '-f', 'json', join(FLEET, 'node-9-2024-03-27')])).out) as { summary: Record<string, unknown> };
    const lines = [
      { ...good.summary, parts: 5 },
      { summary: { ...good.summary, hostname: 7 } },
      { ...good.summary, summaryVersion: 2 },
      { schemaVersion: 1, tool: { name: 'ktriage', version: '0.0.9' }, events: [] },
      { ...good.summary, extra: 'x'.repeat(1000) },
    ];
    writeFileSync(join(dir, 'h.jsonl'), `${lines.map((l) => JSON.stringify(l)).join('\n')}\nnot json\n`);
    const result = await run(['fleet', '-f', 'json', join(dir, 'h.jsonl')]);
    expect(result.code).toBe(0);
    const fleet = JSON.parse(result.out) as Fleet;
    expect(fleet.skipped.map((s) => [s.source.replace(dir, ''), s.reason])).toEqual([
      ['/h.jsonl:1', 'a summary whose parts is not of the documented type'],
      ['/h.jsonl:2', 'a summary whose hostname is not of the documented type'],
      ['/h.jsonl:3', 'summary version 2, this ktriage reads 1'],
      ['/h.jsonl:4', 'a ktriage report without a summary (written by a version before 0.1)'],
      ['/h.jsonl:6', 'not JSON'],
    ]);
    // Only the summary's own keys are kept.
    expect(fleet.incidents.map((i) => i.summary)).toEqual([good.summary]);
  });

  it('exits 2 when no path holds an incident', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ktriage-fleet-'));
    writeFileSync(join(dir, 'h.jsonl'), '{"x":1}\n');
    const result = await run(['fleet', join(dir, 'h.jsonl'), join(dir, 'gone.jsonl')]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/no incident/);
    // A history that cannot be opened is said, not a crash.
    expect(result.err).toMatch(/skipped .*gone\.jsonl: could not be read: ENOENT/);
  });
});
