// The comment's own parts: the inputs table, the private-attachment advice and the fit to
// GitHub's 65,536-character limit with the essentials kept.
import { describe, expect, it } from 'vitest';
import { composeReport, deniedNote, hashFromBody, MARKER, type Outcome } from '../../bot/compose.js';
import type { Md } from '../../src/render/md.js';

// A report as the renderer would hand it over (built by hand here to control its size).
const asReport = (markdown: string) => markdown as Md;

const HASH = 'a'.repeat(64);

function outcome(name: string, status: Outcome['status'], detail: string, kind: Outcome['kind'] = 'attachment'): Outcome {
  return { name, origin: 'issue body', kind, status, detail };
}

describe('composeReport', () => {
  it('trims a report over 65,536 characters, keeping markers, verdict, notes and the inputs table', () => {
    const evidence = Array.from({ length: 4000 }, (_, i) => `kern.log:${i + 1}: [ ${i}.000000] rcu: INFO: rcu_sched self-detected stall on CPU 7`).join('\n');
    const markdown = [
      '### ktriage: RCU stall on CPU 7',
      '**Verdict:** `rcu-stall` (confidence **medium**)',
      `<details><summary>Evidence</summary>\n\n\`\`\`text\n${evidence}\n\`\`\`\n\n</details>`,
      '<sub>ktriage</sub>',
    ].join('\n\n');
    expect(markdown.length).toBeGreaterThan(65_536);
    const notes = [asReport('> [!WARNING]\n> something the reader must see')];
    const body = composeReport({ report: asReport(markdown), outcomes: [outcome('kern.log', 'analysed', 'kernel-log, 4000 lines')], hash: HASH, notes });
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body.startsWith(`${MARKER}\n<!-- ktriage:inputs ${HASH} -->`)).toBe(true);
    expect(hashFromBody(body)).toBe(HASH);
    expect(body).toContain('### ktriage: RCU stall on CPU 7');
    expect(body).toContain('something the reader must see');
    expect(body).toContain('| ✅ analysed | kern.log | attachment | issue body | kernel-log, 4000 lines |');
    expect(body).toMatch(/Report trimmed to fit GitHub's limit of 65536 characters: left out “Evidence”/);
  });

  it('lists at most 100 inputs and says how many more there were', () => {
    const many = Array.from({ length: 130 }, (_, i) => outcome(`f${i}.log`, 'skipped', 'not fetched: the per-issue limit of 20 downloads was reached'));
    const body = composeReport({ report: asReport('### ktriage: x\n'), outcomes: many, hash: HASH, notes: [] });
    expect(body.match(/^\| ⏭️ skipped \|/gm)).toHaveLength(100);
    expect(body).toContain('…and 30 more inputs not listed.');
  });
});

describe('deniedNote', () => {
  it('appears only for attachments refused with 401/403/404, worded for the repository kind', () => {
    expect(deniedNote([outcome('a.log', 'not downloaded', 'HTTP 500')], true)).toBeUndefined();
    expect(deniedNote([outcome('a.log', 'not downloaded', 'HTTP 404', 'repository file')], true)).toBeUndefined();
    expect(deniedNote([outcome('a.log', 'not downloaded', 'HTTP 403')], false)).toContain('GitHub refused to hand these attachments to the app');
    expect(deniedNote([outcome('@x.log', 'not downloaded', 'HTTP 404')], true)).toContain('“@\u200dx.log”');
  });
});
