// Public API of the engine, shared by the CLI, the Action and the Probot app.
export { analyze, type AnalyzeOptions } from './engine.js';
export { sourceFromBytes, sourceFromText, type InputSource } from './ingest/source.js';
export { DEFAULT_LIMITS, type IngestLimits } from './ingest/limits.js';
export type { IngestProgress } from './ingest/index.js';
export { OptionError } from './align/index.js';
export { renderReport, type OutputFormat } from './render/index.js';
export * from './report/types.js';
