// A streaming zip reader: local headers are read front to back (archives written as streams,
// with data descriptors, included), so the central directory at the end is never needed.
// fflate does the parsing and inflating; it calls back synchronously, so compressed bytes
// are pushed in small pieces and what they expand to is queued only until ingest reads it.
import { Unzip, UnzipInflate, UnzipPassThrough, type UnzipDecoderConstructor, type UnzipFile } from 'fflate';
import { Buffer } from 'node:buffer';
import { concatBytes, type ByteReader } from '../bytes.js';
import type { ExpansionBudget } from '../limits.js';
import { printablePath, type ArchiveLog, type ArchiveMember } from './member.js';

/** 16 KiB of deflate expands to at most ~16 MiB: the most one push can queue. */
const PUSH_BYTES = 16 * 1024;

type ZipEvent = { file: UnzipFile; data?: Uint8Array; end?: true; error?: Error };

const SUPPORTED = new Set([UnzipPassThrough.compression, UnzipInflate.compression]);

/**
 * Compression methods of APPNOTE.TXT 4.4.5 that are not unpacked, one row each, so the report
 * can say which one an entry used (a bzip2 entry showed as "0 lines" before). fflate keeps the
 * bytes of an entry nobody started in memory, so these entries are started into a decoder that
 * drops them.
 */
const UNSUPPORTED_METHODS: Record<number, string> = {
  1: 'shrink',
  2: 'reduce',
  3: 'reduce',
  4: 'reduce',
  5: 'reduce',
  6: 'implode',
  9: 'deflate64',
  10: 'PKWARE DCL implode',
  12: 'bzip2',
  14: 'LZMA',
  16: 'IBM z/OS CMPSC',
  18: 'IBM TERSE',
  19: 'IBM LZ77 z',
  20: 'zstd',
  93: 'zstd',
  94: 'MP3',
  95: 'xz',
  96: 'JPEG',
  97: 'WavPack',
  98: 'PPMd',
  99: 'AES encryption',
};

/** Why an entry cannot be unpacked, from its method and the general purpose flags (APPNOTE 4.4.4). */
export function unreadableEntry(method: number, flags: number | undefined): string | undefined {
  // Bit 0: encrypted; bit 6: strong encryption; method 99: WinZip AES (its own method number).
  if (method === 99 || (flags !== undefined && flags & 0x41)) {
    const how = method === 99 ? 'AES' : flags! & 0x40 ? 'strong encryption' : 'ZipCrypto';
    return `encrypted (${how}): not unpacked, ktriage has no password; unzip it and attach the files`;
  }
  if (SUPPORTED.has(method)) return undefined;
  const name = UNSUPPORTED_METHODS[method];
  return `compression method ${method}${name ? ` (${name})` : ''} is not supported (only stored and deflate): unzip it and attach the files`;
}

function discarding(method: number): UnzipDecoderConstructor {
  return class {
    static compression = method;
    ondata = () => {};
    push() {}
  };
}

const LOCAL_HEADER = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/** A local header is 30 bytes, a name and an extra field of up to 64 KiB each. */
const MAX_LOCAL_HEADER = 30 + 2 * 65535;

/**
 * The general purpose flags of the local header fflate just announced: fflate does not pass
 * them on, so they are read from the bytes it was given, at the last header whose method and
 * name are the entry's (the header always lies in the bytes of the current push and its tail).
 */
function entryFlags(recent: Uint8Array, name: string, method: number): number | undefined {
  const bytes = Buffer.from(recent.buffer, recent.byteOffset, recent.byteLength);
  for (let i = bytes.lastIndexOf(LOCAL_HEADER); i >= 0; i = i > 0 ? bytes.lastIndexOf(LOCAL_HEADER, i - 1) : -1) {
    if (i + 30 > bytes.length || bytes.readUInt16LE(i + 8) !== method) continue;
    const flags = bytes.readUInt16LE(i + 6);
    const raw = bytes.subarray(i + 30, i + 30 + bytes.readUInt16LE(i + 26));
    // fflate decodes names as UTF-8 when bit 11 says so, as latin-1 otherwise.
    if (new TextDecoder(flags & 0x800 ? 'utf-8' : 'latin1').decode(raw) === name) return flags;
  }
  return undefined;
}

export async function* zipMembers(reader: ByteReader, budget: ExpansionBudget, log: ArchiveLog): AsyncGenerator<ArchiveMember> {
  const queue: ZipEvent[] = [];
  // Entries in archive order: those started, and those that cannot be (reported in their turn).
  const started: (UnzipFile | { path: string; why: string })[] = [];
  const abandoned = new WeakSet<UnzipFile>();
  let failed = false;
  let produced = 0;
  // The bytes pushed last, enough to hold any local header fflate may announce during a push.
  const recent: Uint8Array[] = [];
  let recentBytes = 0;
  const remember = (chunk: Uint8Array) => {
    recent.push(chunk);
    recentBytes += chunk.byteLength;
    while (recentBytes - recent[0]!.byteLength >= MAX_LOCAL_HEADER + PUSH_BYTES) recentBytes -= recent.shift()!.byteLength;
  };
  const expand = (bytes: number) => {
    produced += bytes;
    return budget.expand(bytes, { produced, consumed: reader.consumed });
  };
  // Entries are counted as they are handed out: one push can announce hundreds of tiny ones.
  const unzip = new Unzip((file) => {
    const path = printablePath(file.name);
    // The header is nearly always in the last two pushes; a long name or extra field may reach further.
    const flags = entryFlags(concatBytes(recent.slice(-2)), file.name, file.compression) ?? (recent.length > 2 ? entryFlags(concatBytes(recent), file.name, file.compression) : undefined);
    const why = file.name.endsWith('/') ? undefined : unreadableEntry(file.compression, flags);
    if (file.name.endsWith('/') || why) {
      if (!budget.entry()) return;
    }
    if (file.name.endsWith('/')) return; // a folder
    if (why) {
      started.push({ path, why });
      file.ondata = () => {};
      // Started into a decoder that drops the bytes, so fflate neither keeps nor decrypts them.
      const known = file.compression in UNSUPPORTED_METHODS || SUPPORTED.has(file.compression);
      if (known) {
        unzip.register(discarding(file.compression));
        file.start();
        if (file.compression === UnzipInflate.compression) unzip.register(UnzipInflate);
        if (file.compression === UnzipPassThrough.compression) unzip.register(UnzipPassThrough);
      }
      return;
    }
    file.ondata = (error, data, final) => {
      // An abandoned entry is still inflated (to find where it ends) but not kept.
      if (abandoned.has(file)) {
        expand(data?.byteLength ?? 0);
        return;
      }
      if (error) {
        queue.push({ file, error });
        return;
      }
      if (data.byteLength > 0) queue.push({ file, data });
      if (!expand(data.byteLength)) file.terminate();
      if (final) queue.push({ file, end: true });
    };
    started.push(file);
    file.start();
  });
  unzip.register(UnzipPassThrough);
  unzip.register(UnzipInflate);
  for (const method of Object.keys(UNSUPPORTED_METHODS)) unzip.register(discarding(Number(method)));

  let ended = false;
  /** Pushes the next piece of compressed bytes; false when nothing more can be pushed. */
  const feed = async (): Promise<boolean> => {
    if (ended || failed || budget.stopped) return false;
    const chunk = await reader.next(PUSH_BYTES);
    if (chunk) remember(chunk);
    try {
      unzip.push(chunk ?? new Uint8Array(0), !chunk);
    } catch (error) {
      failed = true;
      log.stop(`corrupt zip: ${(error as Error).message}`);
      return false;
    }
    if (!chunk) ended = true;
    return true;
  };

  for (;;) {
    while (started.length === 0) if (!(await feed())) return;
    const next = started.shift()!;
    if ('why' in next) {
      log.unreadable(next.path, next.why);
      continue;
    }
    const file = next;
    if (!budget.entry()) return;
    const path = printablePath(file.name);
    let finished = false;
    const contents = async function* (): AsyncGenerator<Uint8Array> {
      for (;;) {
        if (budget.stopped) return;
        const index = queue.findIndex((event) => event.file === file);
        if (index === -1) {
          if (await feed()) continue;
          if (!failed && !budget.stopped) log.stop(`archive truncated inside ${path}`);
          return;
        }
        const event = queue.splice(index, 1)[0]!;
        if (event.error) {
          failed = true;
          return log.stop(`corrupt zip entry ${path}: ${event.error.message}`);
        }
        if (event.end) {
          finished = true;
          return;
        }
        yield event.data!;
      }
    };
    yield { path, bytes: contents() };
    if (!finished) {
      // Abandoned early (binary content, a limit): drop what is queued and what follows.
      abandoned.add(file);
      file.terminate();
      for (let i = queue.length - 1; i >= 0; i--) if (queue[i]!.file === file) queue.splice(i, 1);
    }
    if (failed || budget.stopped) return;
  }
}
