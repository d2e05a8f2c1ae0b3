/**
 * After a score reaches `alarm`, the following scores are damped for `cooldown` points, rising
 * linearly back to full strength: one incident gives one alarm, not a burst of them.
 */
export class Refractory {
  private since = Infinity;
  private readonly alarm: number;
  private readonly cooldown: number;

  constructor(alarm: number, cooldown: number) {
    this.alarm = alarm;
    this.cooldown = cooldown;
  }

  apply(score: number): number {
    const s = this.since < this.cooldown ? (score * this.since) / this.cooldown : score;
    this.since++;
    if (s >= this.alarm) this.since = 0;
    return s;
  }
}
