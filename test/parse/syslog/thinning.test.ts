import { describe, expect, it } from 'vitest';
import { analyze, sourceFromText } from '../../../src/index.js';
import { SampleThinner } from '../../../src/parse/syslog/thinning.js';

describe('clock evidence over long logs', () => {
  it('keeps the first samples whole, then a logarithmic share', () => {
    const thinner = new SampleThinner(64);
    const kept = Array.from({ length: 1_000_000 }, () => thinner.take()).filter(Boolean).length;
    expect(kept).toBeGreaterThanOrEqual(64 + 32 * 13);
    expect(kept).toBeLessThan(64 + 33 * 15);
  });

  it('still sees the host offset change of a DST switch late in a long log', async () => {
    // Berlin: CET (+01:00) until 2025-03-30 01:00Z, CEST (+02:00) after. 3000 lines before, 300 after.
    const lines: string[] = [];
    const line = (utc: number, offsetHours: number) => {
      const local = new Date(utc + offsetHours * 3_600_000);
      const stamp = `Mar ${String(local.getUTCDate()).padStart(2, ' ')} ${local.toISOString().slice(11, 19)}`;
      return `${stamp} web-3 app[42]: {"ts":"${new Date(utc).toISOString()}","msg":"tick"}`;
    };
    const switchAt = Date.parse('2025-03-30T01:00:00Z');
    for (let i = 3000; i > 0; i--) lines.push(line(switchAt - i * 60_000, 1));
    for (let i = 0; i < 300; i++) lines.push(line(switchAt + i * 60_000, 2));
    const report = await analyze([sourceFromText('messages', lines.join('\n'))]);
    const offsets = JSON.stringify(report.clocks.hostUtcOffset);
    expect(offsets).toContain('+01:00');
    expect(offsets).toContain('+02:00');
  });
});
