// Ingest stage: streams each input, decodes it, splits lines, rejoins wrapped lines,
// splits pasted Markdown into blocks and feeds every line to the parsers of the parse stage.
// Every input ends up in the returned accounting, whatever happened to it.
import type { LineParser, ParsedBundle, ParserFactory } from '../model/records.js';
import type { InputKind, InputReport } from '../report/types.js';
import { normaliseLine, startsRecord } from '../parse/prefix/normalise.js';
import { sniffEncoding } from './decode.js';
import { splitLines, type PhysicalLine } from './lines.js';
import { WrapJoiner } from './rejoin.js';
import { FenceTracker } from './segments.js';
import type { InputSource } from './source.js';
import { cleanLine } from './hygiene.js';

const HEAD_BYTES = 8192;

export interface IngestProgress {
  input: string;
  bytesRead: number;
}

export interface IngestOptions {
  onProgress?: (progress: IngestProgress) => void;
}

export async function ingestSource(
  source: InputSource,
  factories: readonly ParserFactory[],
  bundle: ParsedBundle,
  options: IngestOptions = {},
): Promise<InputReport> {
  const report: InputReport = { name: source.name, kinds: [], bytes: 0, lines: 0, unparsedLines: 0, warnings: [] };
  const kinds = new Set<InputKind>();
  const warn = (message: string) => {
    if (report.warnings.length < 50) report.warnings.push(message);
    else if (report.warnings.length === 50) report.warnings.push('further warnings suppressed');
  };

  let verdict: ReturnType<typeof sniffEncoding> | undefined;
  let decoder: InstanceType<typeof TextDecoder> | undefined;
  let head: Uint8Array[] = [];
  let headBytes = 0;

  async function* texts(): AsyncGenerator<string> {
    for await (const chunk of source.open()) {
      report.bytes += chunk.byteLength;
      options.onProgress?.({ input: source.name, bytesRead: report.bytes });
      if (!verdict) {
        head.push(chunk);
        headBytes += chunk.byteLength;
        if (headBytes < HEAD_BYTES) continue;
        const joined = concat(head);
        head = [];
        verdict = sniffEncoding(joined);
        if (verdict.binary) return;
        decoder = new TextDecoder(verdict.encoding, { fatal: false, ignoreBOM: false });
        yield decoder.decode(joined, { stream: true });
        continue;
      }
      if (verdict.binary) return;
      yield decoder!.decode(chunk, { stream: true });
    }
    if (!verdict) {
      const joined = concat(head);
      verdict = sniffEncoding(joined);
      if (verdict.binary) return;
      decoder = new TextDecoder(verdict.encoding, { fatal: false, ignoreBOM: false });
      yield decoder.decode(joined, { stream: true });
    }
    const tail = decoder?.decode();
    if (tail) yield tail;
  }

  const fences = new FenceTracker();
  const joiner = new WrapJoiner(startsRecord);
  let parsers: LineParser[] = [];
  const claimedBy = new Set<InputKind>();
  const ctx = { bundle, warn };
  const startSegment = () => {
    parsers = factories.map((factory) => factory.create(ctx));
  };
  const endSegment = () => {
    for (const parser of parsers) parser.end();
  };
  startSegment();

  const consume = (physical: PhysicalLine) => {
    report.lines++;
    if (physical.truncated) warn(`line ${physical.line}: longer than the line limit, cut`);
    const boundary = fences.check(physical.text);
    if (boundary) {
      kinds.add('markdown');
      endSegment();
      startSegment();
      return;
    }
    const text = cleanLine(physical.text);
    const line = normaliseLine({ input: source.name, line: physical.line, text });
    let claimed = false;
    for (const parser of parsers) {
      if (parser.feed(line)) {
        claimed = true;
        claimedBy.add(parser.kind);
      }
    }
    if (!claimed && text.trim().length > 0) report.unparsedLines++;
  };

  try {
    for await (const physical of splitLines(texts())) {
      for (const logical of joiner.push(physical)) consume(logical);
    }
    for (const logical of joiner.flush()) consume(logical);
    endSegment();
  } catch (error) {
    warn(`reading stopped: ${error instanceof Error ? error.message : String(error)}`);
    report.skipped ??= `could not be read completely: ${error instanceof Error ? error.message : String(error)}`;
  }

  if (verdict?.binary) {
    kinds.add('binary');
    report.skipped = `binary file: ${verdict.reason ?? 'not text'}`;
  } else if (report.bytes === 0) {
    kinds.add('empty');
    report.skipped = 'empty input';
  }
  for (const kind of claimedBy) kinds.add(kind);
  if (kinds.size === 0) kinds.add('unknown');
  report.kinds = [...kinds];
  if (!report.skipped && claimedBy.size === 0) warn('no line of this input was recognised');
  return report;
}

function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const total = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
