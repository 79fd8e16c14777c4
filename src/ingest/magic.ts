// What the first bytes of an input say it is, decided by content and never by name:
// one row per format, each with the real leading bytes it was checked against.

export type Container = 'gzip' | 'zip' | 'tar';

export interface MagicRow {
  name: string;
  /** Leading bytes of a real file of this format, in hex. */
  example: string;
  test(head: Uint8Array): boolean;
  /** How ingest treats it: unpack, or skip with `reason`. */
  action: { unpack: Container } | { skip: string };
}

const startsWith = (head: Uint8Array, ...bytes: number[]) => bytes.every((byte, i) => head[i] === byte);
const ascii = (head: Uint8Array, offset: number, text: string) =>
  [...text].every((char, i) => head[offset + i] === char.charCodeAt(0));

/** A tar header block: `ustar` magic, or (v7 tar) a header whose checksum adds up. */
export function isTarHeader(block: Uint8Array): boolean {
  if (block.byteLength < 512) return false;
  if (ascii(block, 257, 'ustar')) return true;
  const stored = parseInt(new TextDecoder('latin1').decode(block.subarray(148, 156)).replace(/[\0 ]+/g, ' ').trim(), 8);
  if (!Number.isFinite(stored) || block[0] === 0) return false;
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i]!;
  return sum === stored;
}

export const MAGIC: MagicRow[] = [
  { name: 'gzip', example: '1f8b0808', test: (h) => startsWith(h, 0x1f, 0x8b), action: { unpack: 'gzip' } },
  { name: 'zip', example: '504b0304', test: (h) => startsWith(h, 0x50, 0x4b, 0x03, 0x04) || startsWith(h, 0x50, 0x4b, 0x05, 0x06), action: { unpack: 'zip' } },
  { name: 'tar', example: '(offset 257) 7573746172', test: isTarHeader, action: { unpack: 'tar' } },
  {
    name: 'xz',
    example: 'fd377a585a00',
    test: (h) => startsWith(h, 0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00),
    action: { skip: 'xz-compressed: not unpacked (no well-kept pure-JS xz decoder); decompress it with `xz -d` and attach the result' },
  },
  { name: 'bzip2', example: '425a6839', test: (h) => ascii(h, 0, 'BZh') && h[3]! >= 0x31 && h[3]! <= 0x39, action: { skip: 'bzip2-compressed: not unpacked; decompress it with `bzip2 -d` and attach the result' } },
  { name: 'zstd', example: '28b52ffd', test: (h) => startsWith(h, 0x28, 0xb5, 0x2f, 0xfd), action: { skip: 'zstd-compressed: not unpacked; decompress it with `zstd -d` and attach the result' } },
  { name: '7z', example: '377abcaf271c', test: (h) => startsWith(h, 0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c), action: { skip: '7z archive: not unpacked; use tar, zip or gzip' } },
  {
    name: 'systemd-journal',
    example: '4c504b5348485248',
    test: (h) => ascii(h, 0, 'LPKSHHRH'),
    action: { skip: 'binary systemd journal file: export it with `journalctl --file FILE -o short-iso` and attach the text' },
  },
  { name: 'elf', example: '7f454c46', test: (h) => startsWith(h, 0x7f, 0x45, 0x4c, 0x46), action: { skip: 'ELF binary or core dump (a vmcore is read with crash, not ktriage): not a log' } },
  { name: 'kdump', example: '4b44554d5020202020', test: (h) => ascii(h, 0, 'KDUMP   ') || ascii(h, 0, 'makedumpfile'), action: { skip: 'kdump vmcore: open it with crash and attach `log`, `bt -a` and `dis` output' } },
  { name: 'png', example: '89504e470d0a1a0a', test: (h) => startsWith(h, 0x89, 0x50, 0x4e, 0x47), action: { skip: 'PNG image: not a log (attach the text, not a screenshot)' } },
  { name: 'jpeg', example: 'ffd8ffe0', test: (h) => startsWith(h, 0xff, 0xd8, 0xff), action: { skip: 'JPEG image: not a log (attach the text, not a photo of the console)' } },
  { name: 'pdf', example: '255044462d', test: (h) => ascii(h, 0, '%PDF-'), action: { skip: 'PDF document: not a log' } },
];

export function sniffMagic(head: Uint8Array): MagicRow | undefined {
  return MAGIC.find((row) => row.test(head));
}
