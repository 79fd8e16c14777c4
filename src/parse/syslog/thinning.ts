// Bounded sampling of clock evidence over inputs of any length.

/**
 * Keeps the first `cap` candidates, then one in 2, one in 4, … so that a week-long log still
 * yields samples from its end (a DST change, an NTP step) while the number kept grows only with
 * the logarithm of the input.
 */
export class SampleThinner {
  private candidates = 0;

  constructor(private readonly cap: number) {}

  take(): boolean {
    this.candidates++;
    if (this.candidates <= this.cap) return true;
    const stride = 2 ** Math.ceil(Math.log2(this.candidates / this.cap));
    return this.candidates % stride === 0;
  }
}

/**
 * Keeps the first `cap` candidates, then the first candidate of each hour of the log's clock.
 * Whether a candidate would be kept is known before it is seen (`wants`), so the fast lane can
 * skip the search for candidates in an hour that already has its sample; what is kept grows
 * with the hours a log spans, not with its size.
 */
export class HourlySampler {
  private taken = 0;
  private readonly hours = new Set<string>();

  constructor(private readonly cap: number) {}

  wants(hour: string): boolean {
    return this.taken < this.cap || !this.hours.has(hour);
  }

  take(hour: string): boolean {
    if (!this.wants(hour)) return false;
    this.taken++;
    this.hours.add(hour);
    return true;
  }
}
