import { describe, expect, it } from 'vitest';
import { analyze, sourceFromText, type Report } from '../../src/index.js';
import { commentTarget, parseRepository } from '../../src/action/event.js';
import { ANNOTATIONS_PER_LEVEL, findingAnnotations, gateFailure } from '../../src/action/gate.js';
import { InputError, markerFor, readInputs, splitList } from '../../src/action/inputs.js';
import { isMarker } from '../../src/github/sticky-comment.js';

const inputs = (values: Record<string, string>) => readInputs((name) => values[name] ?? '');

describe('readInputs', () => {
  it('splits paths on newlines and commas, skipping blanks and # comments', () => {
    expect(splitList('incidents/a/**\n# old ones:\n  incidents/b/*.log, !**/*.gz\n\n')).toEqual(['incidents/a/**', 'incidents/b/*.log', '!**/*.gz']);
  });

  it('applies the documented defaults', () => {
    expect(inputs({})).toMatchObject({ patterns: [], format: 'markdown', failOn: 'never', commentOn: { kind: 'none' }, commentAuthor: 'github-actions[bot]' });
  });

  it.each([
    ['comment_on', '#15', { commentOn: { kind: 'number', number: 15 } }],
    ['comment_on', 'AUTO', { commentOn: { kind: 'auto' } }],
    ['fail_on', 'Hardware', { failOn: 'hardware' }],
    ['format', 'json', { format: 'json' }],
  ])('reads %s = %s', (name, value, expected) => {
    expect(inputs({ [name]: value })).toMatchObject(expected);
  });

  it.each([
    ['comment_on', '0'],
    ['comment_on', 'yes please'],
    ['format', 'html'],
    ['fail_on', 'warning'],
    ['comment_key', 'a b'],
  ])('rejects %s = %s with the input named', (name, value) => {
    expect(() => inputs({ [name]: value })).toThrow(InputError);
    expect(() => inputs({ [name]: value })).toThrow(name);
  });

  it('keys markers so several reports can live on one issue, each a valid marker', () => {
    expect(markerFor('')).toBe('<!-- ktriage:report -->');
    expect(markerFor('rack-7/node-2')).toBe('<!-- ktriage:report rack-7/node-2 -->');
    expect(markerFor('rack-7/node-2').includes(markerFor(''))).toBe(false);
    expect(isMarker(markerFor('x.y'))).toBe(true);
  });
});

describe('commentTarget', () => {
  it('takes the issue, the pull request or the number of the event', () => {
    expect(commentTarget({ kind: 'auto' }, 'issue_comment', { issue: { number: 5 } })?.number).toBe(5);
    expect(commentTarget({ kind: 'auto' }, 'pull_request', { pull_request: { number: 8 }, number: 8 })?.number).toBe(8);
  });

  it('takes the first #N of a push’s head commit message, and nothing from a bare push', () => {
    expect(commentTarget({ kind: 'auto' }, 'push', { head_commit: { message: 'Add SEL (refs #31, see #40)' } })).toEqual({ number: 31, from: '#31 in the head commit message' });
    expect(commentTarget({ kind: 'auto' }, 'push', { head_commit: { message: 'rack#3 logs' } })).toBeUndefined();
    expect(commentTarget({ kind: 'auto' }, 'workflow_dispatch', {})).toBeUndefined();
  });

  it('lets an explicit number win over the event, and none mean none', () => {
    expect(commentTarget({ kind: 'number', number: 3 }, 'issues', { issue: { number: 5 } })?.number).toBe(3);
    expect(commentTarget({ kind: 'none' }, 'issues', { issue: { number: 5 } })).toBeUndefined();
  });

  it('parses owner/repo', () => {
    expect(parseRepository('acme/crash-artifacts')).toEqual({ owner: 'acme', repo: 'crash-artifacts' });
    expect(parseRepository('nonsense')).toBeUndefined();
  });
});

async function reportWith(rootCause: Report['verdict']['rootCause'], findings: Report['findings'] = []): Promise<Report> {
  const report = await analyze([sourceFromText('console.log', 'hello\n')]);
  return { ...report, findings, verdict: { ...report.verdict, rootCause, confidence: 'high', headline: `made-up ${rootCause}` } };
}

describe('gateFailure', () => {
  it.each([
    ['hardware', 'hardware-memory', true],
    ['hardware', 'hardware-cpu', true],
    ['hardware', 'software-lockup', false],
    ['hardware', 'ipi-unanswered', false],
    ['finding', 'software-lockup', true],
    ['finding', 'unknown', true],
    ['finding', 'none', false],
    ['never', 'hardware-memory', false],
  ] as const)('fail_on %s with root cause %s fails: %s', async (failOn, rootCause, fails) => {
    const reason = gateFailure(failOn, await reportWith(rootCause));
    expect(reason !== undefined).toBe(fails);
    if (reason) expect(reason).toBe(`fail_on: ${failOn} — root cause ${rootCause} (confidence high): made-up ${rootCause}`);
  });
});

describe('findingAnnotations', () => {
  it('points at the first evidence line of each finding, at most 10 per level', async () => {
    const finding = (i: number, confidence: 'high' | 'low') => ({
      kind: 'csd-lock-wait',
      confidence,
      method: 'disassembly' as const,
      summary: `CPU ${i} waits on CPU ${i + 1}`,
      evidence: [{ input: `logs/console-${i}.log`, line: 10 + i, text: 'csd: ...' }],
    });
    const findings = [...Array.from({ length: 12 }, (_, i) => finding(i, 'high')), finding(99, 'low'), { ...finding(100, 'low'), evidence: [] }];
    const annotations = findingAnnotations(await reportWith('ipi-unanswered', findings));
    expect(annotations.filter((a) => a.level === 'warning')).toHaveLength(ANNOTATIONS_PER_LEVEL);
    expect(annotations[0]).toEqual({ level: 'warning', title: 'ktriage: csd-lock-wait (disassembly, high)', message: 'CPU 0 waits on CPU 1', file: 'logs/console-0.log', startLine: 10 });
    expect(annotations.filter((a) => a.level === 'notice').map((a) => a.file)).toEqual(['logs/console-99.log']);
  });
});
