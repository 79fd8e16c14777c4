// Bytes → text, deciding once per input how to decode it and whether it is text at all.

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

export interface DecodeVerdict {
  binary: boolean;
  encoding: Encoding;
  reason?: string;
}

/** Control bytes that never appear in logs; a high share of them means a binary file. */
function isSuspectControl(byte: number): boolean {
  return byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x1b && byte !== 0x0c;
}

/** Looks at the first bytes of an input and decides how to decode it. */
export function sniffEncoding(head: Uint8Array): DecodeVerdict {
  if (head[0] === 0xff && head[1] === 0xfe) return { binary: false, encoding: 'utf-16le' };
  if (head[0] === 0xfe && head[1] === 0xff) return { binary: false, encoding: 'utf-16be' };
  const sample = head.subarray(0, 8192);
  if (sample.length === 0) return { binary: false, encoding: 'utf-8' };
  let nul = 0;
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) nul++;
    else if (isSuspectControl(byte)) control++;
  }
  // Serial captures carry the odd NUL; a file that is 10% NUL/control bytes is not a log.
  if ((nul + control) / sample.length > 0.1) {
    return { binary: true, encoding: 'utf-8', reason: `${Math.round(((nul + control) * 100) / sample.length)}% of the first ${sample.length} bytes are NUL or control bytes` };
  }
  return { binary: false, encoding: 'utf-8' };
}
