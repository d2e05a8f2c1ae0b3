import { ErrorBoundaryAlert, FieldValidationMessage, InlineField, RadioButtonGroup, Stack } from '@grafana/ui';
import { QUERY_TYPES } from '../../backend/src/datasource/querySchema.ts';
import { normalizeQuery, switchQueryType } from '../queryDefaults.ts';
import type { QueryType, SieveQuery } from '../types.ts';
import { validateQuery } from '../validateQuery.ts';
import { ANOMALY_FIELDS, AnomalyEditor } from './AnomalyEditor.tsx';
import { DRIFT_FIELDS, DriftEditor } from './DriftEditor.tsx';
import type { SieveEditorProps } from './editorProps.ts';
import { LABEL_WIDTH } from './layout.ts';

const TYPE_LABELS: Record<QueryType, string> = { drift: 'Drift', anomaly: 'Anomaly' };
/** The model fields each editor shows an issue beside; any other issue is shown below the editor. */
const INLINE: Record<QueryType, readonly string[]> = { drift: DRIFT_FIELDS, anomaly: ANOMALY_FIELDS };

/** Drift or anomaly: one editor per query type, the shared type switch on top. */
export function QueryEditor(props: SieveEditorProps<SieveQuery>) {
  const { datasource, onChange, onRunQuery } = props;
  const query = normalizeQuery(props.query);
  // A repeated panel's `$measure` is one value in its request, not the dashboard's multi-value.
  const scopedVars = props.data?.request?.scopedVars;
  const issue = validateQuery(datasource.interpolate(query, scopedVars));
  const inline = issue?.field !== undefined && INLINE[query.queryType].includes(issue.field.split('.')[0] as string);
  // Only a valid model is run: the panel never shows a backend error the editor could have shown.
  const change = (next: SieveQuery, run: boolean) => {
    onChange(next);
    if (run && validateQuery(datasource.interpolate(next, scopedVars)) === undefined) onRunQuery();
  };
  return (
    <ErrorBoundaryAlert>
      <Stack direction="column" gap={0}>
        <InlineField
          label="Query type"
          labelWidth={LABEL_WIDTH}
          tooltip="Drift compares feature distributions between two windows; anomaly scores a PromQL series with a detector."
        >
          <RadioButtonGroup<QueryType>
            options={QUERY_TYPES.map((t) => ({ label: TYPE_LABELS[t], value: t }))}
            value={query.queryType}
            onChange={(t) => change(switchQueryType(query, t), false)}
          />
        </InlineField>
        {query.queryType === 'drift' ? (
          <DriftEditor {...props} query={query} issue={issue} change={change} />
        ) : (
          <AnomalyEditor {...props} query={query} issue={issue} change={change} />
        )}
        {issue && !inline && <FieldValidationMessage>{issue.message}</FieldValidationMessage>}
      </Stack>
    </ErrorBoundaryAlert>
  );
}
