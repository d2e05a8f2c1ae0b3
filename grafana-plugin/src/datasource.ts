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
import { validateQuery } from './validateQuery.ts';
import { SieveVariableSupport } from './variables.ts';

/** Anomalies as annotations: an annotation query is an anomaly (or drift) query, not a third model. */
const annotations: AnnotationSupport<SieveQuery> = {
  QueryEditor,
  getDefaultQuery: () => DEFAULT_ANOMALY,
  processEvents: (_annotation, frames) => of(anomalyAnnotations(frames)),
};

/** Every query runs in the backend; the frontend interpolates variables and holds back invalid models. */
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

  /** Hidden and invalid queries are not sent; the editor shows why a query is invalid. */
  override filterQuery(query: SieveQuery): boolean {
    return !query.hide && validateQuery(this.applyTemplateVariables(query, {})) === undefined;
  }

  interpolate(query: SieveQuery): SieveQuery {
    return this.applyTemplateVariables(query, {});
  }

  variableRefs(): string[] {
    return this.templateSrv.getVariables().map((v) => `$${v.name}`);
  }
}
