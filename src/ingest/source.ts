// How an input reaches the engine: a name and a way to stream its bytes.
// The engine never touches the network, nor the file system but for a path a face hands it
// (`file`, read by position for speed); the faces build these.

export interface InputSource {
  /** Shown in the report and in evidence references (a path, `-`, `issue body`, a URL…). */
  name: string;
  /** Size in bytes when known up front (for progress output). */
  size?: number;
  /** The file's last modification (ms since epoch), when it came from a file system: the last resort for a year-less log's year. */
  modifiedMillis?: number;
  open(): AsyncIterable<Uint8Array>;
  /**
   * The path of a regular file holding exactly the bytes `open()` streams. A big log's windowed
   * path (search/windowed.ts) reads it by position into its own reused buffers instead of
   * taking fresh stream chunks and copying them (what the faces give when they have a file).
   */
  file?: string;
}

export function sourceFromBytes(name: string, bytes: Uint8Array): InputSource {
  return {
    name,
    size: bytes.byteLength,
    async *open() {
      yield bytes;
    },
  };
}

export function sourceFromText(name: string, text: string): InputSource {
  return sourceFromBytes(name, new TextEncoder().encode(text));
}
