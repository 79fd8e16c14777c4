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

describe('a timeline no line ties to UTC (issue #16 item 13)', () => {
  /** Source lines of the timeline table's rows, in the order shown. */
  function timelineRows(markdown: string): string[] {
    const section = markdown.split('\n\n').findIndex((block) => block.startsWith('**Timeline**'));
    expect(section, 'the report has a timeline').toBeGreaterThanOrEqual(0);
    return markdown.split('\n\n')[section + 1]!.split('\n').slice(2);
  }

  it('is shown on the kernel uptime a plain dmesg has', async () => {
    const dmesg = [
      '[ 4721.063421] watchdog: BUG: soft lockup - CPU#3 stuck for 22s! [kworker/3:2:1823]',
      '[ 4850.100000] INFO: task jbd2/sda1-8:412 blocked for more than 120 seconds.',
    ].join('\n');
    const report = await analyze([sourceFromText('dmesg.txt', `${dmesg}\n`)]);
    expect(report.events.every((event) => !event.time)).toBe(true);
    const markdown = renderReport(report, 'markdown');
    expect(markdown).toContain('**Timeline** (as printed: no line of the inputs ties their clocks to UTC)');
    const rows = timelineRows(markdown);
    expect(rows[0]).toMatch(/^\| kernel-uptime 4721\.063421 \| .*soft lockup.* \| dmesg\.txt:1 \|$/);
    expect(rows[1]).toMatch(/^\| kernel-uptime 4850\.100000 \| .* \| dmesg\.txt:2 \|$/);
  });

  it('keeps the events of one clock in the order they were printed', async () => {
    // Year-less syslog of a host whose offset nothing fixes: every event stays on the host's clock.
    const messages = [
      'Mar 27 08:00:01 node-2 kernel: [    0.000000] Linux version 5.15.0-91-generic (buildd@lcy02-amd64-045) #101-Ubuntu SMP',
      'Mar 27 09:18:42 node-2 kernel: [ 4721.063421] watchdog: BUG: soft lockup - CPU#3 stuck for 22s! [kworker/3:2:1823]',
    ].join('\n');
    const report = await analyze([sourceFromText('messages', `${messages}\n`)]);
    const rows = timelineRows(renderReport(report, 'markdown'));
    const lines = rows.map((row) => Number(/messages:(\d+) \|$/.exec(row)?.[1]));
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    // The engine lists kernel reports before boots: the boot that came first must still be shown first.
    const boot = rows.findIndex((row) => /host-local 03-27 08:00:01 \| boot: Linux 5\.15\.0-91-generic/.test(row));
    const lockup = rows.findIndex((row) => /host-local 03-27 09:18:42 \| .*soft lockup/.test(row));
    expect(boot).toBeGreaterThanOrEqual(0);
    expect(lockup).toBeGreaterThan(boot);
  });
});
