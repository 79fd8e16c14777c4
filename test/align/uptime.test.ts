import { describe, expect, it } from 'vitest';
import { fitUptime, uptimeToUtcWith, type UptimeSample } from '../../src/align/uptime.js';
import { analyze, sourceFromText } from '../../src/index.js';

const boot = Date.UTC(2025, 1, 3, 22, 10, 4);
const sample = (uptime: number, stepSeconds = 0, line = 1): UptimeSample => ({
  uptime,
  // Syslog stamps are whole seconds.
  utcMillis: Math.floor((boot + uptime * 1000 + stepSeconds * 1000) / 1000) * 1000,
  source: { input: 'messages', line },
  text: `line ${line}`,
});

describe('uptime ↔ wall clock fit', () => {
  it('keeps an NTP step as a step instead of averaging it away', () => {
    const samples = [sample(3.2, 0, 1), sample(9.8, 0, 2), sample(15.1, 0, 3), sample(40.5, 37, 4), sample(90.25, 37, 5), sample(300.9, 37, 6)];
    const [fit] = fitUptime(samples);
    expect(fit!.steps).toEqual([expect.objectContaining({ atUptime: 40.5, seconds: 37 })]);
    expect(fit!.segments.map((s) => s.samples)).toEqual([3, 3]);
    // Before the step the old wall clock applies, after it the new one.
    expect(Math.abs(uptimeToUtcWith([fit!], 10)! - (boot + 10_000))).toBeLessThan(1000);
    expect(Math.abs(uptimeToUtcWith([fit!], 200)! - (boot + 200_000 + 37_000))).toBeLessThan(1000);
  });

  it('does not take one odd line for a step', () => {
    const [fit] = fitUptime([sample(3.2), sample(9.8), sample(15.1, 600), sample(40.5), sample(90.25)]);
    expect(fit!.steps).toEqual([]);
    expect(fit!.segments).toHaveLength(1);
  });

  it('splits boots where uptime goes backwards and maps an uptime only inside a known boot', () => {
    const fits = fitUptime([sample(5), sample(50), sample(2), sample(20)]);
    expect(fits).toHaveLength(2);
    expect(uptimeToUtcWith(fits, 10)).toBeUndefined();
    expect(uptimeToUtcWith(fits, 10, 0)).toBeDefined();
  });

  it('reports a step seen in syslog kernel lines in clocks.boots', async () => {
    const stamp = (utc: number) => {
      const d = new Date(utc + 3600_000); // host at +01:00
      const mon = ['Jan', 'Feb', 'Mar'][d.getUTCMonth()]!;
      return `${mon} ${String(d.getUTCDate()).padStart(2, ' ')} ${d.toISOString().slice(11, 19)}`;
    };
    const anchor = `${stamp(boot + 2000)} kube-9 containerd[640]: time="${new Date(boot + 2000).toISOString()}" level=info msg="starting containerd"`;
    const kernel = (uptime: number, step: number) => `${stamp(boot + uptime * 1000 + step * 1000)} kube-9 kernel: [${uptime.toFixed(6).padStart(12, ' ')}] e1000e: eth0 NIC Link is Up`;
    const text = [anchor, kernel(3.5, 0), kernel(12.25, 0), kernel(30.5, -120), kernel(60.75, -120), kernel(120.5, -120)].join('\n');
    const report = await analyze([sourceFromText('messages', `${text}\n`)]);
    const withSteps = report.clocks.boots.find((b) => b.steps);
    expect(withSteps?.steps).toEqual([expect.objectContaining({ atUptime: 30.5, seconds: -120 })]);
  });

  it('an input of several hosts: one boot per host, each kernel fitted on its own uptime', async () => {
    // A central syslog (RFC 3339, zoned stamps) interleaving three hosts whose kernels booted on different days.
    const booted: Record<string, number> = { 'db-1': Date.UTC(2024, 2, 1, 6), 'web-2': Date.UTC(2024, 2, 20, 9), 'cache-3': Date.UTC(2024, 1, 11, 23) };
    const lines: string[] = [];
    for (let i = 0; i < 40; i++) {
      for (const host of Object.keys(booted)) {
        const utc = Date.UTC(2024, 2, 27, 4, 0, i * 7);
        const uptime = (utc - booted[host]!) / 1000;
        lines.push(`${new Date(utc).toISOString().replace('Z', '+00:00')} ${host} kernel: [${uptime.toFixed(6).padStart(12, ' ')}] eth0: link up ${i}`);
      }
    }
    const report = await analyze([sourceFromText('messages', `${lines.join('\n')}\n`)]);
    const measured = report.clocks.boots.filter((b) => b.method === 'uptime-pairs');
    expect(measured.map((b) => [b.host, b.uptimeZeroAt?.slice(0, 16), b.steps ?? []]).sort()).toEqual(
      Object.entries(booted)
        .map(([host, at]) => [host, new Date(at).toISOString().slice(0, 16), []])
        .sort(),
    );
  });
});
