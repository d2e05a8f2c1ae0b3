import { InlineField, Input, RadioButtonGroup, Select, Stack } from '@grafana/ui';
import type { FormEvent } from 'react';
import type { MeasureInfo } from '../../backend/src/datasource/resourcePaths.ts';
import { DEFAULT_WINDOW } from '../../backend/src/datasource/querySchema.ts';
import { useResource } from '../hooks/useResource.ts';
import type { Baseline, BaselineType, DriftQuery, SieveQuery } from '../types.ts';
import { issueFor, type QueryIssue } from '../validateQuery.ts';
import type { SieveEditorProps } from './editorProps.ts';
import { FeaturePicker } from './FeaturePicker.tsx';
import { INPUT_WIDTH, LABEL_WIDTH } from './layout.ts';

/** The drift model fields this editor shows (and shows issues beside). */
export const DRIFT_FIELDS = ['features', 'measure', 'baseline', 'window', 'step', 'format'] as const;

interface Props extends SieveEditorProps<DriftQuery> {
  issue: QueryIssue | undefined;
  change: (query: SieveQuery, run: boolean) => void;
}

const BASELINES: Array<{ label: string; value: BaselineType; description: string }> = [
  { label: 'Exported', value: 'exported', description: 'The reference distribution the pipeline exports' },
  { label: 'Offset', value: 'offset', description: 'The same window, shifted back by a duration' },
  { label: 'Range', value: 'range', description: 'A fixed absolute range, e.g. the training period' },
];

/** A starting offset for the "same hour last week" comparison, editable right away. */
const INITIAL_OFFSET = '7d';

function baselineOf(type: BaselineType, props: Props): Baseline {
  if (type === 'offset') return { type, offset: INITIAL_OFFSET };
  if (type === 'range') {
    const from = props.range?.from.toISOString() ?? '';
    const to = props.range?.to.toISOString() ?? '';
    return { type, from, to };
  }
  return { type };
}

function measureOptions(state: ReturnType<typeof useResource<'measures'>>, variables: string[]) {
  const names = state.status === 'ok' ? state.value.map((m: MeasureInfo) => m.name) : [];
  return [...names, ...variables].map((value) => ({ label: value, value }));
}

/** Drift: features by label matchers, the measure, the baseline, the windows and the output format. */
export function DriftEditor(props: Props) {
  const { datasource, query, issue, change } = props;
  const measures = useResource(datasource, 'measures');
  const baseline = query.baseline ?? { type: 'exported' };
  const set = (patch: Partial<DriftQuery>, run = true) => change({ ...query, ...patch }, run);
  const text = (key: 'window' | 'step') => ({
    value: query[key] ?? '',
    onChange: (e: FormEvent<HTMLInputElement>) => set({ [key]: e.currentTarget.value || undefined }, false),
    onBlur: () => set({}, true),
  });

  return (
    <Stack direction="column" gap={0}>
      <FeaturePicker {...props} error={issueFor(issue, 'features')} />
      <InlineField
        label="Measure"
        labelWidth={LABEL_WIDTH}
        tooltip="How drift is scored: PSI, Jensen-Shannon, chi², Wasserstein and the others; each with its own noise band."
        invalid={issueFor(issue, 'measure') !== undefined}
        error={issueFor(issue, 'measure')}
      >
        <Select
          inputId="sieve-measure"
          aria-label="Measure"
          width={INPUT_WIDTH / 2}
          isLoading={measures.status === 'loading'}
          options={measureOptions(measures, datasource.variableRefs())}
          value={query.measure}
          allowCustomValue
          onChange={(o) => o.value !== undefined && set({ measure: o.value as DriftQuery['measure'] })}
        />
      </InlineField>
      <InlineField
        label="Baseline"
        labelWidth={LABEL_WIDTH}
        tooltip="What the current window is compared with: the exported reference distribution, the same window an offset earlier, or a fixed range."
        invalid={issue?.field === 'baseline' || issue?.field === 'baseline.type'}
        error={issue?.field === 'baseline' || issue?.field === 'baseline.type' ? issue.message : undefined}
      >
        <RadioButtonGroup<BaselineType>
          options={BASELINES}
          value={baseline.type}
          onChange={(t) => set({ baseline: baselineOf(t, props) }, t === 'exported')}
        />
      </InlineField>
      {baseline.type === 'offset' && (
        <InlineField
          label="Baseline offset"
          labelWidth={LABEL_WIDTH}
          tooltip='How far back the baseline window lies, as a Prometheus duration ("1d", "7d", "1h30m").'
          invalid={issueFor(issue, 'baseline.offset') !== undefined}
          error={issueFor(issue, 'baseline.offset')}
        >
          <Input
            id="sieve-offset"
            aria-label="Baseline offset"
            width={INPUT_WIDTH / 2}
            value={baseline.offset}
            onChange={(e) => set({ baseline: { type: 'offset', offset: e.currentTarget.value } }, false)}
            onBlur={() => set({}, true)}
          />
        </InlineField>
      )}
      {baseline.type === 'range' &&
        (['from', 'to'] as const).map((end) => (
          <InlineField
            key={end}
            label={`Baseline ${end}`}
            labelWidth={LABEL_WIDTH}
            tooltip={`${end === 'from' ? 'Start' : 'End'} of the fixed baseline range: an RFC 3339 date ("2026-01-01T00:00:00Z") or Unix seconds ("1767225600").`}
            invalid={issueFor(issue, `baseline.${end}`) !== undefined}
            error={issueFor(issue, `baseline.${end}`)}
          >
            <Input
              id={`sieve-baseline-${end}`}
              aria-label={`Baseline ${end}`}
              width={INPUT_WIDTH}
              placeholder="2026-01-01T00:00:00Z"
              value={String(baseline[end])}
              onChange={(e) => set({ baseline: { ...baseline, [end]: e.currentTarget.value } }, false)}
              onBlur={() => set({}, true)}
            />
          </InlineField>
        ))}
      <InlineField
        label="Window"
        labelWidth={LABEL_WIDTH}
        tooltip={`Length of the current window ending at each step (time series), as a Prometheus duration. Empty: ${DEFAULT_WINDOW}.`}
        invalid={issueFor(issue, 'window') !== undefined}
        error={issueFor(issue, 'window')}
      >
        <Input
          id="sieve-window"
          aria-label="Window"
          width={INPUT_WIDTH / 2}
          placeholder={DEFAULT_WINDOW}
          {...text('window')}
        />
      </InlineField>
      <InlineField
        label="Step"
        labelWidth={LABEL_WIDTH}
        tooltip="Time between evaluations, as a Prometheus duration. Empty: chosen from the panel's interval."
        invalid={issueFor(issue, 'step') !== undefined}
        error={issueFor(issue, 'step')}
      >
        <Input id="sieve-step" aria-label="Step" width={INPUT_WIDTH / 2} placeholder="auto" {...text('step')} />
      </InlineField>
      <InlineField
        label="Format"
        labelWidth={LABEL_WIDTH}
        tooltip="Time series: one drift score series per feature. Table: one row per feature with its score and verdict."
      >
        <RadioButtonGroup<'timeseries' | 'table'>
          options={[
            { label: 'Time series', value: 'timeseries' },
            { label: 'Table', value: 'table' },
          ]}
          value={query.format ?? 'timeseries'}
          onChange={(format) => set({ format })}
        />
      </InlineField>
      <InlineField
        label="Alert on"
        labelWidth={LABEL_WIDTH}
        tooltip="What an alert rule thresholds per feature. Verdict: the measure when the change is beyond sampling noise at these window sizes, else 0, so a small window cannot fire on noise. Raw value: the measure itself."
      >
        <RadioButtonGroup<'verdict' | 'value'>
          options={[
            { label: 'Verdict', value: 'verdict' },
            { label: 'Raw value', value: 'value' },
          ]}
          value={query.alertValue ?? 'verdict'}
          onChange={(alertValue) => set({ alertValue })}
        />
      </InlineField>
    </Stack>
  );
}
