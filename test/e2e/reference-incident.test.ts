import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze, sourceFromText } from '../../src/index.js';
import type { CsdLockWaitFinding, HardwareCorrelationFinding, RecurrenceFinding, Report } from '../../src/report/types.js';
import { formatOffset, makeVariant, REFERENCE_DIR, shiftedIso, type Variant } from './variants.js';

const WRITEUP = new URL('../../examples/writeups/incident-2024-03-27.zh.md', import.meta.url).pathname;

function analyzeFiles(files: Map<string, string>, options = {}): Promise<Report> {
  return analyze([...files].map(([name, text]) => sourceFromText(name, text)), options);
}

function csdFinding(report: Report): CsdLockWaitFinding {
  const finding = report.findings.find((f) => f.kind === 'csd-lock-wait') as CsdLockWaitFinding | undefined;
  expect(finding, 'csd-lock-wait finding').toBeDefined();
  return finding!;
}

function correlation(report: Report): HardwareCorrelationFinding {
  const finding = report.findings.find((f) => f.kind === 'hardware-correlation') as HardwareCorrelationFinding | undefined;
  expect(finding, 'hardware-correlation finding').toBeDefined();
  return finding!;
}

describe('the reference incident, end to end through the CLI', () => {
  const report: Report = JSON.parse(
    execFileSync(process.execPath, ['bin/ktriage.js', 'analyze', '--format', 'json', REFERENCE_DIR], { encoding: 'utf8' }),
  );

  it('finds the soft lockup and the RCU stall on the stuck CPU', () => {
    const soft = report.events.filter((e) => e.kind === 'soft-lockup');
    expect(soft).toHaveLength(1);
    expect(soft[0]).toMatchObject({ cpu: 65, comm: 'kcompactd4', pid: 925, stuckSeconds: 22, pc: 'smp_call_function_many_cond+0x34c/0x3a0' });
    expect(report.events.find((e) => e.kind === 'rcu-stall')).toMatchObject({ cpu: 65 });
  });

  it('knows the host', () => {
    expect(report.host).toMatchObject({ hostname: 'node-2', kernelRelease: '4.18.0-372.19.1.es8_10.aarch64', arch: 'arm64' });
    expect(report.clocks.hostUtcOffset.value).toBe('+08:00');
    expect(report.clocks.hostUtcOffset.evidence.length).toBeGreaterThan(0);
  });

  it('finds the IPI target from the disassembly', () => {
    expect(csdFinding(report)).toMatchObject({
      waitingCpu: 65,
      targetCpu: 0,
      csdFlags: 3,
      csdFlagNames: ['CSD_FLAG_LOCK', 'CSD_FLAG_SYNCHRONOUS'],
      method: 'disassembly',
      confidence: 'high',
    });
  });

  it('places SEL record 0x146 and the log gap on UTC and lines them up', () => {
    const sel = report.events.filter((e) => e.kind === 'sel' && e.recordId === 0x146);
    expect(sel).toHaveLength(1);
    expect(sel[0]).toMatchObject({ time: '2024-03-27T12:48:44Z', sensorType: 'Memory', sensorNumber: 0xeb, description: 'Transition to Non-recoverable' });
    const gap = report.events.find((e) => e.kind === 'log-gap');
    expect(gap).toMatchObject({ time: '2024-03-27T12:48:45Z' });
    expect(String(gap!.until)).toMatch(/^2024-03-28T/);
    const hw = correlation(report);
    expect(hw.hardwareEvent.recordId).toBe(0x146);
    expect(Math.abs(hw.deltaSeconds)).toBeLessThanOrEqual(5);
  });

  it('names the earlier memory event as a recurrence and blames hardware memory', () => {
    const recurrence = report.findings.find((f) => f.kind === 'hardware-recurrence') as RecurrenceFinding | undefined;
    expect(recurrence?.occurrences.map((o) => o.time.slice(0, 10))).toEqual(['2024-03-23', '2024-03-27']);
    expect(report.verdict.rootCause).toBe('hardware-memory');
    expect(report.verdict.targetCpu).toBe(0);
    expect(report.verdict.stuckCpus).toEqual([65]);
  });
});

describe('the pasted write-up alone', () => {
  it('reaches the same csd-lock and correlation findings', async () => {
    const report = await analyze([sourceFromText('WRITEUP.zh.md', readFileSync(WRITEUP, 'utf8'))]);
    expect(csdFinding(report)).toMatchObject({ waitingCpu: 65, targetCpu: 0, csdFlags: 3, method: 'disassembly' });
    const hw = correlation(report);
    expect(hw.hardwareEvent.time).toBe('2024-03-27T12:48:44Z');
    expect(Math.abs(hw.deltaSeconds)).toBeLessThanOrEqual(5);
    expect(report.verdict.rootCause).toBe('hardware-memory');
  });
});

describe('unseen variants of the incident', () => {
  const variants: Variant[] = [
    { waitingCpu: 7, targetCpu: 42, hostOffsetMinutes: -5 * 60, shiftDays: 300, hostname: 'db-17', comm: 'kswapd1', pid: 311 },
    { waitingCpu: 120, targetCpu: 3, hostOffsetMinutes: 5 * 60 + 30, shiftDays: -41, hostname: 'edge-a', comm: 'kcompactd0', pid: 77 },
    { waitingCpu: 1, targetCpu: 95, hostOffsetMinutes: 0, shiftDays: 3, hostname: 'x', comm: 'migration/1', pid: 15 },
  ];
  for (const v of variants) {
    it(`CPU ${v.waitingCpu} → CPU ${v.targetCpu}, UTC${formatOffset(v.hostOffsetMinutes)}, ${v.shiftDays} days`, async () => {
      const report = await analyzeFiles(makeVariant(v));
      expect(report.events.find((e) => e.kind === 'soft-lockup')).toMatchObject({ cpu: v.waitingCpu, comm: v.comm, pid: v.pid });
      expect(report.host.hostname).toBe(v.hostname);
      expect(report.clocks.hostUtcOffset.value).toBe(formatOffset(v.hostOffsetMinutes));
      expect(csdFinding(report)).toMatchObject({ waitingCpu: v.waitingCpu, targetCpu: v.targetCpu, csdFlags: 3 });
      const hw = correlation(report);
      expect(hw.hardwareEvent.time).toBe(shiftedIso('2024-03-27T12:48:44Z', v));
      expect(report.events.find((e) => e.kind === 'log-gap')?.time).toBe(shiftedIso('2024-03-27T12:48:45Z', v));
      expect(report.verdict.targetCpu).toBe(v.targetCpu);
    });
  }

  it('a BMC on another clock, given as an option, moves the SEL and breaks nothing else', async () => {
    const report = await analyzeFiles(makeVariant(variants[0]!), { bmcUtcOffset: '+01:00' });
    const sel = report.events.find((e) => e.kind === 'sel' && e.recordId === 0x146);
    expect(sel?.time).toBe(new Date(Date.parse(shiftedIso('2024-03-27T12:48:44Z', variants[0]!)) - 3_600_000).toISOString().replace('.000Z', 'Z'));
  });
});
