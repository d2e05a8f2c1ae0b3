import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { ModelHandle, Sieve } from '@sieve/otel-instrumentation';
import { delayProbability, type DelayModel } from './delayModel.ts';
import { DEFAULT_EXTRA_MS, type FaultState } from './faults.ts';
import { HttpError, readJson, sendJson } from './httpJson.ts';
import { DEMO } from './names.ts';

/**
 * The model server: POST /predict scores a flight, POST /outcome reports whether it really was
 * delayed (so accuracy and the false-positive rate are live). Every request is timed by the
 * Sieve model handle, failures included.
 */

export const predictRequestSchema = z.strictObject({
  id: z.string().min(1).max(64),
  distance: z.number().finite(),
  depHour: z.number().finite(),
  origin: z.string().min(1).max(8),
  destination: z.string().min(1).max(8),
});
export const outcomeRequestSchema = z.strictObject({ id: z.string().min(1).max(64), delayed: z.boolean() });

/** What a prediction costs to serve, in USD (compute, amortised). */
export const COST_PER_PREDICTION_USD = 0.0002;
/** Predictions kept for outcomes that have not arrived yet. */
const PENDING_LIMIT = 50_000;

export class ModelServer {
  private readonly model: DelayModel;
  private readonly instrumented: ModelHandle;
  private readonly faults: FaultState;
  /** id → predicted delayed, until its outcome arrives. */
  private readonly pending = new Map<string, boolean>();

  constructor(sieve: Sieve, model: DelayModel, faults: FaultState) {
    this.model = model;
    this.faults = faults;
    this.instrumented = sieve.model(DEMO.model, { version: DEMO.modelVersion });
  }

  /** Handles /predict and /outcome; returns false for other paths. */
  async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    if (req.method === 'POST' && path === '/predict') {
      const input = parse(predictRequestSchema, await readJson(req));
      try {
        const result = await this.instrumented.predict(async () => this.predict(input));
        sendJson(res, 200, result);
      } catch (error) {
        sendJson(res, 500, { error: (error as Error).message });
      }
      return true;
    }
    if (req.method === 'POST' && path === '/outcome') {
      const { id, delayed } = parse(outcomeRequestSchema, await readJson(req));
      const predicted = this.pending.get(id);
      if (predicted === undefined) throw new HttpError(404, `no pending prediction ${id}`);
      this.pending.delete(id);
      this.instrumented.recordOutcome({ predicted, actual: delayed });
      sendJson(res, 200, { id, predicted, delayed });
      return true;
    }
    return false;
  }

  private async predict(input: z.infer<typeof predictRequestSchema>) {
    const extra = this.faults.options('latencySpike');
    if (extra) await new Promise((r) => setTimeout(r, extra.extraMs ?? DEFAULT_EXTRA_MS));
    if (this.faults.has('failingPredictions')) throw new ModelUnavailableError('feature store timeout');
    const probability = delayProbability(this.model, input);
    const delayed = probability > this.model.threshold;
    this.instrumented.recordScore(probability);
    this.instrumented.addCost(COST_PER_PREDICTION_USD);
    if (this.pending.size >= PENDING_LIMIT) this.pending.delete(this.pending.keys().next().value as string);
    this.pending.set(input.id, delayed);
    return { id: input.id, probability, delayed };
  }
}

class ModelUnavailableError extends Error {
  override name = 'ModelUnavailableError';
}

/** Parses a request body with `schema`, or a 400 naming the field. */
export function parse<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const problems = r.error.issues.map((i) => `field "${i.path.join('.') || '(body)'}": ${i.message}`);
  throw new HttpError(400, problems.join('; '));
}
