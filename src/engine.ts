// The engine: bytes in, report out. No network or process globals here, and no file system but
// the big file a face may name for reading by position (InputSource.file), so the CLI, the
// Action and the Probot app all run exactly this.
import { alignClocks, type AlignOptions } from './align/index.js';
import { analyzeIncident } from './analyze/index.js';
import { decodeCodeBytes, loadX86Decoder, needsX86Decoder } from './analyze/waits/code-bytes.js';
import { hostReport } from './analyze/host.js';
import { ingest, type IngestLimits, type IngestOptions, type IngestProgress } from './ingest/index.js';
import type { InputSource } from './ingest/source.js';
import { emptyBundle } from './model/records.js';
import { consolidateKernelEvents } from './parse/kernel/episodes.js';
import { PARSERS } from './parse/registry.js';
import { summarise } from './report/summary.js';
import { SCHEMA_VERSION, type IncidentSummary, type Report } from './report/types.js';
import { decideVerdict } from './verdict/index.js';
import { TOOL_VERSION } from './version.js';

export interface AnalyzeOptions extends AlignOptions {
  onProgress?: (progress: IngestProgress) => void;
  /** Caps on unpacking archives and on line length (defaults in src/ingest/limits.ts). */
  limits?: Partial<IngestLimits>;
  /** Skim plain syslog lines no parser needs (default on; src/ingest/fast-lane.ts). The report is the same either way. */
  fastLane?: boolean;
  /** Search first and read windows around hits (`auto`: big inputs; src/ingest/search/windowed.ts). */
  windowed?: IngestOptions['windowed'];
  windowPlan?: IngestOptions['windowPlan'];
}

export async function analyze(sources: InputSource[], options: AnalyzeOptions = {}): Promise<Report & { summary: IncidentSummary }> {
  const bundle = emptyBundle();
  const inputs = [];
  // The x86 decoder (~0.2 s of CPU to load) is needed only for a csd wait's Code: bytes: it starts
  // loading as soon as ingest has parsed one, so that it loads while the rest is read rather than
  // after, and not at all for a log without one.
  let decoderAsked = false;
  let checked = 0;
  const onProgress = (progress: IngestProgress): void => {
    options.onProgress?.(progress);
    for (; !decoderAsked && checked < bundle.kernelEvents.length; checked++) {
      if (!needsX86Decoder(bundle.kernelEvents[checked]!)) continue;
      decoderAsked = true;
      void loadX86Decoder();
    }
  };
  for (const source of sources) inputs.push(...(await ingest(source, PARSERS, bundle, { onProgress, limits: options.limits, fastLane: options.fastLane, windowed: options.windowed, windowPlan: options.windowPlan })));
  // Clock matching compares each input's own lines; episodes fold a console's copy of a syslog line away.
  bundle.parsedKernelEvents = bundle.kernelEvents;
  bundle.kernelEvents = consolidateKernelEvents(bundle.kernelEvents);
  // x86 Code: bytes of csd waits are decoded here: the decoder loads asynchronously, analyzers are synchronous.
  for (const warning of await decodeCodeBytes(bundle)) inputs.find((input) => input.name === warning.input)?.warnings.push(warning.message);
  const modified = sources.filter((s) => s.modifiedMillis !== undefined).map((s) => ({ input: s.name, millis: s.modifiedMillis! }));
  const alignment = alignClocks(bundle, { ...options, ...(modified.length > 0 ? { inputsModified: modified } : {}) });
  const host = hostReport(bundle.hostFacts, alignment.clocks.hostUtcOffset.value, bundle.kernelEvents);
  const { events, findings } = analyzeIncident(bundle, alignment, host);
  const verdict = decideVerdict(events, findings, host);
  const built: Omit<Report, 'summary'> = {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'ktriage', version: TOOL_VERSION },
    inputs,
    host,
    clocks: alignment.clocks,
    events,
    findings,
    verdict,
  };
  return { ...built, summary: summarise(built) };
}
