// The windowed path (src/ingest/search/windowed.ts, issue #14) against the full path: search
// first, read windows around the hits, count the rest. On every fixture, every field case (when
// ../shared is there) and the benchmark's corpus, both give the same report — with small windows
// and a short stride, so that most of a fixture's lines between reports are only counted.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeCorpus } from '../../scripts/bench/corpus.js';
import { analyze } from '../../src/engine.js';
import { ingest } from '../../src/ingest/index.js';
import { emptyBundle } from '../../src/model/records.js';
import { PARSERS } from '../../src/parse/registry.js';
import { sourceFromBytes, type InputSource } from '../../src/ingest/source.js';
import type { WindowedPlan } from '../../src/ingest/search/windowed.js';
import type { Report } from '../../src/report/types.js';
import { loadFixtures } from '../fuzz/properties.js';

const SMALL: Partial<WindowedPlan> = { head: 1, before: 8, after: 8, stride: 50 };
const FIELD = join(import.meta.dirname, '..', '..', '..', 'shared', 'corpus', 'field');

/** The report without what only the windowed path has: how many lines it counted. */
function comparable(report: Report): { report: Report; counted: number } {
  const copy = structuredClone(report);
  let counted = 0;
  for (const input of copy.inputs) {
    counted += input.decoding?.countedLines ?? 0;
    if (input.decoding) delete input.decoding.countedLines;
  }
  return { report: copy, counted };
}

async function both(sources: () => InputSource[], plan = SMALL): Promise<{ full: Report; windowed: Report; counted: number }> {
  const full = comparable(await analyze(sources(), { windowed: 'never', fastLane: false }));
  const windowed = comparable(await analyze(sources(), { windowed: 'always', windowPlan: plan }));
  return { full: full.report, windowed: windowed.report, counted: windowed.counted };
}

describe('windowed path', () => {
  it('gives the same report as the full path on every fixture, lines between reports only counted', async () => {
    let counted = 0;
    for (const fixture of loadFixtures()) {
      const result = await both(() => [sourceFromBytes(fixture.name, fixture.bytes)]);
      expect(result.windowed, fixture.name).toEqual(result.full);
      counted += result.counted;
    }
    // The property says something only if lines were skipped.
    expect(counted).toBeGreaterThan(5_000);
  });

  it.skipIf(!existsSync(FIELD))('gives the same report on every case of the field corpus', async () => {
    for (const name of readdirSync(FIELD).sort()) {
      const dir = join(FIELD, name);
      if (!statSync(dir).isDirectory()) continue;
      const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .map((file) => join(dir, file))
        .filter((path) => statSync(path).isFile() && !/expect\.json$|\.md$/.test(path));
      const result = await both(() => files.map((path) => sourceFromBytes(path, readFileSync(path))));
      expect(result.windowed, name).toEqual(result.full);
    }
  });

  it('reads a busy host log by its windows: the planted reports found as the full path finds them, most lines counted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ktriage-windowed-'));
    try {
      const file = join(dir, 'messages');
      const { planted, lines } = writeCorpus(file, { bytes: 3 << 20, episodes: 3 });
      const bytes = readFileSync(file);
      const result = await both(() => [sourceFromBytes('messages', bytes)], { head: 100 });
      const lockups = result.windowed.events.filter((event) => event.kind === 'soft-lockup');
      expect(lockups.map((event) => [event.cpu, event.pid, event.source?.line])).toEqual(planted.map((p) => [p.cpu, p.pid, p.line]));
      // Clock samples are thinned over what was read (docs/ingest.md): the offset they give is the same.
      const { clocks: fullClocks, ...full } = result.full;
      const { clocks: windowedClocks, ...windowed } = result.windowed;
      expect(windowed).toEqual(full);
      expect(windowedClocks.hostUtcOffset.value).toBe(fullClocks.hostUtcOffset.value);
      expect(windowedClocks.boots).toEqual(fullClocks.boots);
      expect(result.counted).toBeGreaterThan(0.8 * lines);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says how many lines it only counted, and reads the last line (where the log ends)', async () => {
    // No kernel line follows the report: the window closes at its cap, not after 200 kernel lines.
    const plan = { ...SMALL, cap: 100 };
    const noise = Array.from({ length: 300 }, (_, i) => `Jun  1 00:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} db-7 sshd[42]: Accepted publickey for ops`);
    const text = [...noise, 'Jun  1 00:05:00 db-7 kernel: watchdog: BUG: soft lockup - CPU#3 stuck for 22s! [kworker/3:1:77]', ...noise.map((line) => line.replace('00:0', '00:1'))].join('\n');
    const bytes = new TextEncoder().encode(text);
    const report = await analyze([sourceFromBytes('messages', bytes)], { windowed: 'always', windowPlan: plan });
    const input = report.inputs[0]!;
    expect(input.lines).toBe(601);
    expect(input.decoding!.countedLines).toBeGreaterThan(450);
    expect(report.events.find((event) => event.kind === 'soft-lockup')).toMatchObject({ cpu: 3, source: { line: 301 } });
    const bundle = emptyBundle();
    await ingest(sourceFromBytes('messages', bytes), PARSERS, bundle, { windowed: 'always', windowPlan: plan });
    expect(bundle.hostLogSpans.map((span) => [span.first.source.line, span.last.source.line])).toEqual([[1, 601]]);
  });
});

describe('windowed path reading a file by position (InputSource.file)', () => {
  it('gives the report the stream gives: NULs skipped at the head, a line longer than a block, every byte accounted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ktriage-windowed-file-'));
    try {
      const file = join(dir, 'console.log');
      const { planted } = writeCorpus(join(dir, 'corpus'), { bytes: 3 << 20, episodes: 2 });
      const corpus = readFileSync(join(dir, 'corpus'));
      // A console file of a crashed VM starts with a hole; a 3 MiB line spans several blocks.
      const long = `Jun  1 00:00:00 db-7 app[1]: ${'x'.repeat(3 << 20)}\n`;
      const bytes = Buffer.concat([Buffer.alloc(4096), corpus, Buffer.from(long), corpus]);
      writeFileSync(file, bytes);
      const streamed = { name: file, size: bytes.byteLength, open: sourceFromBytes(file, bytes).open };
      const byPosition: InputSource = { ...streamed, file };
      const plan = { head: 100 };
      const a = comparable(await analyze([streamed], { windowed: 'always', windowPlan: plan }));
      const b = comparable(await analyze([byPosition], { windowed: 'always', windowPlan: plan }));
      expect(b.report).toEqual(a.report);
      expect(b.counted).toBe(a.counted);
      expect(b.report.inputs[0]!.bytes).toBe(bytes.byteLength);
      // The second copy repeats the first one's stamps: its lockups fold into the first's episodes.
      expect(b.report.events.filter((event) => event.kind === 'soft-lockup')).toHaveLength(planted.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A busy host log of `bytes` with `episodes` planted lockups, in a temporary folder removed afterwards. */
async function withCorpus(bytes: number, episodes: number, use: (file: string, planted: { cpu: number; pid: number; line: number }[]) => Promise<void> | void): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ktriage-windowed-'));
  try {
    const file = join(dir, 'messages');
    const { planted } = writeCorpus(file, { bytes, episodes });
    await use(file, planted);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('windowed path on worker threads (the built CLI)', () => {
  it('a 20 MiB host log: the scanning threads find what the full path finds, and the report says what was only counted', async () => {
    const { spawnSync } = await import('node:child_process');
    await withCorpus(20 << 20, 4, (file, planted) => {
      const run = (...flags: string[]) => {
        const out = spawnSync('node', ['bin/ktriage.js', 'analyze', '--format', 'json', ...flags, file], { encoding: 'utf8', maxBuffer: 64 << 20 });
        expect(out.status, out.stderr).toBe(0);
        return JSON.parse(out.stdout) as Report;
      };
      const windowed = run();
      const full = run('--read-all');
      const lockups = (report: Report) => report.events.filter((event) => event.kind === 'soft-lockup').map((event) => [event.cpu, event.pid, event.source?.line]);
      expect(lockups(windowed)).toEqual(planted.map((p) => [p.cpu, p.pid, p.line]));
      expect(windowed.events).toEqual(full.events);
      expect(windowed.verdict).toEqual(full.verdict);
      expect(windowed.inputs[0]!.lines).toBe(full.inputs[0]!.lines);
      expect(windowed.inputs[0]!.decoding!.countedLines).toBeGreaterThan(0.9 * full.inputs[0]!.lines);
      expect(full.inputs[0]!.decoding!.countedLines).toBeUndefined();
    });
  }, 120_000);

  it('runs where the process has flags a worker cannot take (node --input-type=module -e, as the bench runs it)', async () => {
    const { spawnSync } = await import('node:child_process');
    await withCorpus(17 << 20, 2, (file, planted) => {
      const script = `import { analyze } from ${JSON.stringify(join(process.cwd(), 'lib', 'src', 'engine.js'))};
        import { sourceFromBytes } from ${JSON.stringify(join(process.cwd(), 'lib', 'src', 'ingest', 'source.js'))};
        import { readFileSync } from 'node:fs';
        const report = await analyze([sourceFromBytes('messages', readFileSync(${JSON.stringify(file)}))]);
        console.log(JSON.stringify({ lockups: report.events.filter((e) => e.kind === 'soft-lockup').map((e) => e.source.line), counted: report.inputs[0].decoding.countedLines, warnings: report.inputs[0].warnings }));`;
      const out = spawnSync('node', ['--input-type=module', '-e', script], { encoding: 'utf8' });
      expect(out.status, out.stderr).toBe(0);
      const result = JSON.parse(out.stdout) as { lockups: number[]; counted: number; warnings: string[] };
      expect(result.lockups).toEqual(planted.map((p) => p.line));
      expect(result.counted).toBeGreaterThan(0);
      expect(result.warnings).toEqual([]);
    });
  }, 120_000);
});
