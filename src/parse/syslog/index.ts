// The host's own log (/var/log/messages, journal exports): what the timeline needs from it —
// where it starts and ends, where it goes silent, where the host booted, and lines that tie
// the host's local clock to UTC. Memory stays bounded: only marks and samples are kept.
import type {
  ClockEvidence,
  HostLogGap,
  HostLogMark,
  LineParser,
  LocalDateTime,
  LogLine,
  ParserContext,
  ParserFactory,
  SkimmedRun,
  WakeTokens,
} from '../../model/records.js';
import { detach } from '../detach.js';
import { localToEpochMillis, parseOffsetMinutes } from '../prefix/table.js';
import { BOOT_OPENS, EMBEDDED_UTC_TIMESTAMP } from './patterns.js';
import { BootTracker } from './boots.js';
import { LineRate, windowOf } from './rate.js';
import { HourlySampler, SampleThinner } from './thinning.js';

/**
 * "The host went silent" is read only from a log that normally speaks — a full syslog or journal,
 * not the kernel's lines alone (`journalctl -k`, kern.log: hours of quiet are normal there, the
 * kernel prints when something happens) — and only from a quiet spell this many times longer
 * than the log's own median line spacing, that ends in a boot.
 */
export const SILENCE_FACTOR = 10;

/** Hosts tracked one by one in an aggregate; a central log of more shares one tracker for the rest. */
const MAX_HOSTS = 4_096;

const JOURNAL_CURSOR = /^-- cursor: (?:[a-z]=[^;]*;)*?t=([0-9a-f]{1,16})(?:;|$)/;
/** Clock evidence kept whole per segment before thinning starts: plenty to vote on, bounded for week-long logs. */
const MAX_CLOCK_SAMPLES = 64;
/** For the fast lane, while the hour still wants a sample: lines whose message carries a zoned stamp. */
const STAMP_WAKE: WakeTokens = { wake: EMBEDDED_UTC_TIMESTAMP };

function mark(line: LogLine): HostLogMark {
  return {
    local: line.local,
    utcMillis: line.utcMillis,
    host: line.host,
    program: line.program,
    source: { input: line.input, line: line.line },
    text: line.text,
  };
}

/** The hour of the host's clock a line belongs to: clock samples are thinned per hour. */
function hourOf(local: LocalDateTime): string {
  return `${local.year ?? ''}-${local.month}-${local.day}T${local.hour}`;
}

/** The line as evidence: a journal JSON record is shown as its host, program and message, not its raw JSON. */
function readable(line: LogLine): string {
  if (line.prefix !== 'journal-json') return detach(line.text);
  return detach(`${line.host ? `${line.host} ` : ''}${line.program ?? 'kernel'}: ${line.message}`);
}

function detached(mark: HostLogMark): HostLogMark {
  return { ...mark, text: detach(mark.text) };
}

/** Seconds between two marks on the host's local clock (a year-less stamp wraps at New Year). */
function secondsBetween(a: HostLogMark, b: HostLogMark): number | undefined {
  if (a.utcMillis !== undefined && b.utcMillis !== undefined) return (b.utcMillis - a.utcMillis) / 1000;
  if (!a.local || !b.local) return undefined;
  const year = a.local.year ?? 2000;
  let delta = localToEpochMillis(b.local, b.local.year ?? year) - localToEpochMillis(a.local, year);
  if (delta < -180 * 86_400_000 && b.local.year === undefined) delta = localToEpochMillis(b.local, year + 1) - localToEpochMillis(a.local, year);
  return delta / 1000;
}

class HostLogParser implements LineParser {
  readonly kind = 'syslog' as const;
  private first: HostLogMark | undefined;
  private last: HostLogMark | undefined;
  private readonly uptimeSamples = new SampleThinner(MAX_CLOCK_SAMPLES);
  private readonly offsetSamples = new HourlySampler(MAX_CLOCK_SAMPLES);
  private hostsSeen = new Set<string>();
  /** Quiet spells that ended in a boot; whether each was silence is decided once the log's rate is known. */
  private bootGaps: { gap: HostLogGap; seconds: number }[] = [];
  private lines = 0;
  /** Lines the windowed path only counted since the last line read: spread over the next one's window. */
  private countedSince = 0;
  private kernelLines = 0;
  private readonly rate = new LineRate();
  /**
   * Per host of an aggregate (a central syslog writes many hosts into one file): each host's
   * kernel restarts its own uptime, and a host's silence before its boot is measured from its
   * own last line. One tracker for all made every interleaved host's uptime a "reset".
   */
  private readonly hosts = new Map<string, { boots: BootTracker; last?: HostLogMark }>();

  constructor(private readonly ctx: ParserContext) {}

  feed(line: LogLine): boolean {
    if (!line.local && line.utcMillis === undefined) return this.readCursor(line);
    if (line.prefix === 'dmesg' || line.prefix === 'kmsg-level') return false;
    const current = mark(line);
    if (line.host && !this.hostsSeen.has(line.host)) {
      this.hostsSeen.add(line.host);
      this.ctx.bundle.hostFacts.push({ field: 'hostname', value: line.host, source: current.source, text: detach(line.text), host: line.host, method: 'syslog-host' });
    }
    const own = this.hostOf(line.host);
    const isBoot = own.boots.opens(line, line.utcMillis ?? localToEpochMillis(line.local!, line.local!.year ?? 2000));
    if (isBoot) {
      this.ctx.bundle.boots.push({ local: line.local, utcMillis: line.utcMillis, uptime: line.uptime, ...(line.bootId ? { bootId: line.bootId } : {}), source: current.source, text: readable(line) });
    }
    this.count(current, 1, line.kernel ? 1 : 0);
    if (own.last) {
      const silence = secondsBetween(own.last, current);
      // A quiet spell that ends in an ordinary line (a link flap, a cron job) is the host
      // having nothing to say; only one that ends in a boot can be the host going down.
      if (isBoot && silence !== undefined && silence > 0) {
        this.bootGaps.push({ gap: { before: detached(own.last), after: detached(current), afterIsBoot: true }, seconds: silence });
      }
    }
    own.last = current;
    this.first ??= current;
    this.last = current;
    this.collectClockEvidence(line);
    if (line.kernel && line.uptime !== undefined && this.uptimeSamples.take()) {
      this.ctx.bundle.clockEvidence.push({
        kind: line.utcMillis !== undefined ? 'uptime-vs-utc' : 'uptime-vs-local',
        local: line.local,
        utcMillis: line.utcMillis,
        uptime: line.uptime,
        ...(line.host !== undefined ? { host: line.host } : {}),
        source: current.source,
        text: detach(line.text),
      });
    }
    return true;
  }

  /** The boot tracker and last line of a host; past MAX_HOSTS hosts, the rest share one. */
  private hostOf(host: string | undefined): { boots: BootTracker; last?: HostLogMark } {
    const key = host !== undefined && (this.hosts.has(host) || this.hosts.size < MAX_HOSTS) ? host : '';
    let own = this.hosts.get(key);
    if (!own) {
      own = { boots: new BootTracker() };
      this.hosts.set(key, own);
    }
    return own;
  }

  /**
   * `journalctl --show-cursor` ends its output with `-- cursor: s=…;i=…;b=…;m=…;t=…;x=…`, the position
   * of the last entry shown; `t=` is that entry's realtime (µs since epoch, hex; systemd sd-journal
   * cursor format). With the last line's local stamp it ties the host clock to UTC and gives the year.
   */
  private readCursor(line: LogLine): boolean {
    const m = JOURNAL_CURSOR.exec(line.text);
    if (!m || !this.last?.local || this.last.utcMillis !== undefined) return false;
    this.ctx.bundle.clockEvidence.push({ kind: 'local-vs-utc', local: this.last.local, utcMillis: Math.floor(parseInt(m[1]!, 16) / 1000), source: { input: line.input, line: line.line }, text: detach(line.text) });
    return true;
  }

  private collectClockEvidence(line: LogLine): void {
    if (!line.local) return;
    if (line.utcMillis !== undefined) {
      // The line's own stamp carries its zone (RFC 3339 syslog): the offset is printed outright.
      if (!this.offsetSamples.take(hourOf(line.local))) return;
      this.ctx.bundle.clockEvidence.push({ kind: 'local-vs-utc', local: line.local, utcMillis: line.utcMillis, source: { input: line.input, line: line.line }, text: detach(line.text) });
      return;
    }
    const m = EMBEDDED_UTC_TIMESTAMP.exec(line.message);
    if (!m) return;
    const offset = parseOffsetMinutes(m[8]!);
    if (offset === undefined || !this.offsetSamples.take(hourOf(line.local))) return;
    const printed = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), Math.round(Number(`0${m[7] ?? ''}`) * 1000));
    const evidence: ClockEvidence = {
      kind: 'local-vs-utc',
      local: line.local,
      utcMillis: printed - offset * 60_000,
      source: { input: line.input, line: line.line },
      text: detach(line.text),
    };
    this.ctx.bundle.clockEvidence.push(evidence);
  }

  /** A line stamped with its zone is a clock sample itself: each is read while the hour wants one. */
  resting(): boolean {
    const last = this.last;
    return last?.utcMillis === undefined || last.local === undefined || !this.offsetSamples.wants(hourOf(last.local));
  }

  /** While the current hour still wants a clock sample, lines carrying a zoned stamp need `feed`. */
  wakeNow(): WakeTokens | undefined {
    const local = this.last?.local;
    return local && this.offsetSamples.wants(hourOf(local)) ? STAMP_WAKE : undefined;
  }

  /**
   * Plain lines of the host and window of the last line fed, with no boot message and no wanted
   * sample: none can open a gap or name a new host, so only the last one matters.
   */
  skimmed(run: SkimmedRun): boolean {
    this.last = mark(run.last);
    // A run never leaves one host (fast-lane.ts): that host's last line is the run's.
    this.hostOf(run.last.host).last = this.last;
    this.count(this.last, run.lines, run.kernelLines);
    return true;
  }

  private count(at: HostLogMark, lines: number, kernelLines: number): void {
    this.lines += lines;
    this.kernelLines += kernelLines;
    const window = windowOf(at.local, at.utcMillis);
    this.rate.spread(window, this.countedSince);
    this.rate.add(window, lines);
    this.countedSince = 0;
  }

  /**
   * Lines no parser read (the windowed path): they count towards the log's line rate, spread
   * over the windows between the lines read around them (LineRate.spread). No gap can hide
   * among them: a gap ends in a boot, a boot line is a start token, and the lines before a start
   * token are read (the window's context).
   */
  counted(lines: number): void {
    this.countedSince += lines;
  }

  end(): void {
    // A log of the kernel's lines alone: its quiet is the kernel having nothing to say.
    if (this.kernelLines < this.lines) {
      const median = this.rate.medianSeconds() ?? 0;
      for (const { gap, seconds } of this.bootGaps) if (seconds >= SILENCE_FACTOR * median) this.ctx.bundle.hostLogGaps.push(gap);
    }
    this.bootGaps = [];
    this.lines = 0;
    this.kernelLines = 0;
    if (this.first && this.last) this.ctx.bundle.hostLogSpans.push({ first: detached(this.first), last: detached(this.last) });
    this.first = undefined;
    this.last = undefined;
    this.hosts.clear();
  }
}

export const syslogParser: ParserFactory = {
  kind: 'syslog',
  create: (ctx) => new HostLogParser(ctx),
  fastLane: { reads: 'all-lines', opens: BOOT_OPENS },
};
