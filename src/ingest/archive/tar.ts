// A streaming tar reader (POSIX ustar, pax and GNU long names), reading headers and
// passing file contents through without buffering them.
import type { ByteReader } from '../bytes.js';
import type { ExpansionBudget } from '../limits.js';
import { isTarHeader } from '../magic.js';
import { printablePath, type ArchiveLog, type ArchiveMember } from './member.js';

const BLOCK = 512;
/** pax and GNU long-name headers are metadata; anything this large is hostile. */
const MAX_META_BYTES = 1024 * 1024;

/** Type flags, one row each: what the entry is and whether it is read as an input. */
const TYPES: Record<string, { kind: string; file?: true; meta?: 'pax' | 'gnu-name' | 'pax-global' | 'gnu-link' }> = {
  '0': { kind: 'file', file: true },
  '\0': { kind: 'file', file: true },
  '7': { kind: 'file', file: true },
  '1': { kind: 'hard link' },
  '2': { kind: 'symbolic link' },
  '3': { kind: 'character device' },
  '4': { kind: 'block device' },
  '5': { kind: 'folder' },
  '6': { kind: 'FIFO' },
  x: { kind: 'pax header', meta: 'pax' },
  g: { kind: 'pax global header', meta: 'pax-global' },
  L: { kind: 'GNU long name', meta: 'gnu-name' },
  K: { kind: 'GNU long link name', meta: 'gnu-link' },
};

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');

function cString(bytes: Uint8Array, decoder = utf8): string {
  const end = bytes.indexOf(0);
  return decoder.decode(end === -1 ? bytes : bytes.subarray(0, end));
}

/** Size field: octal text, or base-256 when the high bit is set (files over 8 GiB). */
function parseSize(field: Uint8Array): number {
  if (field[0]! & 0x80) {
    let value = 0;
    for (let i = 1; i < field.length; i++) value = value * 256 + field[i]!;
    return value;
  }
  const text = cString(field, latin1).trim();
  return text === '' ? 0 : parseInt(text, 8);
}

/** pax records: `LEN key=value\n`; only the path matters here. */
function paxPath(bytes: Uint8Array): string | undefined {
  const text = utf8.decode(bytes);
  let path: string | undefined;
  for (let at = 0; at < text.length; ) {
    const space = text.indexOf(' ', at);
    const length = parseInt(text.slice(at, space), 10);
    if (space === -1 || !(length > 0)) break;
    const record = text.slice(space + 1, at + length - 1);
    const eq = record.indexOf('=');
    if (record.slice(0, eq) === 'path') path = record.slice(eq + 1);
    at += length;
  }
  return path;
}

export async function* tarMembers(reader: ByteReader, budget: ExpansionBudget, log: ArchiveLog): AsyncGenerator<ArchiveMember> {
  let longName: string | undefined;
  for (;;) {
    const header = await reader.read(BLOCK);
    if (header.byteLength === 0) return;
    if (header.byteLength < BLOCK) return log.stop('archive ends in the middle of a header (truncated)');
    if (header.every((byte) => byte === 0)) return; // end-of-archive marker
    if (!isTarHeader(header)) return log.stop(`corrupt tar header at byte ${reader.consumed - BLOCK}`);
    const size = parseSize(header.subarray(124, 136));
    const padded = Math.ceil(size / BLOCK) * BLOCK;
    const flag = String.fromCharCode(header[156]!);
    const type = TYPES[flag] ?? { kind: `entry of type ${JSON.stringify(flag)}` };
    if (type.meta) {
      if (size > MAX_META_BYTES) return log.stop(`${type.kind} of ${size} bytes (corrupt or hostile archive)`);
      const meta = await reader.read(padded);
      if (meta.byteLength < padded) return log.stop('archive truncated');
      if (type.meta === 'pax') longName = paxPath(meta.subarray(0, size)) ?? longName;
      if (type.meta === 'gnu-name') longName = cString(meta.subarray(0, size));
      continue;
    }
    if (!budget.entry()) return;
    const prefix = header[257] === 0x75 /* ustar */ ? cString(header.subarray(345, 500)) : '';
    const name = cString(header.subarray(0, 100));
    const path = printablePath(longName ?? (prefix ? `${prefix}/${name}` : name));
    longName = undefined;
    if (!type.file || path.endsWith('/')) {
      if (type.kind !== 'folder' && !path.endsWith('/')) log.skip(path, `${type.kind}, not a regular file`);
      if ((await reader.skip(padded)) < padded) return log.stop('archive truncated');
      continue;
    }
    let left = size;
    async function* contents(): AsyncGenerator<Uint8Array> {
      while (left > 0) {
        const chunk = await reader.next(left);
        if (!chunk) return;
        left -= chunk.byteLength;
        yield chunk;
      }
    }
    yield { path, bytes: contents() };
    // Whatever the consumer did not read, and the block padding, is skipped here.
    const rest = left + (padded - size);
    if ((await reader.skip(rest)) < rest) return log.stop(`archive truncated inside ${path}`);
  }
}
