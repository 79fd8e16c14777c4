// An unknown value is said as unknown: no renderer, verdict sentence or Action output may print
// `undefined`, `NaN` or `null` because an optional field was absent (issue #16 item 9).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { actionOutputs } from '../../src/action/runner.js';
import { findingAnnotations } from '../../src/action/gate.js';
import { analyze, renderReport, sourceFromText } from '../../src/index.js';
import type { EventKind, Finding, Report, ReportEvent } from '../../src/report/types.js';
import { decideVerdict } from '../../src/verdict/index.js';

// No word boundaries: `0xundefined` is the very bug this guards against.
const NOT_A_VALUE = /undefined|NaN|null/;

/** Every kind the engine emits (src/analyze/hardware.ts, src/analyze/waits/*), with only the fields its type requires. */
const FINDINGS: Finding[] = [
  { kind: 'csd-lock-wait', confidence: 'high', method: 'csd-debug-message', summary: 'csd wait', evidence: [], waitingCpu: 3, targetCpu: 5, csdFlags: null, csdFlagNames: [], flagLayout: 'unknown' },
  { kind: 'hardware-correlation', confidence: 'high', method: 'timeline', summary: 'hardware', evidence: [], hardwareEvent: { time: '2024-03-27T12:48:44Z', description: 'Transition to Non-recoverable', source: { input: 'sel.txt', line: 1 } }, correlatedWith: [], deltaSeconds: 1 },
  { kind: 'hardware-recurrence', confidence: 'medium', method: 'timeline', summary: 'recurrence', evidence: [], sensor: 'Memory', occurrences: [] },
  { kind: 'wait-target', confidence: 'medium', method: 'log-analysis', summary: 'target', evidence: [] },
  { kind: 'wait-graph', confidence: 'medium', method: 'log-analysis', summary: 'graph', evidence: [] },
  { kind: 'mutex-wait', confidence: 'medium', method: 'log-analysis', summary: 'mutex', evidence: [] },
  { kind: 'nmi-unanswered', confidence: 'medium', method: 'log-analysis', summary: 'nmi', evidence: [] },
  { kind: 'rcu-stall-wait', confidence: 'medium', method: 'log-analysis', summary: 'rcu', evidence: [] },
  { kind: 'rcu-kthread-starved', confidence: 'medium', method: 'log-analysis', summary: 'starved', evidence: [] },
  { kind: 'stop-machine-wait', confidence: 'medium', method: 'log-analysis', summary: 'stop', evidence: [] },
];

const EVENT_KINDS: EventKind[] = [
  'soft-lockup', 'hard-lockup', 'rcu-stall', 'hung-task', 'workqueue-lockup', 'csd-lock-timeout', 'nmi-backtrace', 'task-dump', 'register-dump',
  'panic', 'oops', 'warning', 'oom', 'mce', 'ghes', 'edac', 'memory-failure', 'sel', 'log-gap', 'boot',
];

function bare(kind: EventKind, line: number): ReportEvent {
  return { kind, source: { input: 'console.log', line } };
}

function report(events: ReportEvent[], findings: Finding[]): Report {
  const unknown = { value: 'unknown', method: 'none', confidence: 'low' as const, evidence: [] };
  return {
    schemaVersion: 1,
    tool: { name: 'ktriage', version: '0.0.0' },
    inputs: [{ name: 'console.log', kinds: ['kernel-log'], bytes: 0, lines: 0, unparsedLines: 0, warnings: [] }],
    host: {},
    clocks: { hostUtcOffset: unknown, bmcUtcOffset: unknown, boots: [] },
    events,
    findings,
    verdict: decideVerdict(events, findings, {}),
  };
}

/** Everything a person or a later workflow step reads: text, Markdown, Action outputs and annotations. */
function everySurface(r: Report): Record<string, string> {
  const outputs = actionOutputs(r, { json: 'report.json', markdown: 'report.md', chosen: 'report.md' });
  const annotations = findingAnnotations(r).map((a) => `${a.title}: ${a.message}`);
  return { text: renderReport(r, 'text'), markdown: renderReport(r, 'markdown'), ...outputs, annotations: annotations.join('\n') };
}

function expectNoPlaceholders(r: Report): void {
  for (const [surface, value] of Object.entries(everySurface(r))) {
    expect(value, `${surface} says a missing value as a JS placeholder`).not.toMatch(NOT_A_VALUE);
  }
}

describe('a finding or event with every optional field missing', () => {
  const events = EVENT_KINDS.map((kind, i) => bare(kind, i + 1));

  it.each(FINDINGS.map((f) => [f.kind, f] as const))('%s renders without undefined, NaN or null', (_kind, finding) => {
    expectNoPlaceholders(report(events, [finding]));
    expectNoPlaceholders(report([], [finding]));
  });

  it('all kinds together, and every event kind alone', () => {
    expectNoPlaceholders(report(events, FINDINGS));
    for (const event of events) expectNoPlaceholders(report([event], []));
  });
});

describe('csd flags the kernel did not print', () => {
  it('are said as unknown when the target came from a `csd: Detected non-responsive CSD lock` line', async () => {
    const log = readFileSync(join(import.meta.dirname, '../fixtures/waits/constructed/x86-5.15-csd-debug.log'), 'utf8');
    const r = await analyze([sourceFromText('x86-5.15-csd-debug.log', log)]);
    const csd = r.findings.find((f) => f.kind === 'csd-lock-wait');
    expect(csd).toMatchObject({ method: 'csd-debug-message', targetCpu: 5, csdFlags: null });
    expect(r.verdict.summary).toContain('csd flags unknown');
    expect(r.verdict.summary).not.toMatch(/0x(undefined|null)/);
    expectNoPlaceholders(r);
  });
});
