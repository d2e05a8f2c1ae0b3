/**
 * One benchmark figure. Every benchmark measures its baseline in the same run and reports the
 * ratio, so figures compare across machines.
 */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline?: string;
  ratio?: number;
  /** Anything else worth printing (target, detector, sizes). */
  [extra: string]: string | number | boolean | undefined;
}

/** `--json` prints one JSON object per figure; otherwise a readable table. */
export function reportFigures(figures: readonly Figure[], argv: readonly string[] = process.argv.slice(2)): void {
  if (argv.includes('--json')) {
    for (const f of figures) console.log(JSON.stringify(f));
    return;
  }
  const fmt = (n: number | undefined) =>
    n === undefined ? '' : Math.abs(n) >= 1e5 || (Math.abs(n) < 1e-2 && n !== 0) ? n.toExponential(3) : n.toFixed(3);
  const rows = figures.map((f) => {
    const extras = Object.entries(f)
      .filter(([k]) => !['name', 'value', 'unit', 'baseline', 'ratio'].includes(k))
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    return [f.name, fmt(f.value), f.unit, f.baseline ?? '', fmt(f.ratio), extras];
  });
  const header = ['figure', 'value', 'unit', 'baseline', 'ratio', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  for (const row of [header, ...rows]) console.log(row.map((c, i) => String(c).padEnd(widths[i] ?? 0)).join('  '));
}

/** The middle value (the upper one of the two middles for an even count); NaN for none. Sorts `values`. */
function median(values: number[]): number {
  return values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
}

/** Median wall time in ms of `runs` calls of `fn` after `warmup` calls. */
export function medianMs(fn: () => void, runs = 5, warmup = 2): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(times);
}

/** Wall time in ms of one async call. */
export async function timedMs(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/**
 * Median ms per contender over `runs` interleaved rounds (after two warm-up rounds), so machine
 * noise hits every contender alike: the fair way to compare a system with its baseline.
 */
export async function interleavedMedians<K extends string>(
  contenders: Record<K, () => Promise<number>>,
  runs: number
): Promise<Record<K, number>> {
  const names = Object.keys(contenders) as K[];
  const times = new Map<K, number[]>(names.map((k) => [k, []]));
  for (let round = 0; round < runs + 2; round++) {
    for (const name of names) {
      const ms = await contenders[name]();
      if (round >= 2) times.get(name)?.push(ms);
    }
  }
  return Object.fromEntries(names.map((k) => [k, median(times.get(k) ?? [])])) as Record<K, number>;
}
