// Search first (issue #14 item 1): the start tokens find every line that can start what the
// engine reports, and (nearly) nothing else in ordinary traffic.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeCorpus } from '../../scripts/bench/corpus.js';
import { CSD_LINE_FORMATS } from '../../src/parse/csd/formats.js';
import { EVENT_ROWS } from '../../src/parse/kernel/rows.js';
import { matchRegisterLine, REGISTER_ROWS } from '../../src/parse/kernel/registers.js';
import { linesWithStarts } from '../../src/ingest/search/scan.js';
import { START_TOKENS, startPattern } from '../../src/ingest/search/tokens.js';

describe('start tokens', () => {
  it('every token row is found in its own example, alone', () => {
    for (const row of START_TOKENS) {
      expect(linesWithStarts(row.example, 0, row.example.length, startPattern([row])), row.token).toEqual([0]);
    }
  });

  it('every kernel row that can open a report carries a start token', () => {
    const opening = EVENT_ROWS.filter((row) => row.role === 'start' || row.standalone);
    expect(opening.length).toBeGreaterThan(40);
    for (const row of opening) expect(linesWithStarts(row.example), `${row.name}: ${row.example}`).toEqual([0]);
  });

  it('every csd-lock line carries one, first-level and second-level', () => {
    // kernel/smp.c prints the sched_clock warning only after a csd header: the window carries it.
    for (const format of CSD_LINE_FORMATS.filter((f) => f.kind !== 'clock-backward')) {
      expect(linesWithStarts(format.example), format.example).toEqual([0]);
    }
  });

  it('every register row that opens a dump of its own carries one (a pc, or pstate/RIP/NIP as the parser opens on)', () => {
    const opening = REGISTER_ROWS.filter((row) => matchRegisterLine(row.example)?.pc !== undefined || /^(?:pstate|RIP|NIP)/.test(row.example));
    expect(opening.length).toBeGreaterThanOrEqual(5);
    for (const row of opening) expect(linesWithStarts(row.example), row.example).toEqual([0]);
  });

  it('register rows, frames and RCU per-CPU lines are not start tokens: the window carries them', () => {
    const inside = [
      'RSP: 0018:ffffc90000187d48 EFLAGS: 00000202 ORIG_RAX: ffffffffffffff13',
      ' ? flush_tlb_func+0x0/0x3a0',
      '\t3-...!: (1 GPs behind) idle=4a2/1/0x4000000000000000 softirq=1234/1234 fqs=0',
      'Code: 89 c7 e8 2b 1c 00 00 f3 90 8b 45 08 a8 01 75 f7',
    ];
    for (const line of inside) expect(linesWithStarts(line), line).toEqual([]);
  });
});

describe('linesWithStarts', () => {
  it('gives each line once, at its start, within the range asked', () => {
    const text = 'noise\nBUG: soft lockup - CPU#1 stuck for 22s! Oops\nmore\nKernel panic - not syncing: x\n';
    expect(linesWithStarts(text)).toEqual([6, 56]);
    expect(linesWithStarts(text, 6, 55)).toEqual([6]);
    expect(linesWithStarts(text, 51)).toEqual([56]);
  });

  it('in a busy host log, hits only the planted reports and their boot, not the traffic around them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ktriage-search-'));
    try {
      const file = join(dir, 'messages');
      const { planted, lines } = writeCorpus(file, { bytes: 2 << 20, episodes: 4 });
      const text = readFileSync(file, 'latin1');
      const hits = linesWithStarts(text).map((offset) => text.slice(0, offset).split('\n').length);
      for (const episode of planted) expect(hits).toContain(episode.line);
      // Each planted report has a header, a `Hardware name:` line and its frames; nothing else hits.
      expect(hits.length).toBeLessThanOrEqual(planted.length * 3);
      expect(lines).toBeGreaterThan(10_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
