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

/** Median wall time in ms of `runs` calls of `fn` after `warmup` calls. */
export function medianMs(fn: () => void, runs = 5, warmup = 2): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? NaN;
}
