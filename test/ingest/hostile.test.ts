// Every kind of hostile input, read from test/fixtures/hostile/ (made by
// scripts/hostile-fixtures.ts): the report must say what each input is and what was done to it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, sourceFromBytes, type InputReport } from '../../src/index.js';
import type { AnalyzeOptions } from '../../src/engine.js';
import { MAX_KEPT_EVENTS } from '../../src/parse/kernel/parser.js';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'hostile');

async function inputsOf(name: string, options: AnalyzeOptions = {}): Promise<InputReport[]> {
  const report = await analyze([sourceFromBytes(name, readFileSync(join(DIR, name)))], options);
  return report.inputs;
}

async function only(name: string, options: AnalyzeOptions = {}): Promise<InputReport> {
  const inputs = await inputsOf(name, options);
  expect(inputs).toHaveLength(1);
  return inputs[0]!;
}

describe('text hygiene', () => {
  it('normalises CRLF line endings and counts them', async () => {
    const input = await only('crlf.log');
    expect(input).toMatchObject({ kinds: ['syslog'], lines: 6, unparsedLines: 0 });
    expect(input.decoding).toMatchObject({ crlfLines: 6, loneCrBreaks: 0 });
  });

  it('breaks lines at a lone CR and treats CR CR LF as one line end', async () => {
    const input = await only('lone-cr.log');
    // 3 fsck redraws + 3 kernel lines; the doubled CRs make no empty lines.
    expect(input.lines).toBe(6);
    expect(input.decoding).toMatchObject({ loneCrBreaks: 2, crlfLines: 3 });
    expect(input.kinds).toContain('kernel-log');
  });

  it('strips ANSI colour and title sequences', async () => {
    const input = await only('ansi.log');
    expect(input.decoding!.ansiSequences).toBe(5);
    expect(input.kinds).toContain('kernel-log');
  });

  it('removes a NUL hole left by a crash and reads the lines around it', async () => {
    const input = await only('nul-hole.log');
    expect(input.lines).toBe(6);
    expect(input.decoding!.nulBytes).toBe(4096);
    expect(input.warnings.find((w) => w.includes('NUL'))).toMatch(/^4096 NUL bytes removed \(1 run; the longest, 4096 bytes, at byte \d+: blocks that were never written\)$/);
    expect(input.skipped).toBeUndefined();
  });

  it('removes stray control bytes and says how many', async () => {
    const input = await only('control-bytes.log');
    expect(input.decoding!.controlBytes).toBe(3);
    expect(input.unparsedLines).toBe(0);
  });

  it('keeps UTF-8 with a few broken sequences as UTF-8 and counts the replacements', async () => {
    const input = await only('invalid-utf8.log');
    expect(input.decoding).toMatchObject({ encoding: 'utf-8', invalidSequences: 2 });
    expect(input.warnings.some((w) => w.startsWith('2 byte sequences were not valid utf-8'))).toBe(true);
  });

  it('reads a single-byte log as latin-1', async () => {
    const input = await only('latin1.log');
    expect(input.decoding).toMatchObject({ encoding: 'latin-1', invalidSequences: 0 });
    expect(input.kinds).toEqual(['syslog']);
  });

  it.each([
    ['utf8-bom.log', 'utf-8', true],
    ['utf16le-bom.log', 'utf-16le', true],
    ['utf16be-bom.log', 'utf-16be', true],
    ['utf16le-nobom.log', 'utf-16le', false],
  ] as const)('decodes %s as %s', async (name, encoding, bom) => {
    const input = await only(name);
    expect(input.decoding).toMatchObject({ encoding, bom });
    expect(input).toMatchObject({ kinds: ['syslog'], lines: 3, unparsedLines: 0 });
  });

  it('cuts a 200,000-character line to the limit with a warning and reads on', async () => {
    const input = await only('long-line.log');
    expect(input.lines).toBe(3);
    expect(input.decoding!.cutLines).toBe(1);
    expect(input.warnings).toContain('1 lines longer than 65536 characters were cut to that length (first: line 2)');
  });

  it('honours a smaller line limit', async () => {
    const input = await only('crlf.log', { limits: { maxLineChars: 40 } });
    expect(input.decoding!.cutLines).toBe(6);
  });

  it('rejoins a line wrapped by an 80-column terminal', async () => {
    const input = await only('wrapped.log');
    expect(input.decoding!.rejoinedLines).toBe(1);
    expect(input.lines).toBe(2);
  });
});

describe('inputs that are not logs', () => {
  it.each([
    ['binary.bin', 'binary', /^binary file: \d+% of the first 16384 bytes are NUL or control bytes$/],
    ['all-nul.log', 'empty', /^only NUL bytes \(8192\): nothing was written to it$/],
    ['system.journal', 'binary', /systemd journal.*journalctl --file/],
    ['logs.xz', 'archive', /^xz-compressed: not unpacked/],
    ['empty.log', 'empty', /^empty input$/],
  ] as const)('skips %s with the reason', async (name, kind, reason) => {
    const input = await only(name);
    expect(input.kinds).toEqual([kind]);
    expect(input.skipped).toMatch(reason);
    expect(input.lines).toBe(0);
  });
});

describe('compressed inputs and archives, recognised by content', () => {
  it('unpacks gzip whatever the name, and reads text named .gz as text', async () => {
    const gz = await only('gzipped.txt');
    expect(gz.decoding).toMatchObject({ compression: ['gzip'], textBytes: 396 });
    expect(gz).toMatchObject({ kinds: ['syslog'], lines: 6, bytes: 119 });
    const plain = await only('plain.gz');
    expect(plain.decoding!.compression).toEqual([]);
    expect(plain.lines).toBe(6);
  });

  it('reads what a truncated gzip file holds and says it was cut', async () => {
    const input = await only('truncated.log.gz');
    expect(input.lines).toBeGreaterThan(100);
    expect(input.warnings[0]).toMatch(/truncated/);
  });

  it('lists a .tgz and each of its members, nested gzip included', async () => {
    const inputs = await inputsOf('bundle.tgz');
    expect(inputs.map((i) => i.name)).toEqual([
      'bundle.tgz',
      'bundle.tgz:console.log',
      'bundle.tgz:core.bin',
      'bundle.tgz:var/log/messages',
      'bundle.tgz:var/log/messages.1.gz',
    ]);
    const [archive, console, core, messages, rotated] = inputs;
    expect(archive!.kinds).toEqual(['archive']);
    expect(archive!.archive).toMatchObject({ format: 'tar', compression: ['gzip'], members: 4, skippedEntries: [{ path: 'latest', reason: 'symbolic link, not a regular file' }] });
    expect(console).toMatchObject({ kinds: ['kernel-log'], lines: 3, container: 'bundle.tgz' });
    expect(core!.skipped).toMatch(/^binary file/);
    expect(messages).toMatchObject({ kinds: ['syslog'], lines: 20 });
    expect(rotated).toMatchObject({ kinds: ['syslog'], lines: 10 });
    expect(rotated!.decoding!.compression).toEqual(['gzip']);
  });

  it('reads a plain tar', async () => {
    const inputs = await inputsOf('bundle.tar');
    expect(inputs.map((i) => [i.name, i.lines])).toEqual([
      ['bundle.tar', 0],
      ['bundle.tar:console.log', 3],
      ['bundle.tar:var/log/messages', 20],
    ]);
  });

  it.each(['bundle.zip', 'stored.zip', 'streamed.zip'])('reads the members of %s', async (name) => {
    const inputs = await inputsOf(name);
    expect(inputs[0]!.archive!.format).toBe('zip');
    expect(inputs[0]!.archive!.stopped).toBeUndefined();
    const console = inputs.find((i) => i.name === `${name}:console.log`);
    expect(console).toMatchObject({ kinds: ['kernel-log'], lines: 3, bytes: 245 });
    expect(inputs.length).toBe(inputs[0]!.archive!.members + 1);
  });

  it('reports a truncated .tgz and keeps the members read before the cut', async () => {
    const inputs = await inputsOf('truncated.tgz');
    expect(inputs[0]!.archive!.stopped).toMatch(/truncated/);
    expect(inputs[0]!.warnings.some((w) => w.startsWith('unpacking stopped:'))).toBe(true);
    expect(inputs.find((i) => i.name === 'truncated.tgz:console.log')!.lines).toBe(3);
  });

  it('reports a corrupt zip without throwing', async () => {
    const inputs = await inputsOf('corrupt.zip');
    expect(inputs[0]!.archive!.stopped).toMatch(/^corrupt zip/);
  });
});

describe('limits: a bomb is reported, not followed', () => {
  it('stops a gzip bomb at the expansion ratio', async () => {
    const input = await only('bomb.log.gz', { limits: { ratioGraceBytes: 1024 * 1024 } });
    expect(input.warnings.at(-1)).toMatch(/^decompression stopped: expansion ratio passed 200:1 .*possible decompression bomb/);
    expect(input.decoding!.textBytes).toBeLessThan(4 * 1024 * 1024);
  });

  it('stops at the expanded-bytes cap', async () => {
    const input = await only('bomb.log.gz', { limits: { maxExpandedBytes: 2 * 1024 * 1024 } });
    expect(input.warnings.at(-1)).toMatch(/expanded size passed the limit of 2\.0 MiB/);
    expect(input.decoding!.textBytes).toBeLessThanOrEqual(2 * 1024 * 1024 + 64 * 1024);
  });

  it('stops at the entry cap and lists what was read', async () => {
    const inputs = await inputsOf('many-entries.zip', { limits: { maxEntries: 5 } });
    expect(inputs[0]!.archive).toMatchObject({ members: 5, stopped: 'more than 5 archive entries' });
    expect(inputs).toHaveLength(6);
  });

  it('does not unpack archives nested deeper than allowed', async () => {
    const inputs = await inputsOf('bundle.tgz', { limits: { maxDepth: 2 } });
    const rotated = inputs.find((i) => i.name === 'bundle.tgz:var/log/messages.1.gz')!;
    expect(rotated.skipped).toBe('gzip nested more than 2 levels deep: not unpacked');
  });

  it('rejects a limit that is not a positive number', async () => {
    await expect(inputsOf('crlf.log', { limits: { maxEntries: -1 } })).rejects.toThrow('limits.maxEntries must be a positive number');
  });
});

describe('floods', () => {
  it('keeps the first and the latest reports of a console flooded with them, and counts the rest', async () => {
    const lines: string[] = [];
    const flood = MAX_KEPT_EVENTS + 250;
    for (let i = 0; i < flood; i++) lines.push(`[${(i / 100).toFixed(6)}] WARNING: CPU: ${i % 8} PID: ${i} at kernel/foo.c:12 bar+0x1/0x2`);
    lines.push('[999.000000] watchdog: BUG: soft lockup - CPU#3 stuck for 22s! [java:42]');
    const report = await analyze([sourceFromBytes('flood.log', new TextEncoder().encode(lines.join('\n')))]);
    const input = report.inputs[0]!;
    expect(input.lines).toBe(flood + 1);
    expect(report.events.filter((e) => e.kind === 'warning')).toHaveLength(MAX_KEPT_EVENTS - 1);
    // The lockup at the end of the flood is kept: the reports before a freeze matter most.
    expect(report.events.filter((e) => e.kind === 'soft-lockup').map((e) => e.cpu)).toEqual([3]);
    const half = MAX_KEPT_EVENTS / 2;
    expect(input.warnings).toContain(`more than ${MAX_KEPT_EVENTS} kernel reports: the first ${half} and the last ${half} are analysed, those between only counted (251 warning)`);
  });
});
