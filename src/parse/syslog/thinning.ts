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
