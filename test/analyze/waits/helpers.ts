// Builds analysis inputs by hand: listings through the real listing parser, events as the
// kernel parser's contract describes them (pc text, lower-case registers, hex without 0x).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AnalysisContext } from '../../../src/analyze/context.js';
import { emptyBundle, type Listing } from '../../../src/model/records.js';
import { ListingParser } from '../../../src/parse/disasm/index.js';
import { normaliseLine } from '../../../src/parse/prefix/normalise.js';
import type { HostReport, ReportEvent } from '../../../src/report/types.js';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/waits/', import.meta.url));

export function fixture(name: string): string {
  return readFileSync(`${FIXTURES}${name}`, 'utf8');
}

export function parseListings(text: string, input = 'listing.txt'): { listings: Listing[]; warnings: string[]; unclaimed: string[] } {
  const bundle = emptyBundle();
  const warnings: string[] = [];
  const unclaimed: string[] = [];
  const parser = new ListingParser({ bundle, warn: (m) => warnings.push(m) });
  text.split('\n').forEach((t, i) => {
    if (!parser.feed(normaliseLine({ input, line: i + 1, text: t })) && t.trim()) unclaimed.push(t);
  });
  parser.end();
  return { listings: bundle.listings, warnings, unclaimed };
}

/** Register dump text (`x1 : 0000000000000003 x0 : 00…`, `RAX: 0000000000000011 RBX: …`) → registers. */
export function registers(dump: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of dump.matchAll(/\b([xXrR][0-9a-zA-Z]{1,3})\s*:\s*([0-9a-f]{16})/g)) out[m[1]!.toLowerCase()] = m[2]!;
  return out;
}

export function event(fields: Partial<ReportEvent> & { kind: ReportEvent['kind'] }): ReportEvent {
  return { source: { input: 'console.log', line: 1 }, ...fields } as ReportEvent;
}

export function context(events: ReportEvent[], listings: Listing[], host: HostReport): AnalysisContext {
  const bundle = emptyBundle();
  bundle.listings.push(...listings);
  return { bundle, alignment: {} as AnalysisContext['alignment'], host, events };
}

/**
 * A soft-lockup event as the kernel parser's contract describes it, taken from a console fixture
 * (a stand-in until src/parse/kernel lands: pc/RIP text, registers, Code: bytes, CPU, comm).
 */
export function consoleEvent(text: string, input = 'console.log'): ReportEvent {
  const line = (re: RegExp) => text.split('\n').findIndex((l) => re.test(l)) + 1;
  const pc = /(?:pc : |RIP: 0010:)(\S+)/.exec(text)?.[1];
  const cpu = /CPU: (\d+) PID: (\d+) Comm: (\S+)/.exec(text);
  const code = /Code: (.*)$/m.exec(text)?.[1];
  const fields: Partial<ReportEvent> & { kind: ReportEvent['kind'] } = {
    kind: 'soft-lockup',
    source: { input, line: line(/soft lockup/) },
    endLine: text.split('\n').length,
    registers: registers(text),
    frames: [],
  };
  if (pc) fields.pc = pc;
  if (cpu) Object.assign(fields, { cpu: Number(cpu[1]), pid: Number(cpu[2]), comm: cpu[3] });
  if (code) fields['details'] = { code };
  return event(fields);
}
