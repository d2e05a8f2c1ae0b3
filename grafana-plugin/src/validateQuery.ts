import { ValidationError } from '../backend/src/datasource/errors.ts';
import { parseQuery } from '../backend/src/datasource/querySchema.ts';
import type { SieveQuery } from './types.ts';

/** A problem with a query as the backend words it, and the model field it names (when it names one). */
export interface QueryIssue {
  message: string;
  /** `measure`, `baseline.offset`, `params.bandWidth`, ...; undefined for query-wide problems. */
  field?: string;
}

/**
 * Runs the backend's own parser over the model, exactly as Grafana will send it (JSON), so the
 * editor has no rules of its own and shows the backend's message word for word.
 */
export function validateQuery(query: SieveQuery): QueryIssue | undefined {
  try {
    parseQuery(query.queryType ?? '', JSON.stringify(query));
    return undefined;
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const field = /field "([^"]+)"/.exec(error.message)?.[1];
    return field === undefined ? { message: error.message } : { message: error.message, field };
  }
}

/** The issue when it concerns `field` (or a sub-field such as `baseline.offset` for `baseline`). */
export function issueFor(issue: QueryIssue | undefined, field: string): string | undefined {
  if (!issue?.field) return undefined;
  return issue.field === field || issue.field.startsWith(`${field}.`) ? issue.message : undefined;
}
