/**
 * PSI on real data: daily Seattle weather 2012–2015 from the `vega-datasets` npm package
 * (seattle-weather.csv: date, precipitation, temp_max, temp_min, wind, weather). Bins are the
 * default 10 reference-quantile bins; empty bins get the default ε = 1e-4. The recorded numbers are
 * also in scoring/README.md.
 */
import { readFileSync } from 'node:fs';
import {
  binCounts,
  categoryCounts,
  chiSquare,
  driftVerdict,
  psi,
  psiNoiseFloor,
  psiVerdict,
  quantileEdges,
  topKCategories,
} from '../../src/drift/index.ts';
import { vegaDataFile } from './vegaData.ts';

const COLUMNS = ['precipitation', 'temp_max', 'temp_min', 'wind'] as const;
type Column = (typeof COLUMNS)[number];
interface Day {
  year: number;
  month: number;
  values: Record<Column, number>;
  weather: string;
}

function loadDays(): Day[] {
  const [header, ...lines] = readFileSync(vegaDataFile('seattle-weather.csv'), 'utf8').trim().split('\n');
  const names = (header as string).split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    const cell = (name: string) => cells[names.indexOf(name)] as string;
    const date = cell('date');
    return {
      year: Number(date.slice(0, 4)),
      month: Number(date.slice(5, 7)),
      values: Object.fromEntries(COLUMNS.map((c) => [c, Number(cell(c))])) as Record<Column, number>,
      weather: cell('weather'),
    };
  });
}

const DAYS = loadDays();
const ALL_MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
const YEARS = [2012, 2013, 2014, 2015];

function values(column: Column, years: number[], months: number[]): number[] {
  return DAYS.filter((d) => years.includes(d.year) && months.includes(d.month)).map((d) => d.values[column]);
}

/** PSI of `current` against `reference`, with 10 bins from the reference quantiles. */
function psiOf(reference: number[], current: number[]): number {
  const edges = quantileEdges(reference);
  return psi(binCounts(edges, reference), binCounts(edges, current));
}

it('loads four full years of daily data', () => {
  expect(DAYS).toHaveLength(1461);
  expect(values('temp_max', [2012], [7])).toHaveLength(31);
});

describe('a seasonal shift is significant', () => {
  // temp_max, reference = January of the year, current = July of the same year.
  it.each([
    [2012, 8.361],
    [2013, 9.192],
    [2014, 8.528],
    [2015, 8.63],
  ])('January vs July %p: PSI ≈ %p', (year, expected) => {
    const value = psiOf(values('temp_max', [year], [1]), values('temp_max', [year], [7]));
    expect(value).toBeCloseTo(expected, 3);
    expect(psiVerdict(value)).toBe('significant');
  });
});

describe('the same calendar window in different years stays stable', () => {
  // Reference = the whole of 2012–2013 (731 days), current = the whole of 2014–2015 (730 days): the
  // same seasonal mix, so only genuine year-to-year change remains.
  it.each([
    ['precipitation', 0.028],
    ['temp_max', 0.095],
    ['temp_min', 0.052],
    ['wind', 0.034],
  ] as const)('%s, 2012–13 vs 2014–15: PSI ≈ %p < 0.1', (column, expected) => {
    const value = psiOf(values(column, [2012, 2013], ALL_MONTHS), values(column, [2014, 2015], ALL_MONTHS));
    expect(value).toBeCloseTo(expected, 3);
    expect(psiVerdict(value)).toBe('stable');
  });

  it('July precipitation, 2012–13 vs 2014–15: PSI ≈ 0.030 < 0.1', () => {
    const value = psiOf(values('precipitation', [2012, 2013], [7]), values('precipitation', [2014, 2015], [7]));
    expect(value).toBeCloseTo(0.03, 3);
    expect(psiVerdict(value)).toBe('stable');
  });

  it('but one month of daily data is too small a window: single Julys differ, and PSI is right to say so', () => {
    // July 2012 averaged 22.9 °C and July 2015 28.1 °C: a real 5 °C shift, flagged as significant.
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(values('temp_max', [2012], [7]))).toBeCloseTo(22.91, 2);
    expect(mean(values('temp_max', [2015], [7]))).toBeCloseTo(28.09, 2);
    const value = psiOf(values('temp_max', [2012], [7]), values('temp_max', [2015], [7]));
    expect(value).toBeCloseTo(4.607, 3);
    expect(psiVerdict(value)).toBe('significant');
    // The large-sample noise floor of 31 vs 31 values in 10 bins is 9 · (1/31 + 1/31) ≈ 0.58…
    expect(psiNoiseFloor(10, 31, 31)).toBeCloseTo(0.581, 3);
    expect(psiNoiseFloor(10, 731, 730)).toBeCloseTo(0.0246, 4);
    // …but at 3 values per bin that is half the real noise: the verdict's permutation null puts the
    // mean same-distribution PSI at 1.1–1.2 and its 2.5 % point near 3, so monthly windows of daily
    // data cannot show "stable" by the band whatever the weather.
    for (const [a, b, noise, floor] of [
      [2012, 2015, 1.233, 2.961],
      [2012, 2013, 1.111, 2.694],
      [2014, 2015, 1.166, 2.696],
    ] as const) {
      const ref = values('temp_max', [a], [7]);
      const edges = quantileEdges(ref);
      const v = driftVerdict('psi', binCounts(edges, ref), binCounts(edges, values('temp_max', [b], [7])), { edges });
      expect([v.expectedNoise, v.noiseFloor]).toEqual([expect.closeTo(noise, 3), expect.closeTo(floor, 3)]);
    }
  });
});

describe('the categorical weather label', () => {
  function labels(years: number[], months: number[]): string[] {
    return DAYS.filter((d) => years.includes(d.year) && months.includes(d.month)).map((d) => d.weather);
  }

  it('January vs July (all years): top-K + other bins, PSI ≈ 1.520, chi-square p < 1e-13', () => {
    const reference = labels(YEARS, [1]);
    const categories = topKCategories(reference);
    expect(categories).toEqual(['rain', 'sun', 'fog', 'drizzle', 'snow']);
    const ref = categoryCounts(categories, reference);
    const cur = categoryCounts(categories, labels(YEARS, [7]));
    expect(Array.from(ref)).toEqual([61, 28, 17, 10, 8, 0]);
    expect(Array.from(cur)).toEqual([16, 90, 10, 8, 0, 0]);
    expect(psi(ref, cur)).toBeCloseTo(1.52, 3);
    expect(chiSquare(ref, cur).pValue).toBeLessThan(1e-13);
  });

  it('2012–13 vs 2014–15 catches a change in how days were labelled (drizzle 46 → 7, fog 21 → 80)', () => {
    const reference = labels([2012, 2013], ALL_MONTHS);
    const categories = topKCategories(reference);
    const ref = categoryCounts(categories, reference);
    const cur = categoryCounts(categories, labels([2014, 2015], ALL_MONTHS));
    expect(categories).toEqual(['rain', 'sun', 'drizzle', 'snow', 'fog']);
    expect(Array.from(ref)).toEqual([349, 291, 46, 24, 21, 0]);
    expect(Array.from(cur)).toEqual([292, 349, 7, 2, 80, 0]);
    const value = psi(ref, cur);
    expect(value).toBeCloseTo(0.312, 3);
    expect(psiVerdict(value)).toBe('significant');
    // The numeric columns over the same windows stayed stable (above): the climate did not change,
    // the labelling did.
  });
});
