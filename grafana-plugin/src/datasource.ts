import type { AnnotationSupport, CoreApp, DataSourceInstanceSettings, ScopedVars } from '@grafana/data';
import { DataSourceWithBackend, getTemplateSrv, type TemplateSrv } from '@grafana/runtime';
import { parsePrometheusDuration } from '@sieve/otel-instrumentation/catalog';
import { of } from 'rxjs';
import { anomalyAnnotations } from './annotations.ts';
import { QueryEditor } from './components/QueryEditor.tsx';
import type { EditorSource } from './components/editorProps.ts';
import { interpolateQuery } from './interpolate.ts';
import { DEFAULT_ANOMALY, DEFAULT_DRIFT, normalizeQuery } from './queryDefaults.ts';
import type { SieveOptions, SieveQuery } from './types.ts';
import { SieveVariableSupport } from './variables.ts';

/** Anomalies as annotations: an annotation query is an anomaly (or drift) query, not a third model. */
const annotations: AnnotationSupport<SieveQuery> = {
  QueryEditor,
  getDefaultQuery: () => DEFAULT_ANOMALY,
  processEvents: (_annotation, frames) => of(anomalyAnnotations(frames)),
};

/** Every query runs in the backend; the frontend interpolates variables and the backend validates them. */
export class SieveDataSource extends DataSourceWithBackend<SieveQuery, SieveOptions> implements EditorSource {
  readonly templateSrv: TemplateSrv;

  constructor(instanceSettings: DataSourceInstanceSettings<SieveOptions>, templateSrv: TemplateSrv = getTemplateSrv()) {
    super(instanceSettings);
    const scrapeMs = parsePrometheusDuration(instanceSettings.jsonData.timeInterval?.trim() ?? '');
    // Grafana's lower limit for the panel interval, as the Prometheus datasource sets it from the same
    // key; in one unit, because Grafana's interval parser reads only the first of `1m30s`.
    if (scrapeMs) this.interval = scrapeMs % 1000 === 0 ? `${scrapeMs / 1000}s` : `${scrapeMs}ms`;
    this.templateSrv = templateSrv;
    this.variables = new SieveVariableSupport(this);
    this.annotations = annotations;
  }

  override getDefaultQuery(_app: CoreApp): Partial<SieveQuery> {
    return DEFAULT_DRIFT;
  }

  override applyTemplateVariables(query: SieveQuery, scopedVars: ScopedVars): SieveQuery {
    return interpolateQuery(normalizeQuery(query), (text, format) =>
      this.templateSrv.replace(text, scopedVars, format)
    );
  }

  /**
   * Only hidden queries and anomaly queries without an expression are held back (as Grafana's own
   * Prometheus datasource does). Grafana calls this with the target alone, without the request's
   * scoped variables: a repeated panel's `$measure` would read as the dashboard's multi-value here,
   * so judging interpolated text would drop valid queries silently. The backend validates the
   * interpolated model and answers a per-query error naming the field; the editor shows it inline.
   * Never throws: Grafana calls it outside the request's error handling, so a throw (an `expr` that
   * is not a string, from hand-written dashboard JSON) would blank the panel without any error.
   */
  override filterQuery(query: SieveQuery): boolean {
    if (query.hide) return false;
    const model = normalizeQuery(query);
    const expr: unknown = model.queryType === 'anomaly' ? model.expr : undefined;
    return model.queryType === 'drift' || typeof expr !== 'string' || expr.trim() !== '';
  }

  /** The query as it will be sent; `scopedVars` are the request's (a repeated panel's value), when known. */
  interpolate(query: SieveQuery, scopedVars: ScopedVars = {}): SieveQuery {
    return this.applyTemplateVariables(query, scopedVars);
  }

  variableRefs(): string[] {
    return this.templateSrv.getVariables().map((v) => `$${v.name}`);
  }
}
