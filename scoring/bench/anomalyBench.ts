/** Anomaly-scoring benchmarks; filled in by the anomaly work. */
import type { Figure } from '@sieve/testkit';

export async function run(): Promise<Figure[]> {
  return [];
}
