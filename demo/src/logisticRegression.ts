/**
 * Binary logistic regression trained by full-batch gradient descent with L2 regularisation on
 * standardised inputs. Small and exact enough for a demo model; pure (no I/O, deterministic).
 */
export interface LogisticModel {
  /** Per-input mean and standard deviation, applied before the weights. */
  readonly mean: readonly number[];
  readonly scale: readonly number[];
  readonly weights: readonly number[];
  readonly bias: number;
}

export interface TrainOptions {
  epochs?: number;
  learningRate?: number;
  l2?: number;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export function train(
  xs: readonly (readonly number[])[],
  ys: readonly boolean[],
  options: TrainOptions = {}
): LogisticModel {
  const { epochs = 300, learningRate = 0.5, l2 = 1e-3 } = options;
  const n = xs.length;
  const d = xs[0]?.length ?? 0;
  if (n === 0 || ys.length !== n) throw new Error(`train: need as many labels as rows (got ${n} rows, ${ys.length})`);
  const mean = Array.from({ length: d }, (_, j) => xs.reduce((s, x) => s + (x[j] as number), 0) / n);
  const scale = mean.map((m, j) => Math.sqrt(xs.reduce((s, x) => s + ((x[j] as number) - m) ** 2, 0) / n) || 1);
  const z = xs.map((x) => x.map((v, j) => (v - (mean[j] as number)) / (scale[j] as number)));
  const w = new Array<number>(d).fill(0);
  let b = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    const gw = new Array<number>(d).fill(0);
    let gb = 0;
    for (let i = 0; i < n; i++) {
      const row = z[i] as number[];
      let s = b;
      for (let j = 0; j < d; j++) s += (w[j] as number) * (row[j] as number);
      const err = sigmoid(s) - (ys[i] ? 1 : 0);
      for (let j = 0; j < d; j++) gw[j] = (gw[j] as number) + err * (row[j] as number);
      gb += err;
    }
    for (let j = 0; j < d; j++)
      w[j] = (w[j] as number) - learningRate * ((gw[j] as number) / n + l2 * (w[j] as number));
    b -= learningRate * (gb / n);
  }
  return { mean, scale, weights: w, bias: b };
}

/** The probability of the positive class. */
export function predictProbability(model: LogisticModel, x: readonly number[]): number {
  let s = model.bias;
  for (let j = 0; j < model.weights.length; j++) {
    s += (model.weights[j] as number) * (((x[j] as number) - (model.mean[j] as number)) / (model.scale[j] as number));
  }
  return sigmoid(s);
}

/**
 * The lowest decision threshold whose false-positive rate on (scores, labels) is at most
 * `maxFpr`: as many delays caught as that budget of false alarms allows.
 */
export function thresholdForFpr(scores: readonly number[], labels: readonly boolean[], maxFpr: number): number {
  const negatives = scores.filter((_, i) => !labels[i]).sort((a, b) => b - a);
  if (negatives.length === 0) return 0.5;
  const allowed = Math.floor(negatives.length * maxFpr);
  // Flag only scores strictly above the (allowed+1)-th highest negative score.
  return Math.min(1, (negatives[allowed] as number) + 1e-9);
}
