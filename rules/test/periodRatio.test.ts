import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LABEL, METRICS } from '@sieve/otel-instrumentation/catalog';
import { requireBinary } from '@sieve/testkit';
import { stringify } from 'yaml';
import { ruleFiles } from '../src/generate.ts';
import { matchers } from '../src/promql.ts';
import { RULE_LABEL } from '../src/ruleLabels.ts';
import { RECORD } from '../src/sliRules.ts';
import { parseSpec } from '../src/spec.ts';
import { run } from './support/run.ts';

/**
 * The period error ratio of event SLIs is bad events / all events (scaled by the share of the
 * period observed), not a mean of 5-minute ratios over time. promtool (Prometheus 2.42's engine)
 * evaluates the generated rules at one-minute steps over 26 hours of exact input.
 */

const M = METRICS;
const MINUTES = 26 * 60;
// Counters that have run for a while: Prometheus does not extrapolate a rate back past a counter's
// zero, so a series' very first increase would weigh less than the others.
const HISTORY = 100_000;

/** One value per minute from 0 to `minutes`, as a promtool series (runs of a constant compressed). */
function perMinute(value: (minute: number) => number, minutes = MINUTES): string {
  const parts: string[] = [];
  let start = 0;
  for (let m = 1; m <= minutes + 1; m++) {
    if (m > minutes || value(m) !== value(start)) {
      parts.push(`${value(start)}+0x${m - start - 1}`);
      start = m;
    }
  }
  return parts.join(' ');
}

/**
 * A counter from `HISTORY`, growing by `increment(minute)` at each minute, but exposed only in the
 * minutes `visible` accepts (`_`: no sample), like a server scaled to zero or a pushed series gone stale.
 */
function gappy(increment: (minute: number) => number, visible: (minute: number) => boolean, minutes: number): string {
  let total = HISTORY;
  const values = [visible(0) ? `${total}` : '_'];
  for (let m = 1; m <= minutes; m++) {
    total += increment(m);
    values.push(visible(m) ? `${total}` : '_');
  }
  return values.join(' ');
}

/** A counter from `HISTORY`, growing by `increment(minute)` at each minute. */
function counter(increment: (minute: number) => number, minutes = MINUTES): string {
  const totals = [HISTORY];
  for (let m = 1; m <= minutes; m++) totals.push((totals[m - 1] as number) + increment(m));
  return perMinute((m) => totals[m] as number, minutes);
}

const hourOf = (minute: number) => Math.floor(minute / 60) % 24;
/** Diurnal traffic: 1000 predictions a minute from 12:00 to 20:00, 10 a minute otherwise. */
const traffic = (minute: number) => (hourOf(minute) >= 12 && hourOf(minute) < 20 ? 1000 : 10);
/** Minutes of hour `h` (of the first day). */
const inHour = (h: number) => (minute: number) => minute > h * 60 && minute <= (h + 1) * 60;

const SPEC = `version: sieve/v1
service: p
runbookBaseUrl: https://r.example
dashboardBaseUrl: https://g.example/d
slos:
  - {name: hourly, description: d, objective: 99, period: 1d, selector: {pipeline: hourly}, sli: {kind: pipelineSuccess}}
  - {name: night, description: d, objective: 99, period: 1d, selector: {model: night}, sli: {kind: availability}}
  - {name: peak, description: d, objective: 99, period: 1d, selector: {model: peak}, sli: {kind: availability}}
  - {name: slow-peak, description: d, objective: 99, period: 1d, selector: {model: slow-peak}, sli: {kind: latency, threshold: 0.2}}
  - {name: quiet, description: d, objective: 99, period: 1d, selector: {model: quiet}, sli: {kind: availability}}
  - {name: fresh, description: d, objective: 99.9, selector: {model: fresh}, sli: {kind: availability}}
  - {name: complete, description: d, objective: 99, period: 1d, selector: {dataset: orders}, sli: {kind: completeness}}
  - {name: fpr, description: d, objective: 99, period: 1d, selector: {model: fpr}, sli: {kind: falsePositiveRate}}
  - {name: daytime, description: d, objective: 99.9, period: 1d, selector: {model: daytime}, sli: {kind: availability}}
  - {name: stale-runs, description: d, objective: 99, period: 1d, selector: {pipeline: stale-runs}, sli: {kind: pipelineSuccess}}
`;

function series(name: string, labels: Record<string, string>, values: string) {
  return { series: `${name}${matchers(labels)}`, values };
}

/** `sum(abs(<slo's recording> - want) < bool tol)` must be 1: present, and within `tol`. */
function near(record: string, slo: string, want: number, tol: number) {
  return {
    expr: `sum(abs(${record}{${RULE_LABEL.slo}="${slo}"} - ${want}) < bool ${tol})`,
    eval_time: `${MINUTES}m`,
    exp_samples: [{ labels: '{}', value: 1 }],
  };
}

describe('event SLIs: the period ratio counts events', () => {
  it('hourly runs, diurnal traffic, latency, completeness, FPR, a quiet model and a fresh start read what they should', async () => {
    const spec = parseSpec(SPEC);
    const dir = mkdtempSync(join(tmpdir(), 'sieve-period-'));
    try {
      const files = ruleFiles(spec, 'period.slos.yaml');
      for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);

      // An hourly pipeline, one run at minute 30 of every hour; the runs at 05:30 and 17:30 fail.
      // The day before the evaluation (02:00 to 26:00) holds 24 runs, 2 failed: 8.3% against a 1%
      // budget, so 1 - 8.33 = -7.33 of the budget remains. (Averaging 5m ratios over time read +0.31.)
      const runs = (failed: boolean) => (m: number) =>
        m % 60 === 30 && [5, 17].includes(hourOf(m)) === failed ? 1 : 0;
      const pipeline = (outcome: string) => ({ [LABEL.pipeline]: 'hourly', [LABEL.outcome]: outcome });
      // One hour of every request failing, at night (03:00, 10 a minute) or at the peak (14:00, 1000
      // a minute). Of the day's 489,600 requests that is 600 (0.12%) or 60,000 (12.3%).
      const all = 16 * 60 * 10 + 8 * 60 * 1000;
      const model = (name: string) => ({ [LABEL.model]: name });
      const failing = (h: number) => (m: number) => (inHour(h)(m) ? traffic(m) : 0);
      const h = M.modelPredictionDuration.prometheus;
      const test = {
        interval: '1m',
        input_series: [
          series(M.pipelineRuns.prometheus.name, pipeline('success'), counter(runs(false))),
          series(M.pipelineRuns.prometheus.name, pipeline('failure'), counter(runs(true))),
          ...['night', 'peak', 'quiet'].map((m) =>
            series(M.modelPredictions.prometheus.name, model(m), counter(m === 'quiet' ? () => 0 : traffic))
          ),
          series(M.modelErrors.prometheus.name, model('night'), counter(failing(3))),
          series(M.modelErrors.prometheus.name, model('peak'), counter(failing(14))),
          series(
            M.modelErrors.prometheus.name,
            model('quiet'),
            counter(() => 0)
          ),
          // Latency: every request of the 14:00 peak hour slower than 200 ms.
          series(h.count, model('slow-peak'), counter(traffic)),
          series(
            h.bucket,
            { ...model('slow-peak'), [LABEL.le]: '0.2' },
            counter((m) => traffic(m) - failing(14)(m))
          ),
        ],
        promql_expr_test: [
          near(RECORD.errorRatio('1d'), 'hourly', 2 / 24, 0.001),
          near(RECORD.budgetRemaining, 'hourly', 1 - 2 / 24 / 0.01, 0.05),
          near(RECORD.errorRatio('1d'), 'night', 600 / all, 0.0001),
          near(RECORD.budgetRemaining, 'night', 1 - 600 / all / 0.01, 0.01),
          near(RECORD.errorRatio('1d'), 'peak', 60_000 / all, 0.002),
          near(RECORD.budgetRemaining, 'peak', 1 - 60_000 / all / 0.01, 0.2),
          near(RECORD.errorRatio('1d'), 'slow-peak', 60_000 / all, 0.002),
          // No events all day: the ratio is 0, not NaN, and the budget untouched.
          near(RECORD.errorRatio('1d'), 'quiet', 0, 1e-12),
          near(RECORD.budgetRemaining, 'quiet', 1, 1e-12),
        ],
      };
      // A model 10 minutes old, half its requests failing, in a 30-day 99.9% SLO: about 9 minutes
      // of 50% errors in 30 days spends ~10% of the budget (not -999: the period is not 10 minutes).
      const fresh = {
        interval: '1m',
        input_series: [
          series(
            M.modelPredictions.prometheus.name,
            model('fresh'),
            counter(() => 100, 10)
          ),
          series(
            M.modelErrors.prometheus.name,
            model('fresh'),
            counter(() => 50, 10)
          ),
        ],
        promql_expr_test: [
          {
            expr: `sum((${RECORD.budgetRemaining}{${RULE_LABEL.slo}="fresh"} > bool 0.85) * (${RECORD.budgetRemaining}{${RULE_LABEL.slo}="fresh"} < bool 0.95))`,
            eval_time: '10m',
            exp_samples: [{ labels: '{}', value: 1 }],
          },
        ],
      };
      // Completeness and false-positive rate, one hour into a 1-day SLO: 10% bad events, seen for an
      // hour of the day, read 0.1 × 60 / 1440.
      const hour = 60;
      const early = (record: string, slo: string) => ({
        ...near(record, slo, (0.1 * 60) / 1440, 0.0003),
        eval_time: `${hour}m`,
      });
      const outcome = (o: string) => ({ [LABEL.model]: 'fpr', [LABEL.outcome]: o });
      const otherKinds = {
        interval: '1m',
        input_series: [
          series(
            M.datasetRecords.prometheus.name,
            { [LABEL.dataset]: 'orders' },
            counter(() => 100, hour)
          ),
          series(
            M.datasetMissing.prometheus.name,
            { [LABEL.dataset]: 'orders', [LABEL.field]: 'email' },
            counter(() => 10, hour)
          ),
          series(
            M.modelOutcomes.prometheus.name,
            outcome('fp'),
            counter(() => 5, hour)
          ),
          series(
            M.modelOutcomes.prometheus.name,
            outcome('tn'),
            counter(() => 45, hour)
          ),
          series(
            M.modelOutcomes.prometheus.name,
            outcome('tp'),
            counter(() => 50, hour)
          ),
        ],
        promql_expr_test: [early(RECORD.errorRatio('1d'), 'complete'), early(RECORD.errorRatio('1d'), 'fpr')],
      };
      // Gaps without the series are not good time (review-d D2). Two days and two hours of input,
      // evaluated at 02:00 of the third day, so the period (02:00 to 02:00) starts in a gap.
      const end = 50 * 60;
      // A model server up from 08:00 to 20:00 only, 1% of its requests failing: 1% against a 0.1%
      // budget leaves 1 - 10 = -9 (diluted by the night, it read -4.02).
      const daytime = (m: number) => hourOf(m) >= 8 && hourOf(m) < 20;
      // An hourly run at minute 30, its series seen only from minute 28 to 37; the 17:30 run of the
      // second day fails. 1 of 24 runs: 1 - (1/24) / 0.01 = -3.17 (it read +0.20).
      const seen = (m: number) => m % 60 >= 28 && m % 60 <= 37;
      const failedRun = (m: number) => m === (24 + 17) * 60 + 30;
      const hourlyRun = (failed: boolean) => (m: number) => (m % 60 === 30 && failedRun(m) === failed ? 1 : 0);
      const stale = (outcome: string) => ({ [LABEL.pipeline]: 'stale-runs', [LABEL.outcome]: outcome });
      const atEnd = (record: string, slo: string, want: number, tol: number) => ({
        ...near(record, slo, want, tol),
        eval_time: `${end}m`,
      });
      const gaps = {
        interval: '1m',
        input_series: [
          series(
            M.modelPredictions.prometheus.name,
            model('daytime'),
            gappy(() => 100, daytime, end)
          ),
          series(
            M.modelErrors.prometheus.name,
            model('daytime'),
            gappy(() => 1, daytime, end)
          ),
          series(M.pipelineRuns.prometheus.name, stale('success'), gappy(hourlyRun(false), seen, end)),
          series(M.pipelineRuns.prometheus.name, stale('failure'), gappy(hourlyRun(true), seen, end)),
        ],
        promql_expr_test: [
          atEnd(RECORD.errorRatio('1d'), 'daytime', 0.01, 0.0001),
          atEnd(RECORD.budgetRemaining, 'daytime', -9, 0.1),
          atEnd(RECORD.errorRatio('1d'), 'stale-runs', 1 / 24, 0.0005),
          atEnd(RECORD.budgetRemaining, 'stale-runs', 1 - 1 / 24 / 0.01, 0.05),
        ],
      };
      const testFile = join(dir, 'period.test.yml');
      writeFileSync(
        testFile,
        stringify(
          { rule_files: Object.keys(files), evaluation_interval: '1m', tests: [test, fresh, otherKinds, gaps] },
          { lineWidth: 0 }
        )
      );
      const result = await run(requireBinary('promtool'), ['test', 'rules', testFile]);
      expect(result.output).toMatch(/SUCCESS/);
      expect(result.code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});
