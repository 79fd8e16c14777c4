// What an archive reader hands to ingest: its regular files one after the other, each as a
// stream that must be read (or abandoned) before the next is asked for.

export interface ArchiveMember {
  /** Path inside the archive, made printable. */
  path: string;
  bytes: AsyncIterable<Uint8Array>;
}

/** Where a reader reports what it did not unpack, and why it stopped. */
export interface ArchiveLog {
  /** An entry that is not a regular file (a link, a device, a folder). */
  skip(path: string, reason: string): void;
  /** A regular file that cannot be unpacked (encrypted, an unsupported method): an input of its own, never read. */
  unreadable(path: string, reason: string): void;
  stop(reason: string): void;
}

/** Entry names come from the archive, i.e. from whoever made it: no control bytes in reports. */
export function printablePath(raw: string): string {
  const cleaned = raw.replace(/[\u0000-\u001f\u007f]/g, '?').replace(/^(\.\/)+/, '');
  return cleaned.length > 512 ? `${cleaned.slice(0, 512)}…` : cleaned;
}
