// Ingest stage: streams each input, looks at its first bytes to decide what it is (text,
// gzip, tar, zip, a known binary), unpacks archives member by member as inputs of their own
// (`bundle.tgz:var/log/messages`) within the limits, and hands text to the parsers.
// Every input and every archive member ends up in the returned accounting, whatever
// happened to it.
import type { ParsedBundle, ParserFactory } from '../model/records.js';
import type { ArchiveReport, InputReport } from '../report/types.js';
import { gunzip } from './archive/gzip.js';
import type { ArchiveLog, ArchiveMember } from './archive/member.js';
import { tarMembers } from './archive/tar.js';
import { zipMembers } from './archive/zip.js';
import { ByteReader, nulRunEnd } from './bytes.js';
import { BINARY_PARSERS } from '../parse/registry.js';
import { isAsciiCompatible, SNIFF_BYTES, sniffEncoding } from './decode.js';
import { ExpansionBudget, resolveLimits, type IngestLimits } from './limits.js';
import { sniffMagic, type Container } from './magic.js';
import type { InputSource } from './source.js';
import { ingestText, type TextIngest } from './text.js';
import { DEFAULT_PLAN, ingestWindowed, type WindowedFile, type WindowedPlan } from './search/windowed.js';

export type { IngestLimits } from './limits.js';

export interface IngestProgress {
  input: string;
  /** Bytes read from the input as given (compressed bytes for an archive). */
  bytesRead: number;
  /** The input's size when known up front. */
  size?: number;
}

export interface IngestOptions {
  onProgress?: (progress: IngestProgress) => void;
  limits?: Partial<IngestLimits>;
  /** Skim plain syslog lines no parser needs (default on); off only to compare with the full path. */
  fastLane?: boolean;
  /**
   * Search first and read only windows around what the search finds (search/windowed.ts):
   * `auto` (the default) for inputs of at least WINDOWED_MIN_BYTES, `always`, or `never` (read
   * every line).
   */
  windowed?: 'auto' | 'always' | 'never';
  /** The windowed path's bounds (tests shrink them to exercise it on small inputs). */
  windowPlan?: Partial<WindowedPlan>;
}

/** Below this size a log is read whole: the windowed path's savings would not show. */
export const WINDOWED_MIN_BYTES = 16 * 1024 * 1024;

const MAX_WARNINGS = 50;
const MAX_SKIPPED_ENTRIES = 50;

function newReport(name: string, container?: string): InputReport {
  const report: InputReport = { name, kinds: [], bytes: 0, lines: 0, unparsedLines: 0, warnings: [] };
  if (container !== undefined) report.container = container;
  return report;
}

function warner(report: InputReport): (message: string) => void {
  return (message) => {
    if (report.warnings.length < MAX_WARNINGS) report.warnings.push(message);
    else if (report.warnings.length === MAX_WARNINGS) report.warnings.push('further warnings suppressed');
  };
}

interface Layer {
  bytes: AsyncIterable<Uint8Array>;
  report: InputReport;
  /** Compression layers already removed, outermost first. */
  compression: string[];
  /** Archives this input sits in (0 for the input as given). */
  depth: number;
}

/** Reads one input; returns its accounting, followed by its members' when it is an archive. */
export async function ingest(
  source: InputSource,
  factories: readonly ParserFactory[],
  bundle: ParsedBundle,
  options: IngestOptions = {},
): Promise<InputReport[]> {
  const limits = resolveLimits(options.limits);
  const reports: InputReport[] = [];
  const top = newReport(source.name);
  reports.push(top);
  let raw = 0;
  /** The input as given has been read up to `bytes` (through its stream or by position). */
  const advanced = (bytes: number): void => {
    top.bytes = bytes;
    options.onProgress?.({ input: source.name, bytesRead: bytes, size: source.size });
  };
  async function* counted(): AsyncGenerator<Uint8Array> {
    for await (const chunk of source.open()) {
      raw += chunk.byteLength;
      advanced(raw);
      yield chunk;
    }
  }
  const budget = new ExpansionBudget(limits, () => raw);

  const readLayer = async (layer: Layer): Promise<void> => {
    const { report } = layer;
    const warn = warner(report);
    const reader = new ByteReader(layer.bytes);
    let head: Uint8Array;
    try {
      head = await reader.peek(SNIFF_BYTES);
    } catch (error) {
      report.kinds.push('unknown');
      report.skipped = `could not be read: ${(error as Error).message}`;
      return;
    }
    const magic = sniffMagic(head);
    try {
      if (magic && 'skip' in magic.action) {
        report.kinds.push(magic.name === 'xz' || magic.name === 'bzip2' || magic.name === 'zstd' || magic.name === '7z' ? 'archive' : 'binary');
        report.skipped = magic.action.skip;
        return;
      }
      const container: Container | undefined = magic && 'unpack' in magic.action ? magic.action.unpack : undefined;
      if (container && layer.depth >= limits.maxDepth) {
        report.kinds.push('archive');
        report.skipped = `${container} nested more than ${limits.maxDepth} levels deep: not unpacked`;
        return;
      }
      if (container === 'gzip') {
        const inner = gunzip(reader.rest(), budget, warn);
        return await readLayer({ ...layer, bytes: inner, compression: [...layer.compression, 'gzip'], depth: layer.depth + 1 });
      }
      if (container) return await readArchive(layer, container, reader);
      // A head of nothing but NULs is a hole, not a binary file: pstore dumps and the console
      // files of crashed VMs start with one, and the log follows it. Sniff what follows.
      let leadingNuls = 0;
      if (head.byteLength > 0 && nulRunEnd(head, 0) === head.byteLength) {
        leadingNuls = await reader.skipNuls();
        head = await reader.peek(SNIFF_BYTES);
        if (head.byteLength === 0) {
          report.kinds.push('empty');
          report.skipped = `only NUL bytes (${leadingNuls}): nothing was written to it`;
          return;
        }
      }
      const verdict = sniffEncoding(head);
      const binaryParser = verdict.binary ? BINARY_PARSERS.find((parser) => parser.sniff(head)) : undefined;
      if (binaryParser) {
        // A binary layout a parser knows (e.g. `ipmitool sel writeraw`): read it instead of skipping it.
        const { units, rejected } = await binaryParser.read(reader.rest(), report.name, { bundle, warn });
        report.kinds.push(binaryParser.kind);
        report.lines = units;
        report.unparsedLines = rejected;
        return;
      }
      if (verdict.binary) {
        report.kinds.push('binary');
        report.skipped = `binary file: ${verdict.reason ?? 'not text'}`;
        return;
      }
      const job: TextIngest = { reader, verdict, report, compression: layer.compression, factories, bundle, maxLineChars: limits.maxLineChars, fastLane: options.fastLane ?? true, leadingNuls, warn };
      const mode = options.windowed ?? 'auto';
      const big = (source.size ?? 0) >= WINDOWED_MIN_BYTES;
      // The windowed path searches bytes undecoded.
      if (isAsciiCompatible(verdict) && (mode === 'always' || (mode === 'auto' && big))) {
        // The input as given, a plain file: read by position (WindowedFile), not through the stream.
        const offset = reader.consumed;
        const file: WindowedFile | undefined =
          source.file !== undefined && layer.depth === 0 ? { path: source.file, offset, onRead: (bytes) => advanced(offset + bytes) } : undefined;
        if (file) await reader.close();
        await ingestWindowed(job, { ...DEFAULT_PLAN, ...options.windowPlan }, source.size, file);
      } else await ingestText(job);
    } finally {
      await reader.close();
    }
  };

  const readArchive = async (layer: Layer, format: 'tar' | 'zip', reader: ByteReader): Promise<void> => {
    const { report } = layer;
    const archive: ArchiveReport = { format, compression: layer.compression, entries: 0, members: 0, expandedBytes: 0, skippedEntries: [] };
    report.kinds.push('archive');
    report.archive = archive;
    const entriesBefore = budget.entries;
    let skippedMore = 0;
    const log: ArchiveLog = {
      skip: (path, reason) => {
        if (archive.skippedEntries.length < MAX_SKIPPED_ENTRIES) archive.skippedEntries.push({ path, reason });
        else skippedMore++;
      },
      unreadable: (path, reason) => {
        const member = newReport(`${report.name}:${path}`, report.name);
        member.kinds.push('unknown');
        member.skipped = reason;
        reports.push(member);
      },
      stop: (reason) => {
        archive.stopped ??= reason;
      },
    };
    const members: AsyncGenerator<ArchiveMember> = format === 'tar' ? tarMembers(reader, budget, log) : zipMembers(reader, budget, log);
    for await (const member of members) {
      archive.members++;
      const memberReport = newReport(`${report.name}:${member.path}`, report.name);
      reports.push(memberReport);
      let memberBytes = 0;
      async function* countedMember(): AsyncGenerator<Uint8Array> {
        for await (const chunk of member.bytes) {
          memberBytes += chunk.byteLength;
          yield chunk;
        }
      }
      await readLayer({ bytes: countedMember(), report: memberReport, compression: [], depth: layer.depth + 1 });
      memberReport.bytes = memberBytes;
      if (budget.stopped) warner(memberReport)(`cut short: ${budget.stopped}`);
    }
    if (skippedMore > 0) archive.skippedEntries.push({ path: '…', reason: `${skippedMore} more entries not unpacked` });
    archive.entries = budget.entries - entriesBefore;
    archive.expandedBytes = budget.expanded;
    if (budget.stopped) archive.stopped ??= budget.stopped;
    if (archive.stopped) warner(report)(`unpacking stopped: ${archive.stopped}; the rest of the archive was not read`);
  };

  try {
    await readLayer({ bytes: counted(), report: top, compression: [], depth: 0 });
  } catch (error) {
    // Belt and braces: a reader bug must cost one input, never the whole report.
    warner(top)(`reading stopped: ${(error as Error).message}`);
    if (top.kinds.length === 0) top.kinds.push('unknown');
  }
  if (budget.stopped && !top.archive) {
    warner(top)(`decompression stopped: ${budget.stopped} (possible decompression bomb); the rest was not read`);
  }
  return reports;
}

/** The accounting of the input itself (for an archive, without its members'). */
export async function ingestSource(
  source: InputSource,
  factories: readonly ParserFactory[],
  bundle: ParsedBundle,
  options: IngestOptions = {},
): Promise<InputReport> {
  return (await ingest(source, factories, bundle, options))[0]!;
}
