import type { GameDayRow } from './gameDay.ts';

const COLUMNS: ReadonlyArray<[string, (r: GameDayRow) => string]> = [
  ['fault', (r) => r.fault],
  ['expected alert', (r) => r.alert],
  ['receiver', (r) => r.receiver],
  ['detected', (r) => (r.detected ? 'yes' : 'no')],
  ['detect s', (r) => num(r.detect_s)],
  ['floor s', (r) => num(r.floor_s)],
  ['ratio', (r) => (r.ratio === null ? '—' : `${r.ratio.toFixed(2)}×`)],
  ['resolve s', (r) => num(r.resolve_s)],
];

const num = (v: number | null) => (v === null ? '—' : v.toFixed(1));

/** The game-day table as text. */
export function formatTable(rows: readonly GameDayRow[]): string {
  const cells = rows.map((r) => COLUMNS.map(([, f]) => f(r)));
  const header = COLUMNS.map(([h]) => h);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] as string).length)));
  return [header, ...cells]
    .map((row) =>
      row
        .map((c, i) => c.padEnd(widths[i] as number))
        .join('  ')
        .trimEnd()
    )
    .join('\n');
}

/** One JSON line per row, with exactly the fields. */
export function jsonLine(r: GameDayRow): string {
  const { fault, alert, receiver, detected, detect_s, floor_s, ratio, resolve_s } = r;
  return JSON.stringify({ fault, alert, receiver, detected, detect_s, floor_s, ratio, resolve_s });
}

/** The benchmark figure: the worst detection ratio (an undetected fault counts as infinitely slow). */
export function benchLine(rows: readonly GameDayRow[]): string {
  const ratios = rows.map((r) => (r.detected && r.ratio !== null ? r.ratio : Infinity));
  const worst = Math.max(...ratios);
  return JSON.stringify({ name: 'gameday.detect', value: Number.isFinite(worst) ? worst : null, unit: 'x floor' });
}
