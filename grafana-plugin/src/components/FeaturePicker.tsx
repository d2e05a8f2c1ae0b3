import { InlineField, Input, MultiSelect, Stack } from '@grafana/ui';
import { featureMatcher, pickedFeatures } from '../featureMatchers.ts';
import { useResource } from '../hooks/useResource.ts';
import type { DriftQuery, SieveQuery } from '../types.ts';
import type { SieveEditorProps } from './editorProps.ts';
import { INPUT_WIDTH, LABEL_WIDTH } from './layout.ts';

interface Props extends SieveEditorProps<DriftQuery> {
  error: string | undefined;
  change: (query: SieveQuery, run: boolean) => void;
}

/**
 * Features as PromQL label matchers, with a picker filled from the backend's `features` resource
 * and the dashboard's template variables. The picker writes the matchers; any other matcher text
 * can be typed in directly (the picker then shows nothing picked).
 */
export function FeaturePicker({ datasource, query, error, change }: Props) {
  const features = useResource(datasource, 'features');
  const matchers = query.features ?? '';
  const picked = pickedFeatures(matchers);
  const names = features.status === 'ok' ? features.value : [];
  const options = [...datasource.variableRefs(), ...names].map((value) => ({ label: value, value }));
  return (
    <Stack direction="column" gap={0}>
      <InlineField
        label="Features"
        labelWidth={LABEL_WIDTH}
        tooltip="Pick features by name, or template variables (a multi-value variable selects every value). Empty: all features."
        invalid={features.status === 'error'}
        error={features.status === 'error' ? `could not list features: ${features.message}` : undefined}
      >
        <MultiSelect<string>
          inputId="sieve-feature-picker"
          aria-label="Pick features"
          width={INPUT_WIDTH}
          isLoading={features.status === 'loading'}
          placeholder={picked === undefined ? 'custom matchers below' : 'all features'}
          options={options}
          value={picked ?? []}
          allowCustomValue
          onChange={(selected) =>
            change({ ...query, features: featureMatcher(selected.map((o) => o.value ?? '').filter(Boolean)) }, true)
          }
        />
      </InlineField>
      <InlineField
        label="Label matchers"
        labelWidth={LABEL_WIDTH}
        tooltip='PromQL label matchers selecting the features, e.g. feature=~"age|income",pipeline="scoring". Written by the picker above.'
        invalid={error !== undefined}
        error={error}
      >
        <Input
          id="sieve-features"
          aria-label="Label matchers"
          width={INPUT_WIDTH}
          placeholder="all features"
          value={matchers}
          onChange={(e) => change({ ...query, features: e.currentTarget.value }, false)}
          onBlur={() => change(query, true)}
        />
      </InlineField>
    </Stack>
  );
}
