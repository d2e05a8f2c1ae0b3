/**
 * Drift measures on 200,000 real US flights from the `vega-datasets` npm package
 * (flights-200k.json: delay in minutes, distance in miles, time = hour of departure). Bins are the
 * default 10 reference-quantile bins. The recorded numbers are also in scoring/README.md.
 */
import { readFileSync } from 'node:fs';
import {
  bandVerdict,
  binCounts,
  driftScore,
  psi,
  psiNoiseFloor,
  psiVerdict,
  quantileEdges,
} from '../../src/drift/index.ts';
import { vegaDataFile } from './vegaData.ts';

interface Flight {
  delay: number;
  distance: number;
  time: number;
}

const FLIGHTS = JSON.parse(readFileSync(vegaDataFile('flights-200k.json'), 'utf8')) as Flight[];
const departing = (from: number, to: number) => FLIGHTS.filter((f) => f.time >= from && f.time < to);
const MORNING = departing(6, 10); // 06:00–10:00
const EVENING = departing(17, 21); // 17:00–21:00

function binned(reference: number[], current: number[]) {
  const edges = quantileEdges(reference);
  return { edges, ref: binCounts(edges, reference), cur: binCounts(edges, current) };
}

it('has 200,000 flights and busy morning and evening windows', () => {
  expect(FLIGHTS).toHaveLength(200_000);
  expect(MORNING).toHaveLength(51_364);
  expect(EVENING).toHaveLength(47_019);
});

it('delays build up during the day: morning vs evening delay has moderate PSI ≈ 0.140', () => {
  const { ref, cur } = binned(
    MORNING.map((f) => f.delay),
    EVENING.map((f) => f.delay)
  );
  const value = psi(ref, cur);
  expect(value).toBeCloseTo(0.1398, 4);
  expect(psiVerdict(value)).toBe('moderate');
});

it('every distance measure gives the same verdict on that shift (the bands are calibrated together)', () => {
  const { edges, ref, cur } = binned(
    MORNING.map((f) => f.delay),
    EVENING.map((f) => f.delay)
  );
  const expected = { psi: 0.1398, js: 0.157, kl: 0.063, hellinger: 0.1314, ks: 0.1407, wasserstein: 0.3429 };
  for (const [measure, value] of Object.entries(expected) as [keyof typeof expected, number][]) {
    const score = driftScore(measure, ref, cur, { edges });
    expect(score).toBeCloseTo(value, 3);
    expect(bandVerdict(measure, score)).toBe('moderate');
  }
  // A p-value on ~50k observations per side calls any real difference significant.
  expect(driftScore('chi2', ref, cur)).toBeLessThan(1e-12);
});

it('flight distance does not depend on the hour: morning vs evening PSI ≈ 0.014 (stable)', () => {
  const { ref, cur } = binned(
    MORNING.map((f) => f.distance),
    EVENING.map((f) => f.distance)
  );
  const value = psi(ref, cur);
  expect(value).toBeCloseTo(0.0142, 4);
  expect(psiVerdict(value)).toBe('stable');
});

it('two interleaved halves of the same data sit at the noise floor', () => {
  const even = FLIGHTS.filter((_, i) => i % 2 === 0).map((f) => f.delay);
  const odd = FLIGHTS.filter((_, i) => i % 2 === 1).map((f) => f.delay);
  const { edges, ref, cur } = binned(even, odd);
  const value = psi(ref, cur);
  expect(value).toBeCloseTo(6.13e-5, 6);
  expect(value).toBeLessThan(psiNoiseFloor(edges.length + 1, even.length, odd.length));
});
