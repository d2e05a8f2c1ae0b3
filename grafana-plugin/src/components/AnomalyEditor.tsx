import { InlineField, Input, Select, Stack, TextArea } from '@grafana/ui';
import { DETECTORS } from '@sieve/scoring';
import type { FormEvent } from 'react';
import type { AnomalyQuery, SieveQuery } from '../types.ts';
import { issueFor, type QueryIssue } from '../validateQuery.ts';
import { DetectorParams } from './DetectorParams.tsx';
import type { SieveEditorProps } from './editorProps.ts';
import { INPUT_WIDTH, LABEL_WIDTH } from './layout.ts';

/** The anomaly model fields this editor shows (and shows issues beside). */
export const ANOMALY_FIELDS = ['expr', 'detector', 'params', 'step', 'warmup'] as const;

interface Props extends SieveEditorProps<AnomalyQuery> {
  issue: QueryIssue | undefined;
  change: (query: SieveQuery, run: boolean) => void;
}

/** Anomaly: a PromQL expression scored by a detector from '@sieve/scoring', with its parameters. */
export function AnomalyEditor(props: Props) {
  const { datasource, query, issue, change } = props;
  const set = (patch: Partial<AnomalyQuery>, run = true) => change({ ...query, ...patch }, run);
  const detectorOptions = [
    ...Object.entries(DETECTORS).map(([name, spec]) => ({ label: name, value: name, description: spec.description })),
    ...datasource.variableRefs().map((v) => ({ label: v, value: v })),
  ];
  const text = (key: 'step' | 'warmup') => ({
    value: query[key] ?? '',
    onChange: (e: FormEvent<HTMLInputElement>) => set({ [key]: e.currentTarget.value || undefined }, false),
    onBlur: () => set({}, true),
  });
  return (
    <Stack direction="column" gap={0}>
      <InlineField
        label="PromQL"
        labelWidth={LABEL_WIDTH}
        grow
        tooltip="The expression to score, e.g. sum by (model) (rate(sieve_model_predictions_total[5m])). Each result series is scored on its own. Shift+Enter runs it."
        invalid={issueFor(issue, 'expr') !== undefined}
        error={issueFor(issue, 'expr')}
      >
        <TextArea
          id="sieve-expr"
          aria-label="PromQL expression"
          rows={3}
          spellCheck={false}
          style={{ fontFamily: 'monospace' }}
          placeholder="PromQL expression"
          value={query.expr}
          onChange={(e) => set({ expr: e.currentTarget.value }, false)}
          onBlur={() => set({}, true)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && e.shiftKey) {
              e.preventDefault();
              set({}, true);
            }
          }}
        />
      </InlineField>
      <InlineField
        label="Detector"
        labelWidth={LABEL_WIDTH}
        tooltip="The anomaly detector: robust z-score, EWMA, seasonal, Holt-Winters, or the ensemble of them."
        invalid={issueFor(issue, 'detector') !== undefined}
        error={issueFor(issue, 'detector')}
      >
        <Select
          inputId="sieve-detector"
          aria-label="Detector"
          width={INPUT_WIDTH / 2}
          options={detectorOptions}
          value={query.detector}
          allowCustomValue
          // Parameters belong to one detector: a new detector starts from its own defaults.
          onChange={(o) => o.value && set({ detector: o.value as AnomalyQuery['detector'], params: {} })}
        />
      </InlineField>
      <DetectorParams
        key={String(query.detector)}
        query={query}
        issue={issue}
        onParams={(params, run) => set({ params }, run)}
      />
      <InlineField
        label="Step"
        labelWidth={LABEL_WIDTH}
        tooltip="Time between scored points, as a Prometheus duration. Empty: chosen from the panel's interval."
        invalid={issueFor(issue, 'step') !== undefined}
        error={issueFor(issue, 'step')}
      >
        <Input id="sieve-anomaly-step" aria-label="Step" width={INPUT_WIDTH / 2} placeholder="auto" {...text('step')} />
      </InlineField>
      <InlineField
        label="Warm-up"
        labelWidth={LABEL_WIDTH}
        tooltip="History scored before the panel range so the detector has learned the series, as a Prometheus duration. Empty: the detector's own need."
        invalid={issueFor(issue, 'warmup') !== undefined}
        error={issueFor(issue, 'warmup')}
      >
        <Input id="sieve-warmup" aria-label="Warm-up" width={INPUT_WIDTH / 2} placeholder="auto" {...text('warmup')} />
      </InlineField>
    </Stack>
  );
}
