// `ktriage fleet` (issue #15 item 2): saved reports, a JSON Lines history and a raw incident folder
// mixed; the same incident seen three times groups under its host, its part and its signature.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

const INCIDENT = fileURLToPath(new URL('../../examples/incident-2024-03-27', import.meta.url));

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

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
    const fleet = JSON.parse(result.out) as { incidents: { id: string }[]; groups: { by: string; key: string; count: number; incidents: string[] }[]; skipped: { source: string }[] };
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
