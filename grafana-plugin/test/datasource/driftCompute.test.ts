import { METRICS, OTHER_CATEGORY } from '@sieve/otel-instrumentation/catalog';
import { driftScore, driftVerdict } from '@sieve/scoring';
import { computeDrift, type FeatureData } from '../../backend/src/datasource/driftCompute.ts';
import { driftNumericFrames, driftTable, verdictValue } from '../../backend/src/datasource/driftFrames.ts';
import type { ByFeature } from '../../backend/src/datasource/groupSeries.ts';

/** Cumulative bucket series for one feature: `bins[step]` are per-bin counts, turned cumulative here. */
function numeric(le: string[], binsPerStep: number[][]): Map<string, Float64Array> {
  return new Map(
    le.map((edge, b) => [
      edge,
      Float64Array.from(binsPerStep, (bins) => bins.slice(0, b + 1).reduce((a, c) => a + c, 0)),
    ])
  );
}

function data(numericFeatures: ByFeature, categorical: ByFeature, steps: number, shares = false): FeatureData {
  return { numeric: numericFeatures, categorical, steps, shares };
}

const LE = ['1', '2', '+Inf'];

describe('computeDrift', () => {
  it('compares step by step with an offset baseline, and every step with a constant one', () => {
    const current = [
      [10, 20, 30],
      [30, 20, 10],
      [0, 0, 0], // an empty window: no distribution, no value
    ];
    const shifted = [
      [10, 20, 30],
      [10, 20, 30],
      [10, 20, 30],
    ];
    const cur = data(new Map([['age', numeric(LE, current)]]), new Map(), 3);
    const stepwise = computeDrift(cur, data(new Map([['age', numeric(LE, shifted)]]), new Map(), 3), 'psi');
    expect(stepwise).toHaveLength(1);
    expect(stepwise[0]?.feature).toBe('age');
    expect(stepwise[0]?.values[0]).toBe(driftScore('psi', [10, 20, 30], [10, 20, 30]));
    expect(stepwise[0]?.values[1]).toBe(driftScore('psi', [10, 20, 30], [30, 20, 10]));
    expect(stepwise[0]?.values[2]).toBeNaN();

    const constant = computeDrift(
      cur,
      data(new Map([['age', numeric(LE, [[1, 2, 3]])]]), new Map(), 1, true),
      'hellinger'
    );
    expect(Array.from(constant[0]?.values ?? []).slice(0, 2)).toEqual([
      driftScore('hellinger', [1, 2, 3], [10, 20, 30]),
      driftScore('hellinger', [1, 2, 3], [30, 20, 10]),
    ]);
  });

  it('passes the finite le edges to measures that need bin positions', () => {
    const cur = data(new Map([['age', numeric(LE, [[5, 5, 0]])]]), new Map(), 1);
    const ref = data(new Map([['age', numeric(LE, [[0, 5, 5]])]]), new Map(), 1);
    const [d] = computeDrift(cur, ref, 'wasserstein');
    expect(d?.values[0]).toBe(driftScore('wasserstein', [0, 5, 5], [5, 5, 0], { edges: [1, 2] }));
  });

  it('unites categories and uses goodness of fit for chi² against exported shares', () => {
    const cur = data(
      new Map(),
      new Map([
        [
          'country',
          new Map([
            ['de', Float64Array.of(8)],
            ['xx', Float64Array.of(2)],
          ]),
        ],
      ]),
      1
    );
    const shares = new Map([
      ['de', Float64Array.of(0.7)],
      [OTHER_CATEGORY, Float64Array.of(0.3)],
    ]);
    const [d] = computeDrift(cur, data(new Map(), new Map([['country', shares]]), 1, true), 'chi2');
    // Bins by name, __other__ last: de, xx, __other__.
    expect(d?.values[0]).toBe(driftScore('chi2', [0.7, 0, 0.3], [8, 2, 0], { chiSquareTest: 'goodness-of-fit' }));
  });

  it('explains features it cannot score instead of failing the query', () => {
    const cur = data(
      new Map([
        ['no_baseline', numeric(LE, [[1, 1, 1]])],
        ['rebinned', numeric(LE, [[1, 1, 1]])],
      ]),
      new Map([['country', new Map([['de', Float64Array.of(1)]])]]),
      1
    );
    const ref = data(
      new Map([['rebinned', numeric(['5', '+Inf'], [[1, 1]])]]),
      new Map([['country', new Map([['de', Float64Array.of(1)]])]]),
      1
    );
    const byFeature = Object.fromEntries(computeDrift(cur, ref, 'wasserstein').map((d) => [d.feature, d.problem]));
    expect(byFeature).toEqual({
      country: 'wasserstein does not apply to categorical features',
      no_baseline: 'no baseline data',
      rebinned: 'bin edges differ between baseline (5, +Inf) and current data (1, 2, +Inf)',
    });
  });

  it('uses the exported baseline sample count, and says so when the instrumentation did not export it', () => {
    const cur = data(new Map([['age', numeric(LE, [[14, 20, 26]])]]), new Map(), 1);
    const shares = numeric(LE, [[0.25, 0.35, 0.4]]);
    const sized: FeatureData = {
      ...data(new Map([['age', shares]]), new Map(), 1, true),
      referenceSizes: new Map([['age', 200]]),
    };
    const [d] = computeDrift(cur, sized, 'psi', { verdicts: true });
    // Shares × n are the baseline's counts: a finite reference, so both windows' noise counts.
    const counts = [50, 70, 80];
    expect(d?.verdict).toEqual(driftVerdict('psi', counts, [14, 20, 26], { edges: [1, 2] }));
    expect(d?.verdict).toMatchObject({ referenceSize: 200, currentSize: 60, effectiveSize: (200 * 60) / 260 });
    expect(d?.referenceSizeUnknown).toBeUndefined();
    expect(driftTable([d!], 'psi', '', 'feature="age"').meta?.notices).toBeUndefined();

    const [u] = computeDrift(cur, data(new Map([['age', shares]]), new Map(), 1, true), 'psi', { verdicts: true });
    expect(u?.verdict).toMatchObject({ referenceSize: Infinity, effectiveSize: 60 });
    expect(u?.referenceSizeUnknown).toBe(true);
    const [notice] = driftTable([u!], 'psi', '', 'feature="age"').meta?.notices ?? [];
    expect(notice?.severity).toBe('info');
    expect(notice?.text).toContain(METRICS.featureBaselineSamples.prometheus.name);
    expect(notice?.text).toMatch(/"age".*n_ref = ∞/);
  });

  it('says when a window is too small for any verdict but stable, or holds less than one observation', () => {
    const ref = data(new Map([['age', numeric(LE, [[300, 300, 300]])]]), new Map(), 1);
    const judge = (counts: number[]) =>
      computeDrift(data(new Map([['age', numeric(LE, [counts])]]), new Map(), 1), ref, 'psi', { verdicts: true })[0]!;
    // One value: no test here gets below p ≈ 0.3 with 3 bins, whatever the value.
    const one = judge([0, 0, 1]);
    expect(one.verdict).toMatchObject({ verdict: 'stable', decidable: false, currentSize: 1 });
    // increase() over a quiet window: 0.4 of an observation (it was 'significant' at p = 0.002).
    const fraction = judge([0, 0, 0.4]);
    expect(fraction.verdict).toMatchObject({ method: 'degenerate', pValue: 1, verdict: 'stable', decidable: false });
    const notices = driftTable([one, fraction], 'psi', '', 'feature="age"').meta?.notices ?? [];
    expect(notices).toEqual([
      {
        severity: 'info',
        text: expect.stringMatching(
          /^no drift verdict possible for "age" \(current n = 1: smallest attainable p 0\.\d+ ≥ alpha 0\.025\), "age" \(current n = 0\.4: less than one observation\): their 'stable' means "cannot tell"/
        ),
      },
    ]);
    const busy = judge([10, 10, 10]);
    expect(busy.verdict?.decidable).toBe(true);
    expect(driftTable([busy], 'psi', '', 'feature="age"').meta?.notices).toBeUndefined();
  });

  it('calls values beyond an exported baseline of shares drift, in the table and the alert frame', () => {
    // The baseline never saw a value above 2; the current window has 100 of 1,000 there.
    const shares = data(new Map([['age', numeric(LE, [[0.5, 0.5, 0]])]]), new Map(), 1, true);
    const cur = data(new Map([['age', numeric(LE, [[500, 400, 100]])]]), new Map(), 1);
    const [d] = computeDrift(cur, shares, 'psi', { verdicts: true });
    expect(d?.referenceSizeUnknown).toBe(true);
    expect(d?.verdict).toMatchObject({ test: 'anderson-darling', pValue: 0, verdict: 'significant', drift: true });
    expect(verdictValue(d!, 'psi')).toBe(d?.values[0]);
    const [frame] = driftNumericFrames([d!], 'psi', '');
    expect((frame?.fields[0]?.values as number[])[0]).toBeGreaterThan(0.25);
  });

  it('gives alerts the measure only when the change is beyond noise, or the raw value on request', () => {
    const ref = data(new Map([['age', numeric(LE, [[100, 100, 100]])]]), new Map(), 1);
    // 6 values: PSI far above 0.25, but 6 values prove nothing. 3,000 values shifted: real.
    const few = data(new Map([['age', numeric(LE, [[4, 1, 1]])]]), new Map(), 1);
    const many = data(new Map([['age', numeric(LE, [[1500, 900, 600]])]]), new Map(), 1);
    const [noise] = computeDrift(few, ref, 'psi', { verdicts: true });
    const [real] = computeDrift(many, ref, 'psi', { verdicts: true });
    expect(noise?.values[0]).toBeGreaterThan(0.25);
    expect(noise?.verdict?.real).toBe(false);
    expect(verdictValue(noise!, 'psi')).toBe(0);
    expect(real?.verdict?.real).toBe(true);
    expect(verdictValue(real!, 'psi')).toBe(real?.values[0]);
    const [frame] = driftNumericFrames([noise!], 'psi', '');
    expect(frame?.fields.map((f) => [f.name, (f.values as number[])[0]])).toEqual([['psi_verdict', 0]]);
    expect(frame?.fields[0]?.labels).toEqual({ feature: 'age', measure: 'psi' });
    const [raw] = driftNumericFrames([noise!], 'psi', '', 'value');
    expect(raw?.fields.map((f) => [f.name, (f.values as number[])[0]])).toEqual([['psi', noise?.values[0]]]);
    expect(raw?.fields[0]?.labels).toEqual({ feature: 'age', measure: 'psi' });
    // chi2's value is a p-value: "no change" is 1.
    const chi = driftVerdict('chi2', [100, 100, 100], [4, 1, 1]);
    expect(chi.real).toBe(false);
    expect(verdictValue({ feature: 'country', values: Float64Array.of(chi.value), verdict: chi }, 'chi2')).toBe(1);
  });
});
