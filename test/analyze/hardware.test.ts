import { describe, expect, it } from 'vitest';
import { alignClocks } from '../../src/align/index.js';
import type { AnalysisContext } from '../../src/analyze/context.js';
import { correlateHardware, findRecurrences, isSeriousHardwareEvent } from '../../src/analyze/hardware.js';
import { emptyBundle } from '../../src/model/records.js';
import type { HardwareCorrelationFinding, RecurrenceFinding, ReportEvent } from '../../src/report/types.js';

function sel(line: number, time: string, description: string, extra: Partial<ReportEvent> = {}): ReportEvent {
  return { kind: 'sel', time, description, sensorType: 'Memory', sensorNumber: 0x21, direction: 'asserted', source: { input: 'sel.txt', line }, recordId: line, ...extra };
}

function context(events: ReportEvent[], hostOffset = '+02:00'): AnalysisContext {
  const bundle = emptyBundle();
  return { bundle, alignment: alignClocks(bundle, { hostUtcOffset: hostOffset, bmcUtcOffset: '+00:00' }), host: {}, events };
}

describe('hardware correlation', () => {
  it('tells serious hardware events from routine ones', () => {
    expect(isSeriousHardwareEvent(sel(1, '2025-01-01T00:00:00Z', 'Uncorrectable ECC'))).toBe(true);
    expect(isSeriousHardwareEvent(sel(1, '2025-01-01T00:00:00Z', 'Transition to Non-recoverable'))).toBe(true);
    expect(isSeriousHardwareEvent(sel(1, '2025-01-01T00:00:00Z', 'Transition to OK'))).toBe(false);
    expect(isSeriousHardwareEvent(sel(1, '2025-01-01T00:00:00Z', 'Presence detected'))).toBe(false);
    expect(isSeriousHardwareEvent(sel(1, '2025-01-01T00:00:00Z', 'Uncorrectable ECC', { direction: 'deasserted' }))).toBe(false);
    expect(isSeriousHardwareEvent(sel(1, '2025-01-01T00:00:00Z', 'whatever', { severity: 'critical' }))).toBe(true);
    expect(isSeriousHardwareEvent(sel(1, '2025-01-01T00:00:00Z', 'Uncorrectable ECC', { severity: 'ok' }))).toBe(false);
  });

  it('pairs a hardware event with the closest kernel event or log gap inside the window, with the signed delta', () => {
    const gap: ReportEvent = { kind: 'log-gap', time: '2025-06-01T03:10:07Z', until: '2025-06-01T09:00:00Z', source: { input: 'messages', line: 90 } };
    const lockup: ReportEvent = { kind: 'soft-lockup', cpu: 12, time: '2025-06-01T03:08:30Z', source: { input: 'console', line: 4 } };
    const far: ReportEvent = { kind: 'hung-task', time: '2025-06-01T05:00:00Z', source: { input: 'console', line: 8 } };
    const hw = sel(7, '2025-06-01T03:10:04Z', 'Uncorrectable ECC');
    const findings = correlateHardware(context([lockup, hw, gap, far])) as HardwareCorrelationFinding[];
    expect(findings).toHaveLength(1);
    expect(findings[0]!.deltaSeconds).toBe(-3);
    expect(findings[0]!.correlatedWith.map((c) => c.kind)).toEqual(['log-gap', 'soft-lockup']);
    expect(findings[0]!.confidence).toBe('high');
    expect(findings[0]!.evidence[0]).toMatchObject({ input: 'sel.txt', line: 7 });
  });

  it('gives a distant match low confidence and finds nothing outside the window', () => {
    const lockup: ReportEvent = { kind: 'soft-lockup', cpu: 3, time: '2025-06-01T03:00:00Z', source: { input: 'console', line: 4 } };
    const near = correlateHardware(context([lockup, sel(1, '2025-06-01T03:04:00Z', 'Uncorrectable ECC')])) as HardwareCorrelationFinding[];
    expect(near[0]!.deltaSeconds).toBe(240);
    expect(near[0]!.confidence).toBe('low');
    expect(correlateHardware(context([lockup, sel(1, '2025-06-01T03:06:00Z', 'Uncorrectable ECC')]))).toEqual([]);
  });

  it('reports a recurring sensor event once per episode', () => {
    const events = [
      sel(1, '2025-02-01T10:00:00Z', 'Uncorrectable ECC'),
      sel(2, '2025-02-01T10:00:05Z', 'Uncorrectable ECC'),
      sel(3, '2025-02-04T22:15:00Z', 'Uncorrectable ECC'),
      sel(4, '2025-02-04T22:20:00Z', 'Correctable ECC', { severity: 'warning' }),
    ];
    const findings = findRecurrences(context(events)) as RecurrenceFinding[];
    expect(findings).toHaveLength(1);
    expect(findings[0]!.occurrences.map((o) => o.recordId)).toEqual([1, 3]);
    expect(findings[0]!.sensor).toBe('Memory #0x21');
  });
});
