// gzip as a stream (zlib, which also reads concatenated members as `cat a.gz b.gz` makes),
// with every produced byte counted against the input's budget.
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { ExpansionBudget } from '../limits.js';

const OUTPUT_CHUNK = 64 * 1024;

export async function* gunzip(
  compressed: AsyncIterable<Uint8Array>,
  budget: ExpansionBudget,
  onError: (message: string) => void,
): AsyncGenerator<Uint8Array> {
  const input = Readable.from(compressed, { objectMode: false });
  const inflater = createGunzip({ chunkSize: OUTPUT_CHUNK });
  input.on('error', (error) => inflater.destroy(error));
  input.pipe(inflater);
  let produced = 0;
  try {
    for await (const chunk of inflater as AsyncIterable<Buffer>) {
      produced += chunk.byteLength;
      if (!budget.expand(chunk.byteLength, { produced, consumed: inflater.bytesWritten })) return;
      yield chunk;
    }
  } catch (error) {
    const message = (error as Error).message;
    onError(message === 'unexpected end of file' ? 'gzip data ends early (truncated file): what came before was read' : `gzip data is corrupt (${message}): what came before was read`);
  } finally {
    input.destroy();
    inflater.destroy();
  }
}
