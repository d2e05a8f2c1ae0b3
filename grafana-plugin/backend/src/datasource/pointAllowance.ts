/**
 * A process-wide count of points worked on ahead of time, with a ceiling. Scoring a series while
 * the rest of its answer still streams in hides the scoring behind the transfer, but an answer
 * that then fails (the byte cap, a reset) wastes that work and held its results meanwhile. The
 * allowance bounds both, whatever the number of queries in flight; past it, series simply wait
 * for the end of their answer.
 */
export class PointAllowance {
  private used = 0;

  readonly limit: number;

  constructor(limit: number) {
    this.limit = limit;
  }

  get inUse(): number {
    return this.used;
  }

  /** Takes `points` if they fit; false (and nothing taken) otherwise. */
  take(points: number): boolean {
    if (this.used + points > this.limit) return false;
    this.used += points;
    return true;
  }

  give(points: number): void {
    this.used = Math.max(0, this.used - points);
  }
}
