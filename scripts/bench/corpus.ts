// Writes a large /var/log/messages-style file: ordinary syslog traffic of a busy host with a
// known number of soft-lockup reports (header, module list, CPU line, x86_64 register dump,
// call trace) planted at even intervals, each on its own CPU and task, so that a run can
// check that exactly these were found. Deterministic for a given size, episode count and seed.
import { closeSync, openSync, writeSync } from 'node:fs';

export interface Planted {
  cpu: number;
  pid: number;
  comm: string;
  /** 1-based line of the `BUG: soft lockup` header. */
  line: number;
}

export interface CorpusOptions {
  bytes: number;
  episodes: number;
  seed?: number;
  host?: string;
  /** `bsd` (`Jun  1 00:00:00 host …`, the default) or `rfc3339` (`2024-06-01T00:00:00+08:00 host …`). */
  format?: 'bsd' | 'rfc3339';
}

/** mulberry32: small, fast, good enough to vary log lines; the same sequence for a seed on every run. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Ordinary traffic, each a function of the random source. None of it is an incident. */
const NOISE: ((r: () => number) => string)[] = [
  (r) => `systemd[1]: Started Session ${Math.floor(r() * 90000)} of user ops.`,
  (r) => `systemd-logind[1123]: New session ${Math.floor(r() * 90000)} of user ops.`,
  (r) => `sshd[${2000 + Math.floor(r() * 60000)}]: Accepted publickey for ops from 10.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}.${Math.floor(r() * 255)} port ${1024 + Math.floor(r() * 60000)} ssh2: RSA SHA256:Jx3v0bq7Lk2m9Qw8Yt5Zr1Ua4Ce6Gh0Ij2Kl4Mn6Op`,
  (r) => `CROND[${2000 + Math.floor(r() * 60000)}]: (root) CMD (run-parts /etc/cron.hourly)`,
  (r) => `kernel: IPv4: martian source 10.0.${Math.floor(r() * 255)}.${Math.floor(r() * 255)} from 10.0.0.1, on dev eth0`,
  (r) => `kernel: TCP: request_sock_TCP: Possible SYN flooding on port ${[80, 443, 8080][Math.floor(r() * 3)]}. Sending cookies.  Check SNMP counters.`,
  (r) => `kernel: perf: interrupt took too long (${2500 + Math.floor(r() * 900)} > 2500), lowering kernel.perf_event_max_sample_rate to ${70000 + Math.floor(r() * 9000)}`,
  (r) => `containerd[1801]: time="2024-06-0${1 + Math.floor(r() * 9)}T0${Math.floor(r() * 9)}:1${Math.floor(r() * 9)}:0${Math.floor(r() * 9)}.${Math.floor(r() * 999999)}Z" level=info msg="shim disconnected" id=${Math.floor(r() * 1e12).toString(16)}`,
  (r) => `dockerd[1820]: time="2024-06-01T00:00:00Z" level=warning msg="Health check for container ${Math.floor(r() * 1e12).toString(16)} error: context deadline exceeded"`,
  (r) => `chronyd[1011]: Selected source 10.2.${Math.floor(r() * 255)}.1 (ntp${Math.floor(r() * 4)}.example.net)`,
  (r) => `rsyslogd[1002]: imjournal: ${Math.floor(r() * 5000)} messages lost due to rate-limiting (20000 allowed within 600 seconds)`,
  (r) => `NetworkManager[1099]: <info>  [${(1717200000 + r() * 1e6).toFixed(4)}] dhcp4 (eth${Math.floor(r() * 2)}): state changed new lease, address=10.3.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}`,
  (r) => `kubelet[2210]: I0601 00:00:00.000000    2210 kubelet_getters.go:187] "Pod status updated" pod="prod/api-${Math.floor(r() * 1e6).toString(36)}" status="Running"`,
];

const TASKS = ['kworker/%d:1', 'ksoftirqd/%d', 'java', 'mysqld', 'nginx', 'kcompactd0', 'migration/%d', 'postgres'];

/** One soft-lockup report as /var/log/messages carries it (kernel: prefix, no uptime stamp). */
function episodeLines(cpu: number, pid: number, comm: string, r: () => number): string[] {
  const reg = () => Math.floor(r() * 0xffffffff).toString(16).padStart(8, '0') + Math.floor(r() * 0xffffffff).toString(16).padStart(8, '0');
  return [
    `watchdog: BUG: soft lockup - CPU#${cpu} stuck for ${22 + Math.floor(r() * 40)}s! [${comm}:${pid}]`,
    'Modules linked in: nfsv3 nfs_acl rpcsec_gss_krb5 auth_rpcgss nfsv4 dns_resolver nfs lockd grace fscache xt_conntrack nf_nat',
    `CPU: ${cpu} PID: ${pid} Comm: ${comm} Kdump: loaded Not tainted 5.14.0-284.30.1.el9_2.x86_64 #1`,
    'Hardware name: Dell Inc. PowerEdge R750/0PJ80M, BIOS 1.10.2 02/16/2023',
    'RIP: 0010:native_queued_spin_lock_slowpath+0x1d6/0x200',
    'Code: 6e f0 0f ba 2a 08 0f 92 c0 0f b6 c0 c1 e0 08 89 c6 81 e6 00 ff ff ff 75 3e 85 c0 74 0e 8b 02 84 c0 74 08 f3 90 <8b> 02 84 c0 75 f8',
    `RSP: 0018:ffffb3c${reg().slice(0, 9)} EFLAGS: 00000202`,
    `RAX: ${reg()} RBX: ${reg()} RCX: ${reg()}`,
    `RDX: ${reg()} RSI: ${reg()} RDI: ${reg()}`,
    `RBP: ${reg()} R08: ${reg()} R09: ${reg()}`,
    `R10: ${reg()} R11: ${reg()} R12: ${reg()}`,
    `R13: ${reg()} R14: ${reg()} R15: ${reg()}`,
    'FS:  00007f2a5c7fe700(0000) GS:ffff9a3fbfa40000(0000) knlGS:0000000000000000',
    'CS:  0010 DS: 0000 ES: 0000 CR0: 0000000080050033',
    'CR2: 00007f2a5c7fd000 CR3: 000000010a8e4005 CR4: 00000000007706e0',
    'Call Trace:',
    ' <TASK>',
    ' _raw_spin_lock+0x25/0x30',
    ' free_pcppages_bulk+0x4b/0x290',
    ' drain_pages_zone+0x3e/0x50',
    ' drain_local_pages_wq+0x13/0x20',
    ' process_one_work+0x1e5/0x3c0',
    ' worker_thread+0x50/0x3b0',
    ' kthread+0x149/0x170',
    ' ret_from_fork+0x22/0x30',
    ' </TASK>',
  ];
}

/** Writes the corpus to `path`; returns what was planted and how many lines were written. */
export function writeCorpus(path: string, options: CorpusOptions): { planted: Planted[]; lines: number; bytes: number } {
  const r = random(options.seed ?? 0x5eed);
  const host = options.host ?? 'bench-host';
  const fd = openSync(path, 'w');
  const planted: Planted[] = [];
  let bytes = 0;
  let lines = 0;
  let buffer: string[] = [];
  let buffered = 0;
  // Start of June; the clock advances 0.1 s per line on average, so 1 GiB spans ~11 days.
  let seconds = 0;
  const stamp = () => {
    const day = 1 + Math.floor(seconds / 86400);
    const rest = seconds % 86400;
    const two = (n: number) => String(n).padStart(2, '0');
    const time = `${two(Math.floor(rest / 3600))}:${two(Math.floor((rest % 3600) / 60))}:${two(rest % 60)}`;
    if (options.format === 'rfc3339') return `2024-06-${two(day)}T${time}.000000+08:00 ${host} `;
    return `${MONTHS[5]} ${String(day).padStart(2, ' ')} ${time} ${host} `;
  };
  const emit = (text: string) => {
    if (r() < 0.1) seconds++;
    const line = stamp() + text + '\n';
    buffer.push(line);
    buffered += line.length;
    bytes += line.length;
    lines++;
    if (buffered >= 1 << 20) flush();
  };
  const flush = () => {
    writeSync(fd, buffer.join(''));
    buffer = [];
    buffered = 0;
  };
  try {
    let next = 0;
    while (bytes < options.bytes) {
      if (next < options.episodes && bytes >= (options.bytes * (next + 0.5)) / options.episodes) {
        const cpu = (next * 7 + 3) % 96;
        const pid = 10_000 + next * 131;
        const comm = TASKS[next % TASKS.length]!.replace('%d', String(cpu));
        planted.push({ cpu, pid, comm, line: lines + 1 });
        for (const text of episodeLines(cpu, pid, comm, r)) emit(`kernel: ${text}`);
        next++;
        continue;
      }
      emit(NOISE[Math.floor(r() * NOISE.length)]!(r));
    }
    flush();
  } finally {
    closeSync(fd);
  }
  return { planted, lines, bytes };
}

/** The header patterns that start kernel events, for `grep -cE` (the practical speed limit). */
export const HEADER_PATTERN = [
  'BUG: soft lockup',
  'hard LOCKUP',
  'detected (expedited )?stalls? on',
  'self-detected stall',
  'blocked for more than [0-9]+ seconds',
  'BUG: workqueue lockup',
  'Kernel panic - not syncing',
  'Oops',
  'Unable to handle kernel',
  'BUG: unable to handle',
  'csd: Detected non-responsive CSD lock',
  'NMI backtrace for cpu',
  '\\[Hardware Error\\]',
  'EDAC ',
  'mce: ',
  'Linux version ',
].join('|');

/**
 * A console flooded with soft-lockup reports (dmesg format, eight CPUs stuck in turn, one
 * report every 3 s of uptime): what a frozen server prints for hours. Returns the reports written.
 */
export function writeFlood(path: string, bytes: number): { reports: number; bytes: number } {
  const r = random(0xf100d);
  const fd = openSync(path, 'w');
  let written = 0;
  let reports = 0;
  let uptime = 100;
  try {
    while (written < bytes) {
      const cpu = reports % 8;
      const lines = episodeLines(cpu, 1000 + cpu, 'java', r);
      const text = lines.map((line) => `[${uptime.toFixed(6).padStart(12)}] ${line}\n`).join('');
      writeSync(fd, text);
      written += text.length;
      uptime += 3;
      reports++;
    }
  } finally {
    closeSync(fd);
  }
  return { reports, bytes: written };
}
