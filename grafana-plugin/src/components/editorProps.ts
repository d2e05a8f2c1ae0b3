import type { CoreApp, PanelData, ScopedVars, TimeRange } from '@grafana/data';
import type { ResourceSource } from '../hooks/useResource.ts';
import type { SieveQuery } from '../types.ts';

/** What the editor needs from its datasource: backend resources and the dashboard's variables. */
export interface EditorSource extends ResourceSource {
  /** `$name` for every template variable in scope, for pickers that accept one. */
  variableRefs(): string[];
  /** The query with template variables replaced, as it will be sent (validation runs on this). */
  interpolate(query: SieveQuery, scopedVars?: ScopedVars): SieveQuery;
}

/**
 * The subset of Grafana's QueryEditorProps the editors use. Panels, Explore, the alert rule editor
 * and the annotation editor all pass these; nothing panel-only (panel options) is assumed, and
 * `data` is read only for the last request's scoped variables (a repeated panel's value).
 */
export interface SieveEditorProps<Q = SieveQuery> {
  datasource: EditorSource;
  query: Q;
  onChange: (query: Q) => void;
  onRunQuery: () => void;
  range?: TimeRange;
  app?: CoreApp;
  data?: PanelData;
}
