import type { Forecast } from './modelDetector.ts';
import { ModelDetector } from './modelDetector.ts';
import { AnomalyLikelihood } from './likelihood.ts';
import type { LikelihoodParams } from './likelihood.ts';
import type { AnomalyPoint, ParamSpec, StreamingDetector } from './types.ts';

export const ENSEMBLE_PARAMS = {} satisfies Record<string, ParamSpec>;

/**
 * Runs the other detectors' models side by side on the same points and combines their robust
 * z-scores: the ensemble's z is the median |z| of the models that can forecast, so one model that
 * mis-predicts (a season that did not repeat, a median lagging a trend) cannot raise an alarm on
 * its own, while a point all models find surprising does. The combined z goes through the same
 * anomaly likelihood as every detector. Expected value and band come from the model whose z is the
 * median.
 */
export class EnsembleDetector implements StreamingDetector {
  private readonly members: ModelDetector[];
  private readonly forecasts: Forecast[];
  private readonly zs: Float64Array;
  private readonly likelihood: AnomalyLikelihood;
  private readonly bandWidth: number;
  private readonly alarm: number;

  constructor(members: ModelDetector[], bandWidth: number, lp: LikelihoodParams) {
    this.members = members;
    this.forecasts = members.map(() => ({ expected: NaN, scale: NaN }));
    this.zs = new Float64Array(members.length);
    this.likelihood = new AnomalyLikelihood(lp);
    this.bandWidth = bandWidth;
    this.alarm = lp.alarm;
  }

  update(timestampMs: number, value: number): AnomalyPoint {
    let k = 0;
    for (let i = 0; i < this.members.length; i++) {
      const z = this.members[i]!.step(timestampMs, value, this.forecasts[i]!);
      if (!Number.isNaN(this.forecasts[i]!.expected)) this.zs[k++] = i;
      void z;
    }
    // Order the available members by |z| (at most a handful: insertion sort).
    const abs = (i: number) => {
      const f = this.forecasts[i]!;
      return Math.abs((value - f.expected) / f.scale);
    };
    const idx = this.zs;
    for (let a = 1; a < k; a++) {
      const v = idx[a]!;
      const av = abs(v);
      let b = a - 1;
      while (b >= 0 && abs(idx[b]!) > av) {
        idx[b + 1] = idx[b]!;
        b--;
      }
      idx[b + 1] = v;
    }
    const mid = k > 0 ? this.forecasts[idx[(k - 1) >> 1]!]! : { expected: NaN, scale: NaN };
    const half = this.bandWidth * mid.scale;
    const point = {
      score: 0,
      expected: mid.expected,
      lower: mid.expected - half,
      upper: mid.expected + half,
      anomaly: false,
    };
    if (!Number.isFinite(value)) return point;
    let z = NaN;
    if (k > 0) z = k & 1 ? abs(idx[(k - 1) >> 1]!) : 0.5 * (abs(idx[(k >> 1) - 1]!) + abs(idx[k >> 1]!));
    point.score = this.likelihood.score(z);
    point.anomaly = point.score >= this.alarm;
    return point;
  }
}
