import { describe, expect, it } from 'vitest';
import { analyze, renderReport, sourceFromText, type Report } from '../../src/index.js';
import { collectSources } from '../../src/cli/inputs.js';
import { COMMENT_MAX_CHARS, fitMarkdown, measure, splitSections } from '../../src/github/limits.js';

const MARKER = '<!-- ktriage:report -->';

async function reportWithInputs(count: number): Promise<Report> {
  const sources = Array.from({ length: count }, (_, i) => sourceFromText(`incidents/rack-${String(i).padStart(4, '0')}/notes-${i}.txt`, `operator note ${i}\n`));
  return analyze(sources);
}

/** A made-up finding with `lines` evidence lines, to grow the Evidence section. */
function withEvidence(report: Report, lines: number, text = 'watchdog: BUG: soft lockup - CPU#3 stuck for 22s! [kworker/3:1:812]'): Report {
  const evidence = Array.from({ length: lines }, (_, i) => ({ input: 'console.log', line: i + 1, text: `[ ${1000 + i}.5] ${text}` }));
  return { ...report, findings: [{ kind: 'soft-lockup-run', confidence: 'medium', method: 'log-analysis', summary: 'CPU 3 stuck repeatedly', evidence }] };
}

describe('splitSections', () => {
  it('finds the renderer’s sections and keeps fenced blank lines inside their block', async () => {
    const markdown = renderReport(withEvidence(await reportWithInputs(3), 4), 'markdown', { marker: MARKER });
    const names = splitSections(markdown).map((s) => s.name);
    expect(names[0]).toBe(MARKER);
    expect(names).toEqual(expect.arrayContaining(['Clocks', 'Evidence', 'Inputs (3)']));
    const evidence = splitSections(markdown).find((s) => s.name === 'Evidence')!;
    expect(evidence.text.startsWith('<details>')).toBe(true);
    expect(evidence.text.trimEnd().endsWith('</details>')).toBe(true);
  });

  it('keeps the Timeline chart and its table in one section (reference incident)', async () => {
    const { sources } = await collectSources(['examples/incident-2024-03-27']);
    const markdown = renderReport(await analyze(sources), 'markdown', { marker: MARKER });
    const sections = splitSections(markdown);
    const timeline = sections.find((s) => s.name === 'Timeline')!;
    expect(timeline.text).toContain('```mermaid');
    expect(timeline.text).toContain('| UTC |');
    expect(timeline.text).not.toContain('Who waits on whom');
    expect(sections.find((s) => s.name.startsWith('Who waits on whom'))?.rank).toBeGreaterThan(timeline.rank!);
    // Splitting loses nothing: the sections put back together are the report.
    expect(`${sections.map((s) => s.text).join('\n\n')}\n`).toBe(markdown);
    const fitted = fitMarkdown(markdown, { maxChars: markdown.length - 1 });
    expect(fitted.dropped.length).toBeGreaterThan(0);
    expect(fitted.text).not.toMatch(/\*\*Timeline\*\*\n\n(?!```mermaid)/);
  });
});

describe('fitMarkdown', () => {
  it('leaves a report that fits untouched', async () => {
    const markdown = renderReport(await reportWithInputs(2), 'markdown', { marker: MARKER });
    expect(fitMarkdown(markdown, { maxChars: COMMENT_MAX_CHARS })).toEqual({ text: markdown, trimmed: false, dropped: [] });
  });

  it('drops the big Inputs table of a 3000-file incident but keeps the small Clocks table', async () => {
    const markdown = renderReport(await reportWithInputs(3000), 'markdown', { marker: MARKER });
    expect(markdown.length).toBeGreaterThan(COMMENT_MAX_CHARS);
    const fitted = fitMarkdown(markdown, { maxChars: COMMENT_MAX_CHARS, fullReportHint: 'The full report is in the job summary.' });
    expect(fitted.trimmed).toBe(true);
    expect(fitted.dropped).toEqual(['Inputs (3000)']);
    expect(fitted.text.length).toBeLessThanOrEqual(COMMENT_MAX_CHARS);
    expect(fitted.text.startsWith(MARKER)).toBe(true);
    expect(fitted.text).toContain('<summary>Clocks</summary>');
    expect(fitted.text).toContain('**Verdict:**');
    expect(fitted.text).toMatch(/left out “Inputs \(3000\)”.*The full report is in the job summary\./);
  });

  it('drops Evidence before Inputs when dropping Evidence is enough', async () => {
    const report = withEvidence(await reportWithInputs(200), 2000);
    const markdown = renderReport(report, 'markdown');
    const inputsSize = splitSections(markdown).find((s) => s.name.startsWith('Inputs'))!.text.length;
    const evidenceSize = splitSections(markdown).find((s) => s.name === 'Evidence')!.text.length;
    expect(evidenceSize).toBeGreaterThan(inputsSize);
    const limit = markdown.length - evidenceSize + 500;
    const fitted = fitMarkdown(markdown, { maxChars: limit });
    expect(fitted.dropped).toEqual(['Evidence']);
    expect(fitted.text).toContain('<summary>Inputs (200)</summary>');
    expect(fitted.text.length).toBeLessThanOrEqual(limit);
  });

  it('counts UTF-8 bytes for the job summary limit', async () => {
    // Four-byte characters: under the limit in characters, over it in bytes.
    const report = withEvidence(await reportWithInputs(1), 300, '🔥'.repeat(40));
    const markdown = renderReport(report, 'markdown');
    const { chars, bytes } = measure(markdown);
    const maxBytes = Math.floor((chars + bytes) / 2);
    expect(chars).toBeLessThan(maxBytes);
    const fitted = fitMarkdown(markdown, { maxBytes });
    expect(fitted.dropped).toContain('Evidence');
    expect(Buffer.byteLength(fitted.text)).toBeLessThanOrEqual(maxBytes);
  });

  it('cuts at a line boundary and closes the open fence when even the essentials are too big', () => {
    const markdown = ['### ktriage: headline', '**Verdict:** x', '```text', ...Array.from({ length: 500 }, (_, i) => `line ${i}`), '```', '<sub>footer</sub>', ''].join('\n');
    const fitted = fitMarkdown(markdown, { maxChars: 2000 });
    expect(fitted.text.length).toBeLessThanOrEqual(2000);
    expect(fitted.text).toContain('cut the rest at a line boundary');
    const fences = fitted.text.split('\n').filter((line) => line === '```' || line === '```text');
    expect(fences.length % 2).toBe(0);
    expect(fitted.text).toMatch(/line \d+\n```\n\n> \[!NOTE\]/);
  });
});
