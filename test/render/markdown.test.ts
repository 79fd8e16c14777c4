import { describe, expect, it } from 'vitest';
import { analyze, renderReport, sourceFromText } from '../../src/index.js';
import { fence, text } from '../../src/render/md.js';

describe('markdown rendering', () => {
  it('neutralises mentions, issue references, HTML and fences in log text', () => {
    const inline = text('ping @octocat about #12 </details> <img src=x> `code`');
    expect(inline).not.toMatch(/@octocat/);
    expect(inline).not.toMatch(/#12/);
    expect(inline).not.toContain('</details>');
    expect(inline).not.toContain('<img');
    expect(fence('text', '```\n@admin').slice(8, -4)).not.toMatch(/```|@admin/);
  });

  it('starts with the marker, and puts clocks and input accounting in details', async () => {
    const report = await analyze([sourceFromText('messages', 'Jul  4 03:15:02 db-7 app[1]: ts=2023-07-04T07:15:02Z hello\n'), sourceFromText('junk.txt', 'nothing here\n')]);
    const markdown = renderReport(report, 'markdown', { marker: '<!-- ktriage -->' });
    expect(markdown.startsWith('<!-- ktriage -->\n')).toBe(true);
    expect(markdown).toContain('<details><summary>Clocks</summary>');
    expect(markdown).toContain('| host local | -04:00 | embedded-timestamp | high |');
    expect(markdown).toMatch(/\| junk\.txt \| unknown \| 1 \| 1 \|/);
  });

  it('draws the timeline as a Mermaid gantt chart with one lane per clock', async () => {
    const messages = [
      'Jul  4 03:15:02 db-7 app[1]: ts=2023-07-04T07:15:02Z hello',
      'Jul  4 09:00:00 db-7 kernel: Linux version 6.1.0-18-amd64 (debian-kernel@lists.debian.org)',
    ].join('\n');
    const markdown = renderReport(await analyze([sourceFromText('messages', messages)]), 'markdown');
    expect(markdown).toContain('```mermaid\ngantt');
    expect(markdown).toContain('section Host log (UTC-0400)');
    expect(markdown).toContain('host log silent : 2023-07-04 07:15:02, 2023-07-04 13:00:00');
    expect(markdown).toContain('boot Linux 6.1.0-18-amd64 : milestone, 2023-07-04 13:00:00, 1s');
  });
});

describe('escaping keeps what is not a reference', () => {
  it('leaves sensor numbers like #0xeb alone but breaks #123', () => {
    expect(text('Memory #0xeb')).toBe('Memory #0xeb');
    expect(text('see #123.')).toBe('see #\u200d123.');
  });
});

describe('clocks without evidence', () => {
  it('say "offset unknown" rather than printing UTCunknown', async () => {
    const report = await analyze([sourceFromText('console.log', '[  12.000000] watchdog: BUG: soft lockup - CPU#1 stuck for 22s! [a:1]\n')]);
    expect(report.clocks.hostUtcOffset.value).toBe('unknown');
    const text = renderReport(report, 'text');
    expect(text).toContain('Clocks: host offset unknown (');
    expect(text).not.toContain('UTCunknown');
  });
});
