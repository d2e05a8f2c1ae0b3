import { Button, InlineField, Input, Stack } from '@grafana/ui';
import { DETECTORS, isDetectorName, type ParamSpec } from '@sieve/scoring';
import { useState } from 'react';
import type { AnomalyQuery } from '../types.ts';
import { issueFor, type QueryIssue } from '../validateQuery.ts';
import { LABEL_WIDTH } from './layout.ts';

interface Props {
  query: AnomalyQuery;
  issue: QueryIssue | undefined;
  onParams: (params: Record<string, number>, run: boolean) => void;
}

/**
 * One number field per parameter of the chosen detector, from the registry in '@sieve/scoring':
 * the default as placeholder (an empty field means the default), the range and description in the
 * tooltip. Ensemble member parameters (`zscore.window`, ...) are folded away until asked for.
 */
export function DetectorParams({ query, issue, onParams }: Props) {
  const [showMembers, setShowMembers] = useState(false);
  // Drafts keep what is being typed ("0.", "-") until it is a number.
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const detector = query.detector ?? '';
  if (!isDetectorName(detector)) return null; // a template variable: its parameters are unknown here
  const specs = Object.entries(DETECTORS[detector].params);
  const own = specs.filter(([name]) => !name.includes('.'));
  const members = specs.filter(([name]) => name.includes('.'));
  const params = query.params ?? {};

  const edit = (name: string, text: string) => {
    setDrafts({ ...drafts, [name]: text });
    const next = { ...params };
    if (text.trim() === '') delete next[name];
    else next[name] = Number(text);
    onParams(next, false);
  };
  const field = ([name, spec]: [string, ParamSpec]) => {
    const error = issueFor(issue, `params.${name}`);
    return (
      <InlineField
        key={name}
        label={name}
        labelWidth={LABEL_WIDTH}
        tooltip={`${spec.description} Default ${spec.default}, range [${spec.min}, ${spec.max}].`}
        invalid={error !== undefined}
        error={error}
      >
        <Input
          aria-label={`Parameter ${name}`}
          type="number"
          width={16}
          min={spec.min}
          max={spec.max}
          placeholder={String(spec.default)}
          value={drafts[name] ?? (params[name] === undefined ? '' : String(params[name]))}
          onChange={(e) => edit(name, e.currentTarget.value)}
          onBlur={() => onParams(params, true)}
        />
      </InlineField>
    );
  };
  return (
    <Stack direction="column" gap={0}>
      {own.map(field)}
      {members.length > 0 && (
        <Button
          variant="secondary"
          fill="text"
          size="sm"
          icon={showMembers ? 'angle-down' : 'angle-right'}
          onClick={() => setShowMembers(!showMembers)}
        >
          Member parameters ({members.length})
        </Button>
      )}
      {showMembers && members.map(field)}
    </Stack>
  );
}
