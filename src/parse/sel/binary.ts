// `ipmitool sel writeraw FILE` output: 16-byte records back to back, no header. The text path
// rejects such files as binary; ingest asks this reader first. A record's "line" in evidence
// is its 1-based record number in the file.
import type { BinaryParser, ParserContext } from '../../model/records.js';
import { decodeRecord, SEL_RECORD_BYTES, toHex } from './decode.js';
import { draftOfRecord, plausibleRecord } from './formats/raw.js';
import { normaliseSel } from './normalise.js';

const FORMAT = 'ipmitool-sel-writeraw';

/** Every whole record in the head must look like a SEL record, and the head must hold whole records only. */
function sniff(head: Uint8Array): boolean {
  if (head.length < SEL_RECORD_BYTES || head.length % SEL_RECORD_BYTES !== 0) return false;
  for (let offset = 0; offset < head.length; offset += SEL_RECORD_BYTES) {
    if (!plausibleRecord(head.subarray(offset, offset + SEL_RECORD_BYTES))) return false;
  }
  return true;
}

async function read(bytes: AsyncIterable<Uint8Array>, input: string, ctx: ParserContext): Promise<{ units: number; rejected: number }> {
  let pending = new Uint8Array(0);
  let units = 0;
  let rejected = 0;
  const take = (record: Uint8Array) => {
    units++;
    if (!plausibleRecord(record)) {
      rejected++;
      ctx.warn(`record ${units} (byte ${(units - 1) * SEL_RECORD_BYTES}) does not look like a SEL record: ${toHex(record)}`);
      return;
    }
    const decoded = decodeRecord(record);
    const text = `record ${units} at byte ${(units - 1) * SEL_RECORD_BYTES}: ${decoded.raw}`;
    const { record: sel } = normaliseSel(draftOfRecord(decoded), FORMAT, { input, line: units, text });
    ctx.bundle.sel.push(sel);
  };
  for await (const chunk of bytes) {
    const joined = new Uint8Array(pending.length + chunk.length);
    joined.set(pending);
    joined.set(chunk, pending.length);
    let offset = 0;
    for (; offset + SEL_RECORD_BYTES <= joined.length; offset += SEL_RECORD_BYTES) take(joined.slice(offset, offset + SEL_RECORD_BYTES));
    pending = joined.slice(offset);
  }
  if (pending.length > 0) ctx.warn(`${pending.length} trailing bytes after the last whole 16-byte record were ignored`);
  return { units, rejected };
}

export const selBinaryParser: BinaryParser = { kind: 'sel-raw', sniff, read };
