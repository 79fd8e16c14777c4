// Writes test/fixtures/hostile/: one small input per kind of hostile input the ingest stage
// must survive, made up for this project (host names, dates and CPUs are invented). Run with
// `npx tsx scripts/hostile-fixtures.ts`; needs gzip, tar, zip and xz on PATH. The output is
// committed, so tests never run this.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const OUT = join(import.meta.dirname, '..', 'test', 'fixtures', 'hostile');

/** A few syslog lines of an invented host, in its local time. */
function syslog(host: string, day: number, count: number): string[] {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const s = String(i % 60).padStart(2, '0');
    const m = String(10 + Math.floor(i / 60)).padStart(2, '0');
    lines.push(`Oct ${String(day).padStart(2, ' ')} 04:${m}:${s} ${host} systemd[1]: Started Session ${100 + i} of user ops.`);
  }
  return lines;
}

const KERNEL = [
  '[ 8123.440219] watchdog: BUG: soft lockup - CPU#11 stuck for 23s! [kworker/11:2:3412]',
  '[ 8123.447001] CPU: 11 PID: 3412 Comm: kworker/11:2 Not tainted 5.14.0-284.el9.x86_64 #1',
  '[ 8123.455120] RIP: 0010:native_queued_spin_lock_slowpath+0x1d6/0x200',
];

function lines(list: string[], eol = '\n'): string {
  return list.map((line) => line + eol).join('');
}

/** Deterministic pseudo-random bytes (xorshift), so the fixture never changes. */
function noise(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

function utf16be(text: string): Buffer {
  const le = Buffer.from(text, 'utf16le');
  for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return le;
}

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
const write = (name: string, data: string | Uint8Array) => writeFileSync(join(OUT, name), data);

const base = syslog('db-7', 3, 6);
write('crlf.log', lines(base, '\r\n'));
// A serial console: progress redrawn with a lone CR, and doubled CRs before LF.
write('lone-cr.log', 'fsck: 10%\rfsck: 55%\rfsck: 100%\n' + lines(KERNEL, '\r\r\n'));
write('ansi.log', `\u001b[0;32m  OK  \u001b[0m] Started Journal Service.\n${KERNEL[0]}\n\u001b[1;31mFAILED\u001b[0m to start kdump.service\n\u001b]0;root@db-7:~\u0007${KERNEL[1]}\n`);
// The host crashed and the file system left a hole of NULs before the next boot's lines.
write('nul-hole.log', Buffer.concat([Buffer.from(lines(base.slice(0, 3))), Buffer.alloc(4096), Buffer.from(lines(syslog('db-7', 4, 3)))]));
write('control-bytes.log', `${base[0]}\u0007\n${base[1]!.replace('Started', 'Sta\u0008rted')}\n\u007f${base[2]}\n`);
// UTF-8 with accents, and two broken sequences (a lone continuation byte, a cut 3-byte one).
write('invalid-utf8.log', Buffer.concat([Buffer.from(`${base[0]} user=José\n${base[1]} état=prêt\n`), Buffer.from([0x80, 0x0a, 0xe2, 0x82, 0x0a]), Buffer.from(lines(base.slice(2, 4)))]));
write('latin1.log', Buffer.from(`${base[0]} Démarrage terminé\n${base[1]} Mémoire vérifiée\n`, 'latin1'));
write('utf8-bom.log', '\ufeff' + lines(base.slice(0, 3)));
write('utf16le-bom.log', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines(base.slice(0, 3), '\r\n'), 'utf16le')]));
write('utf16be-bom.log', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(lines(base.slice(0, 3)))]));
write('utf16le-nobom.log', Buffer.from(lines(base.slice(0, 3), '\r\n'), 'utf16le'));
// One 200,000-character line (a JSON blob logged whole) between ordinary lines.
write('long-line.log', `${base[0]}\n${base[1]} payload=${'{"k":"v"},'.repeat(20_000)}\n${base[2]}\n`);
// A line wrapped by an 80-column terminal.
const wide = `${base[0]} and a long tail of words that carries on past eighty columns of text for sure`;
write('wrapped.log', `${wide.slice(0, 80)}\n${wide.slice(80)}\n${base[1]}\n`);
write('binary.bin', noise(16 * 1024, 0x9e3779b9));
write('system.journal', Buffer.concat([Buffer.from('LPKSHHRH'), noise(4096, 7)]));
write('empty.log', '');
write('all-nul.log', Buffer.alloc(8192));
// Content decides, not the name: gzip in a .txt, plain text in a .gz.
write('gzipped.txt', gzipSync(lines(base)));
write('plain.gz', lines(base));
// Cut in the middle of the deflate stream.
const gz = gzipSync(lines(syslog('db-7', 5, 400)));
write('truncated.log.gz', gz.subarray(0, Math.floor(gz.length / 2)));
// 64 MiB of one repeated line: about 1000:1, a decompression bomb by the default limits.
write('bomb.log.gz', gzipSync(Buffer.from(`${base[0]}\n`.repeat(Math.ceil((64 * 1024 * 1024) / (base[0]!.length + 1)))), { level: 9 }));

// Archives, built from a staging folder with the system's tools.
const stage = mkdtempSync(join(tmpdir(), 'ktriage-hostile-'));
try {
  mkdirSync(join(stage, 'var/log'), { recursive: true });
  writeFileSync(join(stage, 'var/log/messages'), lines(syslog('web-3', 9, 20)));
  writeFileSync(join(stage, 'var/log/messages.1.gz'), gzipSync(lines(syslog('web-3', 8, 10))));
  writeFileSync(join(stage, 'console.log'), lines(KERNEL));
  writeFileSync(join(stage, 'core.bin'), noise(2048, 99));
  symlinkSync('var/log/messages', join(stage, 'latest'));
  const tar = (args: string[]) => execFileSync('tar', ['--sort=name', '--mtime=2024-01-01', '--owner=0', '--group=0', '--numeric-owner', ...args], { cwd: stage });
  tar(['-czf', join(OUT, 'bundle.tgz'), 'console.log', 'core.bin', 'latest', 'var']);
  tar(['-cf', join(OUT, 'bundle.tar'), 'console.log', 'var/log/messages']);
  const tgz = gzipSync(tar(['-cf', '-', 'console.log', 'var']));
  write('truncated.tgz', tgz.subarray(0, Math.floor(tgz.length * 0.6)));
  execFileSync('zip', ['-q', '-X', join(OUT, 'bundle.zip'), 'console.log', 'var/log/messages', 'core.bin'], { cwd: stage });
  execFileSync('zip', ['-q', '-X', '-0', join(OUT, 'stored.zip'), 'console.log'], { cwd: stage });
  // zip writing to a pipe cannot seek back: entries carry data descriptors.
  write('streamed.zip', execFileSync('zip', ['-q', '-X', '-', 'console.log', 'var/log/messages'], { cwd: stage }));
  write('corrupt.zip', Buffer.concat([execFileSync('zip', ['-q', '-X', '-', 'console.log'], { cwd: stage }).subarray(0, 60), noise(512, 3)]));
  write('logs.xz', execFileSync('xz', ['-c', join(stage, 'console.log')]));
  // Entries that cannot be unpacked, beside one that can: bzip2 (method 12), ZipCrypto (flag
  // bit 0) with sizes in the header, and ZipCrypto written to a pipe (data descriptors).
  execFileSync('zip', ['-q', '-X', join(OUT, 'bzip2-member.zip'), 'console.log'], { cwd: stage });
  execFileSync('zip', ['-q', '-X', '-Z', 'bzip2', join(OUT, 'bzip2-member.zip'), 'var/log/messages'], { cwd: stage });
  execFileSync('zip', ['-q', '-X', '-P', 'incident', join(OUT, 'encrypted.zip'), 'var/log/messages'], { cwd: stage });
  write('encrypted-streamed.zip', execFileSync('zip', ['-q', '-X', '-P', 'incident', '-', 'console.log'], { cwd: stage }));
  // A zip bomb of the "many entries" kind: 40 tiny files.
  mkdirSync(join(stage, 'many'));
  for (let i = 0; i < 40; i++) writeFileSync(join(stage, 'many', `part-${String(i).padStart(2, '0')}.log`), `${base[i % base.length]}\n`);
  execFileSync('zip', ['-q', '-X', join(OUT, 'many-entries.zip'), ...Array.from({ length: 40 }, (_, i) => `many/part-${String(i).padStart(2, '0')}.log`)], { cwd: stage });
} finally {
  rmSync(stage, { recursive: true, force: true });
}
console.log(`wrote ${OUT}`);
