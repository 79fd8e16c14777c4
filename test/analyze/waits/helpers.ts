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
