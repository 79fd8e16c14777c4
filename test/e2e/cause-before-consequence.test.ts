// The reshuffled reference incident of issue #13: another host, CPU and zone; the SEL's memory
// event 2 s before the host log went silent and the chassis roll-up in the same second as the
// silence. The event that names the failed part must win over the one closest in time.
import { describe, expect, it } from 'vitest';
import { analyze, sourceFromText } from '../../src/index.js';
import type { HardwareCorrelationFinding, Report } from '../../src/report/types.js';
import { makeVariant, shiftedIso, type Variant } from './variants.js';

const variant: Variant = { waitingCpu: 23, targetCpu: 11, hostOffsetMinutes: -7 * 60, shiftDays: 170, hostname: 'kv-store-4', comm: 'kcompactd1', pid: 412 };
/** The host log's last line before the silence, in the reference incident (UTC). */
const SILENT_AT = '2024-03-27T12:48:45Z';

const pad = (n: number) => String(n).padStart(2, '0');
function selStamp(iso: string): [string, string] {
  const d = new Date(iso);
  return [`${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${d.getUTCFullYear()}`, `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`];
}
const plus = (iso: string, seconds: number) => new Date(Date.parse(iso) + seconds * 1000).toISOString().replace('.000Z', 'Z');

/** Moves SEL record `id` of the `sel list` paste (and its `sel get`) to `iso`. */
function moveRecord(files: Map<string, string>, id: string, iso: string): void {
  const [date, time] = selStamp(iso);
  files.set('sel-list.txt', files.get('sel-list.txt')!.replace(new RegExp(`^( ${id} \\| )\\S+ \\| \\S+`, 'm'), `$1${date} | ${time}`));
  const get = files.get(`sel-get-0${id}.txt`);
  if (get) files.set(`sel-get-0${id}.txt`, get.replace(/(Timestamp\s+: )\S+ \S+/, `$1${date} ${time}`));
}

function reshuffled(memoryAt: number, chassisAt: number): Map<string, string> {
  const files = makeVariant(variant);
  const silent = shiftedIso(SILENT_AT, variant);
  moveRecord(files, '146', plus(silent, memoryAt));
  moveRecord(files, '147', plus(silent, chassisAt));
  return files;
}

const run = (files: Map<string, string>): Promise<Report> => analyze([...files].map(([name, text]) => sourceFromText(name, text)));
const correlations = (report: Report) => report.findings.filter((f): f is HardwareCorrelationFinding => f.kind === 'hardware-correlation');

describe('cause before consequence (issue #13 item 2)', () => {
  it('memory event 2 s before the silence, chassis roll-up in the same second: hardware-memory, chassis named as a consequence', async () => {
    const report = await run(reshuffled(-2, 0));
    expect(report.host.hostname).toBe(variant.hostname);
    const silent = shiftedIso(SILENT_AT, variant);
    // The inputs are what the issue describes: the chassis event is the closer one.
    const chassis = correlations(report).find((f) => f.hardwareEvent.recordId === 0x147)!;
    const memory = correlations(report).find((f) => f.hardwareEvent.recordId === 0x146)!;
    expect(chassis.hardwareEvent.time).toBe(silent);
    expect(memory.hardwareEvent.time).toBe(plus(silent, -2));
    expect(Math.abs(chassis.deltaSeconds)).toBeLessThan(Math.abs(memory.deltaSeconds));
    expect(memory.cause).toMatchObject({ class: 'memory-uncorrectable', rank: 1, consequence: false });
    expect(chassis.cause).toMatchObject({ class: 'chassis-rollup', consequence: true });

    expect(report.verdict.rootCause).toBe('hardware-memory');
    expect(report.verdict.stuckCpus).toEqual([variant.waitingCpu]);
    expect(report.verdict.targetCpu).toBe(variant.targetCpu);
    expect(report.verdict.summary).toContain(`"Transition to Non-recoverable" at ${plus(silent, -2)}, 2 s before the host log going silent`);
    // One sentence says why the chassis event was not chosen.
    const why = report.verdict.summary.split(/(?<=\.) (?=[A-Z])/).find((s) => s.startsWith('It was chosen'));
    expect(why).toMatch(/^It was chosen because it names the failed part .*, over Chassis #0xc4 "Transition to Critical from less severe" \(2 s later\), an aggregate .*: a consequence, not a cause\.$/);
  });

  it('keeps the memory event when the roll-up comes first, and by time only among equals', async () => {
    expect((await run(reshuffled(0, -2))).verdict.rootCause).toBe('hardware-memory');
    // Two memory events of equal rank: the closer one is chosen.
    const files = reshuffled(-4, 0);
    const second = files.get('sel-list.txt')!.replace(/^ 147 \| (\S+ \| \S+) \| Chassis #0xc4 \| Transition to Critical from less severe/m, ' 147 | $1 | Memory #0xec | Uncorrectable ECC');
    files.set('sel-list.txt', second);
    const report = await run(files);
    expect(report.verdict.summary).toContain('"Uncorrectable ECC"');
    expect(report.verdict.summary).toMatch(/"Transition to Non-recoverable" \(4 s earlier\), equal in rank but further from the failure/);
  });
});
