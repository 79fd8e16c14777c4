import { describe, expect, it } from 'vitest';
import { estimateBootAnchors, isBmcBootRecord, type BootMoment } from '../../src/align/boot-anchor.js';
import type { HostLogGap, KernelEvent } from '../../src/model/records.js';

const at = (iso: string) => Date.parse(iso);
const moment = (iso: string, line: number): BootMoment => ({ utcMillis: at(iso), source: { input: 'sel', line }, text: `boot ${line}` });
const lockup = (uptime: number, input = 'console.log'): KernelEvent => ({ kind: 'soft-lockup', uptime, source: { input, line: 1 } });
function silence(iso: string): { gap: HostLogGap; utcMillis: number } {
  const mark = { source: { input: 'messages', line: 9 }, text: 'last line' };
  return { gap: { before: mark, after: { source: { input: 'messages', line: 10 }, text: 'Linux version' }, afterIsBoot: true }, utcMillis: at(iso) };
}

describe('placing an uptime-only console through the BMC boot records', () => {
  const boots = [moment('2025-09-01T06:00:00Z', 1), moment('2025-09-01T06:03:00Z', 2), moment('2025-09-04T22:10:00Z', 3), moment('2025-09-05T09:00:00Z', 4)];

  it('picks the one boot that lasted long enough and ended in the host log going silent', () => {
    // 3 days 16 h 3 min of uptime: only the 09-01 boot (two records 3 min apart = one boot) fits before 09-04 22:10.
    const estimates = estimateBootAnchors([lockup(317_000)], boots, [silence('2025-09-04T22:05:00Z')], () => false);
    expect(estimates).toHaveLength(1);
    expect(new Date(estimates[0]!.uptimeZero).toISOString()).toBe('2025-09-01T06:03:00.000Z');
    expect(estimates[0]!.evidence.map((e) => e.line)).toEqual([2, 9]);
    expect(estimates[0]!.note).toMatch(/^estimate/);
  });

  it('gives no estimate when two boots fit, when none ended in silence, or when the input has its own clock', () => {
    const twoSilences = [silence('2025-09-04T22:05:00Z'), silence('2025-09-05T09:30:00Z')];
    expect(estimateBootAnchors([lockup(600)], boots, twoSilences, () => false)).toEqual([]);
    expect(estimateBootAnchors([lockup(317_000)], boots, [], () => false)).toEqual([]);
    expect(estimateBootAnchors([lockup(317_000)], boots, [silence('2025-09-04T22:05:00Z')], () => true)).toEqual([]);
  });

  it('refuses a boot whose uptime outlasts it', () => {
    // 4 days of uptime cannot fit in the 09-01 boot, and the later boots did not end in silence.
    expect(estimateBootAnchors([lockup(345_600)], boots, [silence('2025-09-04T22:05:00Z')], () => false)).toEqual([]);
  });

  it('knows which SEL records start a boot', () => {
    expect(isBmcBootRecord('System Boot Initiated', 'Initiated by warm reset', 'asserted')).toBe(true);
    expect(isBmcBootRecord('OS Boot', 'C: boot completed', 'asserted')).toBe(true);
    expect(isBmcBootRecord('System ACPI Power State', 'S0/G0: working', 'asserted')).toBe(true);
    expect(isBmcBootRecord('System ACPI Power State', 'S4/S5: soft-off', 'asserted')).toBe(false);
    expect(isBmcBootRecord('Memory', 'Uncorrectable ECC', 'asserted')).toBe(false);
  });
});
