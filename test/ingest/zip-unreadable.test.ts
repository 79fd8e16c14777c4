// Zip entries ktriage cannot unpack are inputs of their own, listed with why in every output
// format: a bzip2 entry showed as "0 lines" and an encrypted one as "corrupt … unexpected EOF".
// Fixtures from scripts/hostile-fixtures.ts (`zip -Z bzip2`, `zip -P`).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, sourceFromBytes } from '../../src/index.js';
import { renderReport } from '../../src/render/index.js';
import { unreadableEntry } from '../../src/ingest/archive/zip.js';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'hostile');
const report = (name: string) => analyze([sourceFromBytes(name, readFileSync(join(DIR, name)))]);

const BZIP2 = 'compression method 12 (bzip2) is not supported (only stored and deflate): unzip it and attach the files';
const ZIPCRYPTO = 'encrypted (ZipCrypto): not unpacked, ktriage has no password; unzip it and attach the files';

describe('zip entries that cannot be unpacked', () => {
  it('lists a bzip2 entry as an input skipped with its method, and reads the deflate entry beside it', async () => {
    const r = await report('bzip2-member.zip');
    expect(r.inputs.map((i) => [i.name, i.skipped])).toEqual([
      ['bzip2-member.zip', undefined],
      ['bzip2-member.zip:console.log', undefined],
      ['bzip2-member.zip:var/log/messages', BZIP2],
    ]);
    expect(r.inputs[1]!.lines).toBeGreaterThan(0);
    expect(r.inputs[0]!.archive!.stopped).toBeUndefined();
  });

  it.each(['encrypted.zip', 'encrypted-streamed.zip'])('says %s is encrypted instead of calling it corrupt', async (name) => {
    const r = await report(name);
    const member = r.inputs.find((i) => i.container === name)!;
    expect(member.skipped).toBe(ZIPCRYPTO);
    expect(r.inputs[0]!.archive!.stopped).toBeUndefined();
    expect(JSON.stringify(r)).not.toMatch(/corrupt|unexpected EOF|invalid block type/);
  });

  it('says why in the text, Markdown and JSON reports', async () => {
    const r = await report('bzip2-member.zip');
    for (const format of ['text', 'markdown', 'json'] as const) expect(renderReport(r, format)).toContain('compression method 12 (bzip2) is not supported');
    const e = await report('encrypted.zip');
    for (const format of ['text', 'markdown', 'json'] as const) expect(renderReport(e, format)).toContain('encrypted (ZipCrypto)');
  });

  it('names each method of APPNOTE 4.4.5 it cannot unpack, and AES and strong encryption', () => {
    expect(unreadableEntry(14, 0)).toMatch(/^compression method 14 \(LZMA\) is not supported/);
    expect(unreadableEntry(93, 0)).toMatch(/^compression method 93 \(zstd\)/);
    expect(unreadableEntry(77, 0)).toMatch(/^compression method 77 is not supported/);
    expect(unreadableEntry(99, 0)).toMatch(/^encrypted \(AES\)/);
    expect(unreadableEntry(8, 0x41)).toMatch(/^encrypted \(strong encryption\)/);
    expect(unreadableEntry(8, 0x800)).toBeUndefined();
    expect(unreadableEntry(0, 0)).toBeUndefined();
  });
});
