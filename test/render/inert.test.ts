// Text from the inputs (task names, mutex owners, headings, file names) reaches the Markdown report
// only through one escaping path: no mention, reference, link or tag of it is live, and lists of
// owners and roots do not grow with the input (issue #16 items 1 and 2).
import { describe, expect, it } from 'vitest';
import { analyze, renderReport, sourceFromText } from '../../src/index.js';
import { code, text } from '../../src/render/md.js';
import { liveMarkup } from './live-markup.js';

const HOSTILE = '@user0 <img src=x> #1 https://github.com/o/r/issues/5 www.example.com </details>';

/**
 * Hung tasks blocked on mutexes whose owners' names are hostile. The kernel prints the owner's
 * comm verbatim (kernel/hung_task.c, debug_show_blocker(): "INFO: task %s:%d is blocked on a
 * mutex likely owned by task %s:%d."), and a comm is whatever the task set with prctl(PR_SET_NAME).
 */
function hostileConsole(owners: number): string {
  const lines: string[] = [];
  for (let i = 0; i < owners; i++) {
    const t = (100 + i / 1000).toFixed(6);
    lines.push(`[  ${t}] INFO: task waiter${i}:${300 + i} blocked for more than 122 seconds.`);
    lines.push(`[  ${t}] INFO: task waiter${i}:${300 + i} is blocked on a mutex likely owned by task ${HOSTILE.replace('0', String(i))}:${500 + i}.`);
  }
  lines.push(`[  130.000000] watchdog: BUG: soft lockup - CPU#3 stuck for 22s! [${HOSTILE}:4242]`);
  return `${lines.join('\n')}\n`;
}

describe('the Markdown report of hostile log text', () => {
  it('has no live mention, reference, link or tag from the log, and caps the list of owners', async () => {
    const report = await analyze([sourceFromText('console @admin #7 https://github.com/o/r/pull/9.log', hostileConsole(12))]);
    expect(report.findings.filter((f) => f.kind === 'mutex-wait')).toHaveLength(12);
    const markdown = renderReport(report, 'markdown');
    expect(liveMarkup(markdown)).toEqual([]);
    const waits = markdown.split('\n').find((line) => line.startsWith('**Who waits on whom**'))!;
    // 12 roots: four named, the rest counted.
    expect(waits).toMatch(/12 roots: (task [^,]+, ){3}task [^,]+ and 8 more$/);
    expect(waits.match(/@\u200duser\d/g)).toHaveLength(4 /* chains */ + 4 /* roots */);
  });
});

describe('text() and code()', () => {
  it('break the autolinker on URLs (scheme and www) and keep what they say', () => {
    const out = text('see https://github.com/o/r/issues/5, ftp://x/y and www.example.com/a');
    expect(liveMarkup(out)).toEqual([]);
    expect(out.replace(/\u200d/g, '')).toBe('see https://github.com/o/r/issues/5, ftp://x/y and www.example.com/a');
  });

  it('do not let a value start a heading, quote or list', () => {
    for (const value of ['# heading', '> quote', '- item', '+ item', '1. item', '2) item', '===', '---']) {
      expect(text(value)).not.toMatch(/^(#+ |> |[-+] |\d+[.)] |=+$|-+$)/);
    }
    // What only looks like one stays as printed.
    expect(text('-04:00')).toBe('-04:00');
    expect(text('0.1.0')).toBe('0.1.0');
  });

  it('code() holds backticks and pipes in one span', () => {
    expect(code('a ` b | c')).toBe('``a ` b \\| c``');
    expect(liveMarkup(`| ${code('@x <b> https://e.com')} |`)).toEqual([]);
  });
});
