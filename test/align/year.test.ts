import { describe, expect, it } from 'vitest';
import { analyze, sourceFromText } from '../../src/index.js';

// A year-less Ubuntu kern.log excerpt (BSD syslog stamps) of a host at +02:00.
const BANNER = 'Aug  2 22:14:03 web-4 kernel: [    0.000000] Linux version 6.8.0-41-generic (buildd@lcy02-amd64-100) (x86_64-linux-gnu-gcc-13 (Ubuntu 13.2.0-23ubuntu4) 13.2.0) #41-Ubuntu SMP PREEMPT_DYNAMIC Fri Jul 12 20:41:06 UTC 2024 (Ubuntu 6.8.0-41.41-generic 6.8.12)';
const LOCKUP = 'Aug  2 23:40:11 web-4 kernel: [ 5168.004000] watchdog: BUG: soft lockup - CPU#3 stuck for 22s! [kworker/3:1:311]';
const lockupTime = async (text: string, options: Parameters<typeof analyze>[1], modifiedMillis?: number) => {
  const source = { ...sourceFromText('kern.log', text), ...(modifiedMillis !== undefined ? { modifiedMillis } : {}) };
  const report = await analyze([source], { hostUtcOffset: '+02:00', ...options });
  return { report, time: report.events.find((e) => e.kind === 'soft-lockup')?.time };
};

describe('the year of year-less host stamps', () => {
  it('from the kernel banner’s build date, labelled as an estimate', async () => {
    const { report, time } = await lockupTime([BANNER, LOCKUP].join('\n'), {});
    expect(time).toBe('2024-08-02T21:40:11Z');
    expect(report.clocks.year).toMatchObject({ value: 2024, method: 'kernel-build-date', evidence: 'kern.log:1' });
    expect(report.clocks.year!.note).toMatch(/^estimate: the kernel was built Jul 12 2024/);
  });

  it('a log dated before the build date in the calendar is from the year after the build', async () => {
    const { report } = await lockupTime([BANNER.replace('Aug  2', 'Mar  4'), LOCKUP.replace('Aug  2', 'Mar  4')].join('\n'), {});
    expect(report.clocks.year?.value).toBe(2025);
  });

  it('--year wins; without any source the report says why host times stay off UTC', async () => {
    expect((await lockupTime(LOCKUP, { year: 2023 })).time).toBe('2023-08-02T21:40:11Z');
    const { report, time } = await lockupTime(LOCKUP, {});
    expect(time).toBeUndefined();
    expect(report.clocks.year).toBeUndefined();
    expect(report.clocks.hostUtcOffset.note).toMatch(/carry no year.*pass --year/);
    await expect(analyze([sourceFromText('kern.log', LOCKUP)], { year: 19 })).rejects.toThrow(/--year must be a year/);
  });

  it('the file’s modification time, as the last resort, and labelled', async () => {
    const { report, time } = await lockupTime(LOCKUP, {}, Date.UTC(2022, 7, 3, 6, 0, 0));
    expect(time).toBe('2022-08-02T21:40:11Z');
    expect(report.clocks.year).toMatchObject({ value: 2022, method: 'file-mtime' });
    // A file touched in January holding August lines: written the year before.
    expect((await lockupTime(LOCKUP, {}, Date.UTC(2023, 0, 9))).report.clocks.year?.value).toBe(2022);
  });

  it('journalctl --show-cursor: the last entry’s realtime gives the year and the host offset', async () => {
    // t=61eba2bfea8c0 µs = 2024-08-02T21:40:11.123904Z, the realtime of the last line shown.
    const text = [LOCKUP, '-- cursor: s=0a3c6f0e4b9a4a0c8e7c2a8f7d1b2c3d;i=1f2e3;b=6b1f0c2d3e4f40718293a4b5c6d7e8f9;m=134ab6f2;t=61eba2bfea8c0;x=9a8b7c6d5e4f3a2b'].join('\n');
    const report = await analyze([sourceFromText('journal.txt', text)]);
    expect(report.clocks.year).toMatchObject({ value: 2024, method: 'utc-evidence' });
    expect(report.clocks.hostUtcOffset).toMatchObject({ value: '+02:00', method: 'embedded-timestamp' });
    expect(report.events.find((e) => e.kind === 'soft-lockup')?.time).toBe('2024-08-02T21:40:11Z');
  });
});
