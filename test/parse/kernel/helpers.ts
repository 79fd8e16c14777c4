import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ingestSource } from '../../../src/ingest/index.js';
import { sourceFromText } from '../../../src/index.js';
import { emptyBundle, type KernelEvent, type ParsedBundle } from '../../../src/model/records.js';
import { consolidateKernelEvents } from '../../../src/parse/kernel/episodes.js';
import { PARSERS } from '../../../src/parse/registry.js';

export function fixture(name: string): string {
  return readFileSync(fileURLToPath(new URL(`../../fixtures/kernel/${name}`, import.meta.url)), 'utf8');
}

/** Runs ingest + the kernel post-pass over texts, as the engine does. */
export async function parseTexts(...texts: [string, string][]): Promise<ParsedBundle> {
  const bundle = emptyBundle();
  for (const [name, text] of texts) await ingestSource(sourceFromText(name, text), PARSERS, bundle);
  bundle.kernelEvents = consolidateKernelEvents(bundle.kernelEvents);
  return bundle;
}

export async function eventsOf(text: string, name = 'input.log'): Promise<KernelEvent[]> {
  return (await parseTexts([name, text])).kernelEvents;
}
