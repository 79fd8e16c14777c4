// Runs the real ingest + parse stages over a text and returns the SEL records it produced.
import { ingestSource } from '../../../src/ingest/index.js';
import { sourceFromBytes, sourceFromText } from '../../../src/ingest/source.js';
import { emptyBundle, type SelRecord } from '../../../src/model/records.js';
import { PARSERS } from '../../../src/parse/registry.js';
import type { InputReport } from '../../../src/report/types.js';

export async function parseSel(text: string | Uint8Array, name = 'paste.txt'): Promise<{ records: SelRecord[]; report: InputReport }> {
  const bundle = emptyBundle();
  const source = typeof text === 'string' ? sourceFromText(name, text) : sourceFromBytes(name, text);
  const report = await ingestSource(source, PARSERS, bundle);
  return { records: bundle.sel, report };
}
