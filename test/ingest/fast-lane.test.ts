// The fast lane must not change a report: every fixture, the benchmark's corpus, kernel reports
// of every fixture retold as /var/log/messages, and a file built to hit each edge the lane
// reasons about are analysed with the lane on and off, and the reports compared whole.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/engine.js';
import { ingest } from '../../src/ingest/index.js';
import { emptyBundle, type ParserFactory } from '../../src/model/records.js';
import { PARSERS } from '../../src/parse/registry.js';
import { sourceFromBytes, sourceFromText } from '../../src/ingest/source.js';
import { writeCorpus } from '../../scripts/bench/corpus.js';
import { loadFixtures } from '../fuzz/properties.js';

async function both(name: string, bytes: Uint8Array): Promise<[string, string]> {
  const slow = await analyze([sourceFromBytes(name, bytes)], { fastLane: false });
  const fast = await analyze([sourceFromBytes(name, bytes)], { fastLane: true });
  return [JSON.stringify(slow, null, 1), JSON.stringify(fast, null, 1)];
}

/** How many lines reached the parsers one by one. */
async function fedLines(name: string, bytes: Uint8Array): Promise<{ fed: number; lines: number }> {
  let fed = 0;
  const counted: ParserFactory[] = PARSERS.map((factory, i) => ({
    ...factory,
    create(ctx) {
      const parser = factory.create(ctx);
      if (i === 0) {
        const feed = parser.feed.bind(parser);
        parser.feed = (line) => {
          fed++;
          return feed(line);
        };
      }
      return parser;
    },
  }));
  const [report] = await ingest(sourceFromBytes(name, bytes), counted, emptyBundle(), { fastLane: true });
  return { fed, lines: report!.lines };
}

const HOST = 'db-7';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** mulberry32, so the file is the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A bsd-syslog stamp, or an RFC 3339 one (with a fraction on some lines) in `zone`. */
function stamp(month: number, seconds: number, zone?: string): string {
  const day = 1 + Math.floor(seconds / 86400);
  const rest = seconds % 86400;
  const two = (n: number) => String(n).padStart(2, '0');
  const time = `${two(Math.floor(rest / 3600))}:${two(Math.floor((rest % 3600) / 60))}:${two(rest % 60)}`;
  if (zone === undefined) return `${MONTHS[month]} ${String(day).padStart(2, ' ')} ${time}`;
  return `2024-${two(month + 1)}-${two(day)}T${time}${seconds % 3 === 0 ? '.123456' : ''}${zone}`;
}

const NOISE = [
  'sshd[4242]: Accepted publickey for ops from 10.1.2.3 port 50022 ssh2',
  'systemd[1]: Started Session 77 of user ops.',
  'kernel: IPv4: martian source 10.0.3.4 from 10.0.0.1, on dev eth0',
  'kernel: perf: interrupt took too long (2600 > 2500), lowering kernel.perf_event_max_sample_rate to 70000',
  'containerd[1801]: time="2024-06-01T03:04:05.123456Z" level=info msg="shim disconnected"',
  'chronyd[1011]: Selected source 10.2.3.1 (ntp1.example.net)',
];

/** Lines that each exercise one reason the lane has to step aside. */
const SPECIAL = [
  'kernel: Linux version 5.14.0-284.30.1.el9_2.x86_64 (mockbuild@x86-vm-07) (gcc (GCC) 11.3.1)',
  'rsyslogd[1002]: [origin software="rsyslogd" swVersion="8.2102.0" x-pid="1002" x-info="https://www.rsyslog.com"] start',
  'ipmievd[911]: Memory sensor Memory #0xeb Transition to Non-recoverable',
  'myagent[77]: csd: Detected non-responsive CSD lock (#1) on CPU#3, waiting 5000000059 ns for CPU#05 flush_tlb_func+0x0/0x3a0(0xffffc90000d4bd40).',
  'kernel: smp: csd: Detected non-responsive CSD lock (#2) on CPU#4, waiting 5000000059 ns for CPU#06 do_nothing+0x0/0x10(0x0).',
  'kernel: [ 1234.567890] usb 1-1: new high-speed USB device number 2 using xhci_hcd',
  'kernel: watchdog: BUG: soft lockup - CPU#7 stuck for 23s! [java:4242]',
  'kernel: CPU: 7 PID: 4242 Comm: java Not tainted 5.14.0-284.30.1.el9_2.x86_64 #1',
  'kernel: RIP: 0010:native_queued_spin_lock_slowpath+0x1d6/0x200',
  'kernel: Call Trace:',
  'kernel:  _raw_spin_lock+0x25/0x30',
  'kernel:  <TASK>',
  'kernel: ---[ end trace 0000000000000000 ]---',
  'kernel: EDAC MC0: 1 CE memory read error on CPU_SrcID#0_Ha#0_Chan#1_DIMM#0 (channel:1 slot:0 page:0x12 offset:0x0 grain:32 syndrome:0x0)',
  'kernel: 4WARNING: CPU: 0 PID: 1 at kernel/foo.c:1 bar+0x1/0x2',
  'dockerd[1820]: {"level":"warn","ts":"2024-06-01T05:00:00.465Z","msg":"slow"}',
  'bmc-relay[12]: forwarded sel entry: fru: 4, Record: Standard (0x02), Time: 2018-03-13 07:37:12, Sensor: PMIC_ERR (0xB4), Event Data: (020C00) DIMM A0 - Assertion',
  'kernel: CSD: cnt(0001234): 0003->0005 queue',
  'kernel: Code: 6e f0 0f ba 2a 08 0f 92 c0 0f b6 c0 c1 e0 08 89 c6 81 e6 00 ff ff ff 75 3e 85 c0 74 0e 8b 02 84 c0 74 08 f3 90 <8b> 02 84 c0 75 f8',
  'kernel:  ? native_queued_spin_lock_slowpath+0x1d6/0x200',
];

function edgeCaseLog(seed: number, lines: number, iso = false, specials = true): string {
  const r = random(seed);
  let zone = iso ? '+08:00' : undefined;
  const out: string[] = [];
  let seconds = 0;
  let month = 11; // December: `Dec 12` looks like hex bytes to one SEL row
  let host = HOST;
  for (let i = 0; i < lines; i++) {
    const roll = r();
    seconds += roll < 0.002 ? 2400 : roll < 0.5 ? 1 : 0; // some 40-minute silences
    if (roll > 0.999) month = (month + 1) % 12;
    if (roll > 0.997 && roll < 0.998) host = host === HOST ? 'db-8' : HOST;
    if (iso && roll > 0.996 && roll < 0.997) zone = zone === '+08:00' ? '+09:00' : '+08:00'; // an offset change inside a window
    const pri = r() < 0.01 ? '<13>' : '';
    let text: string;
    const pick = specials ? r() : 0.5;
    if (pick < 0.04) text = SPECIAL[Math.floor(r() * SPECIAL.length)]!;
    else if (pick < 0.045) text = `app[9]: ${'x'.repeat(80)}`; // 80-column wrap…
    else text = NOISE[Math.floor(r() * NOISE.length)]!;
    out.push(`${iso ? '' : pri}${stamp(month, seconds, zone)} ${host} ${text}`);
    if (pick >= 0.04 && pick < 0.045) out.push('continued after the wrap'); // …and its continuation
    if (pick >= 0.045 && pick < 0.046) out.push(`${stamp(month, seconds, zone)} ${host} app[9]: ${'y'.repeat(70_000)}`);
    if (pick >= 0.046 && pick < 0.047) out.push('ID | Date | Time | Sensor | Event | State', '1 | 03/27/2024 | 12:48:44 | Memory #0xeb | Transition to Non-recoverable | Asserted');
    if (pick >= 0.047 && pick < 0.048) out.push('```', `${stamp(month, seconds, zone)} ${host} kernel: inside a fence`, '```');
  }
  return `${out.join('\n')}\n`;
}

/** A kernel log retold as /var/log/messages lines, with syslog noise between its lines. */
function asSyslog(kernelLog: string, seed: number, zone?: string): string {
  const r = random(seed);
  const out: string[] = [];
  let seconds = 3600;
  for (const raw of kernelLog.split('\n')) {
    const message = raw.replace(/^(?:<\d>)?\[\s*\d+\.\d+\](?:\[\s*[TC]\d+\])?\s?/, '');
    for (let n = Math.floor(r() * 4); n > 0; n--) out.push(`${stamp(5, seconds, zone)} ${HOST} ${NOISE[Math.floor(r() * NOISE.length)]}`);
    out.push(`${stamp(5, seconds, zone)} ${HOST} kernel: ${message}`);
    if (r() < 0.2) seconds++;
  }
  return `${out.join('\n')}\n`;
}

describe('fast lane', () => {
  it('gives the same report as the full path for every fixture', async () => {
    for (const fixture of loadFixtures()) {
      const [slow, fast] = await both(fixture.name, fixture.bytes);
      expect(fast, fixture.name).toBe(slow);
    }
  }, 120_000);

  it('gives the same report for kernel reports of every fixture retold as /var/log/messages', async () => {
    const kernelFixtures = loadFixtures().filter((f) => /fixtures\/kernel\/|incident-2024-03-27/.test(f.name) && f.bytes.length < 2_000_000 && !f.bytes.subarray(0, 4096).includes(0));
    expect(kernelFixtures.length).toBeGreaterThan(20);
    for (const [i, fixture] of kernelFixtures.entries()) {
      for (const zone of [undefined, '-05:00']) {
        const text = asSyslog(new TextDecoder().decode(fixture.bytes), i + 1, zone);
        const [slow, fast] = await both(`${fixture.name}.messages`, new TextEncoder().encode(text));
        expect(fast, `${fixture.name} ${zone ?? 'bsd'}`).toBe(slow);
      }
    }
  }, 180_000);

  it('gives the same report on lines built to hit every edge, in both syslog formats', async () => {
    for (const iso of [false, true]) {
      for (const seed of [1, 2, 3]) {
        const bytes = new TextEncoder().encode(edgeCaseLog(seed, 40_000, iso));
        const [slow, fast] = await both(`edges-${seed}.log`, bytes);
        expect(fast, `seed ${seed}${iso ? ' rfc3339' : ''}`).toBe(slow);
        const parsed = JSON.parse(fast) as { events: unknown[]; findings: unknown[] };
        expect(parsed.events.length).toBeGreaterThan(0);
      }
    }
  }, 180_000);

  it('skims ordinary traffic in both syslog formats', async () => {
    for (const iso of [false, true]) {
      const bytes = new TextEncoder().encode(edgeCaseLog(7, 40_000, iso, false));
      const { fed, lines } = await fedLines('traffic.log', bytes);
      // The first 64 lines with clock samples, one line an hour and each window's first line are read in full.
      expect(fed, `${iso ? 'rfc3339' : 'bsd'}: ${fed} of ${lines} lines fed`).toBeLessThan(lines * 0.1);
      const [slow, fast] = await both('traffic.log', bytes);
      expect(fast).toBe(slow);
    }
  }, 60_000);

  it('skims the benchmark corpus, with the same report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ktriage-lane-'));
    try {
      const path = join(dir, 'bench.log');
      const written = writeCorpus(path, { bytes: 3 * 1024 * 1024, episodes: 1 });
      const bytes = readFileSync(path);
      const [slow, fast] = await both('bench.log', bytes);
      expect(fast).toBe(slow);
      expect((JSON.parse(fast) as { events: unknown[] }).events).toHaveLength(written.planted.length);
      const { fed, lines } = await fedLines('bench.log', bytes);
      expect(lines).toBe(written.lines);
      // Each planted report keeps the lane off for its report text (800 lines of kernel messages).
      expect(fed).toBeLessThan(lines * 0.25);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('stays off where no parser contract allows it and for text that is not syslog', async () => {
    const dmesg = Array.from({ length: 5000 }, (_, i) => `[ ${(i / 10).toFixed(6)}] usb 1-1: noise line ${i}`).join('\n');
    const { fed, lines } = await fedLines('dmesg.log', new TextEncoder().encode(dmesg));
    expect(fed).toBe(lines);
    const report = await analyze([sourceFromText('x.log', dmesg)]);
    expect(report.inputs[0]!.lines).toBe(5000);
  });
});
