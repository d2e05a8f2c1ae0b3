/**
 * A deterministic uniform generator in [0, 1) (Marsaglia's xorshift32), for test data and
 * benchmarks that must see the same numbers on every run. Not for anything needing statistical
 * quality beyond "looks uniform": its period is 2³² − 1.
 */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0 || 1; // 0 is xorshift's fixed point
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}
