import { InlineField, RadioButtonGroup, Stack, Text } from '@grafana/ui';
import { RESOURCE_PATHS, type ResourcePath } from '../../backend/src/datasource/resourcePaths.ts';
import { useResource, type ResourceSource } from '../hooks/useResource.ts';
import type { SieveVariableQuery } from '../types.ts';
import { normalizeVariableQuery, VARIABLE_KINDS, variableValues } from '../variableQuery.ts';
import { LABEL_WIDTH } from './layout.ts';

interface Props {
  datasource: ResourceSource;
  query: SieveVariableQuery;
  onChange: (query: SieveVariableQuery) => void;
}

const PREVIEW = 10;

/** A template variable listing pipelines, features, models, detectors or measures, with a preview. */
export function VariableQueryEditor({ datasource, query, onChange }: Props) {
  const q = normalizeVariableQuery(query);
  const state = useResource(datasource, q.kind);
  const values = state.status === 'ok' ? variableValues(state.value).map((v) => String(v.text)) : [];
  return (
    <Stack direction="column" gap={1}>
      <InlineField
        label="Values"
        labelWidth={LABEL_WIDTH}
        tooltip="Which Sieve entities the variable lists: names found in Prometheus (pipelines, features, models) or the plugin's detectors and measures."
      >
        <RadioButtonGroup<ResourcePath>
          options={RESOURCE_PATHS.map((kind) => ({ label: kind, value: kind, description: VARIABLE_KINDS[kind] }))}
          value={q.kind}
          onChange={(kind) => onChange({ ...q, kind })}
        />
      </InlineField>
      <div data-testid="variable-preview">
        {state.status === 'loading' && <Text color="secondary">Loading {q.kind}…</Text>}
        {state.status === 'error' && (
          <Text color="error">
            Could not list {q.kind}: {state.message}
          </Text>
        )}
        {state.status === 'ok' && (
          <Text color="secondary">
            {values.length === 0
              ? `No ${q.kind} found`
              : `${values.length} value${values.length === 1 ? '' : 's'}: ${values.slice(0, PREVIEW).join(', ')}${values.length > PREVIEW ? ', …' : ''}`}
          </Text>
        )}
      </div>
    </Stack>
  );
}
