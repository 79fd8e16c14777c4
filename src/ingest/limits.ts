// Caps on what unpacking an input may cost, so a decompression bomb is reported, not followed.
// The budget covers one input as given (a file, an attachment) with everything nested in it.

export interface IngestLimits {
  /** Bytes all decompression inside one input may produce. */
  maxExpandedBytes: number;
  /** Archive entries (files, folders, links) one input may hold, nested archives included. */
  maxEntries: number;
  /** Expanded bytes per byte read, checked once `ratioGraceBytes` were produced. */
  maxRatio: number;
  /** Expansion below this is never called a bomb, whatever its ratio (tiny repetitive logs). */
  ratioGraceBytes: number;
  /** Archives inside archives (a .gz inside a .tgz is depth 2). */
  maxDepth: number;
  /** Longest line kept whole, in characters. */
  maxLineChars: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_LIMITS: IngestLimits = {
  maxExpandedBytes: 8 * 1024 * MiB,
  maxEntries: 10_000,
  // Logs compress 10-30:1, repetitive ones up to a few hundred; deflate's ceiling is ~1032:1.
  maxRatio: 200,
  ratioGraceBytes: 16 * MiB,
  maxDepth: 4,
  maxLineChars: 64 * 1024,
};

export function resolveLimits(partial: Partial<IngestLimits> = {}): IngestLimits {
  const limits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof IngestLimits)[]) {
    const value = partial[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !(value > 0)) throw new RangeError(`limits.${key} must be a positive number, got ${String(value)}`);
    limits[key] = value;
  }
  return limits;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < MiB) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 * MiB) return `${(bytes / MiB).toFixed(1)} MiB`;
  return `${(bytes / 1024 / MiB).toFixed(2)} GiB`;
}

/** Running cost of unpacking one input; `stopped` says which cap ended it. */
export class ExpansionBudget {
  expanded = 0;
  entries = 0;
  stopped: string | undefined;

  constructor(
    readonly limits: IngestLimits,
    /** Bytes read from the input as given, so far. */
    private readonly rawBytes: () => number,
  ) {}

  /**
   * Counts bytes a decompressor produced; `layer` is what that decompressor produced and
   * consumed so far, so a bomb is caught at its own ratio even inside a larger archive.
   * False once a cap is reached.
   */
  expand(bytes: number, layer?: { produced: number; consumed: number }): boolean {
    if (this.stopped) return false;
    this.expanded += bytes;
    const { maxExpandedBytes, maxRatio, ratioGraceBytes } = this.limits;
    const overall = { produced: this.expanded, consumed: this.rawBytes() };
    const worst = layer && layer.produced / Math.max(1, layer.consumed) > overall.produced / Math.max(1, overall.consumed) ? layer : overall;
    if (this.expanded > maxExpandedBytes) {
      this.stopped = `expanded size passed the limit of ${formatBytes(maxExpandedBytes)}`;
    } else if (worst.produced > ratioGraceBytes && worst.produced / Math.max(1, worst.consumed) > maxRatio) {
      this.stopped = `expansion ratio passed ${maxRatio}:1 (${formatBytes(worst.produced)} from ${formatBytes(worst.consumed)})`;
    }
    return !this.stopped;
  }

  /** Counts one archive entry; false once the entry cap is reached. */
  entry(): boolean {
    if (this.stopped) return false;
    this.entries++;
    if (this.entries > this.limits.maxEntries) this.stopped = `more than ${this.limits.maxEntries} archive entries`;
    return !this.stopped;
  }
}
