// A streaming zip reader: local headers are read front to back (archives written as streams,
// with data descriptors, included), so the central directory at the end is never needed.
// fflate does the parsing and inflating; it calls back synchronously, so compressed bytes
// are pushed in small pieces and what they expand to is queued only until ingest reads it.
import { Unzip, UnzipInflate, UnzipPassThrough, type UnzipDecoderConstructor, type UnzipFile } from 'fflate';
import type { ByteReader } from '../bytes.js';
import type { ExpansionBudget } from '../limits.js';
import { printablePath, type ArchiveLog, type ArchiveMember } from './member.js';

/** 16 KiB of deflate expands to at most ~16 MiB: the most one push can queue. */
const PUSH_BYTES = 16 * 1024;

type ZipEvent = { file: UnzipFile; data?: Uint8Array; end?: true; error?: Error };

const SUPPORTED = new Set([UnzipPassThrough.compression, UnzipInflate.compression]);

// Compression methods of APPNOTE 4.4.5 that are not unpacked. fflate keeps the bytes of an
// entry nobody started in memory, so these entries are started into a decoder that drops them.
const UNSUPPORTED_METHODS = [1, 2, 3, 4, 5, 6, 9, 10, 12, 14, 18, 19, 20, 93, 94, 95, 96, 97, 98, 99];

function discarding(method: number): UnzipDecoderConstructor {
  return class {
    static compression = method;
    ondata = () => {};
    push() {}
  };
}

export async function* zipMembers(reader: ByteReader, budget: ExpansionBudget, log: ArchiveLog): AsyncGenerator<ArchiveMember> {
  const queue: ZipEvent[] = [];
  const started: UnzipFile[] = [];
  const abandoned = new WeakSet<UnzipFile>();
  let failed = false;
  let produced = 0;
  const expand = (bytes: number) => {
    produced += bytes;
    return budget.expand(bytes, { produced, consumed: reader.consumed });
  };
  // Entries are counted as they are handed out: one push can announce hundreds of tiny ones.
  const unzip = new Unzip((file) => {
    const path = printablePath(file.name);
    if (file.name.endsWith('/') || !SUPPORTED.has(file.compression)) {
      if (!budget.entry()) return;
    }
    if (file.name.endsWith('/')) return; // a folder
    if (!SUPPORTED.has(file.compression)) {
      log.skip(path, `compression method ${file.compression} is not supported (only stored and deflate)`);
      file.ondata = () => {};
      if (UNSUPPORTED_METHODS.includes(file.compression)) file.start();
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
  for (const method of UNSUPPORTED_METHODS) unzip.register(discarding(method));

  let ended = false;
  /** Pushes the next piece of compressed bytes; false when nothing more can be pushed. */
  const feed = async (): Promise<boolean> => {
    if (ended || failed || budget.stopped) return false;
    const chunk = await reader.next(PUSH_BYTES);
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
    const file = started.shift()!;
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
