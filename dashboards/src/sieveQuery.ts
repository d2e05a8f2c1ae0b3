import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import type { DetectorName, MeasureName } from '@sieve/scoring';
import { SIEVE_REF } from './datasources.ts';

/**
 * Targets for the Sieve datasource, typed after the plugin's query models
 * (grafana-plugin/backend/src/datasource/querySchema.ts). A value may also be a dashboard
 * variable (`$measure`), which the frontend interpolates before the backend parses the model; a
 * test expands every variable and runs each target through the plugin's parseQuery.
 */
type Variable = `$${string}`;

export type SieveBaseline =
  | { readonly type: 'exported' }
  | { readonly type: 'offset'; readonly offset: string | Variable }
  | { readonly type: 'range'; readonly from: number | string; readonly to: number | string };

export interface DriftModel {
  readonly queryType: 'drift';
  /** PromQL label matchers selecting features, e.g. `feature=~"$feature"`. */
  readonly features: string;
  readonly measure: MeasureName | Variable;
  readonly baseline: SieveBaseline;
  readonly window?: string;
  readonly step?: string;
  readonly format?: 'timeseries' | 'table';
}

export interface AnomalyModel {
  readonly queryType: 'anomaly';
  readonly expr: string;
  readonly detector: DetectorName;
  readonly params?: Readonly<Record<string, number>>;
  readonly step?: string;
  readonly warmup?: string;
}

export type SieveModel = DriftModel | AnomalyModel;

/** A Sieve target as a foundation-SDK query builder, so it goes into any panel's `withTarget`. */
export class SieveQueryBuilder implements cog.Builder<cog.Dataquery> {
  private model: SieveModel;
  private id = '';

  constructor(model: SieveModel) {
    this.model = model;
  }

  static drift(model: Omit<DriftModel, 'queryType'>): SieveQueryBuilder {
    return new SieveQueryBuilder({ queryType: 'drift', ...model });
  }

  static anomaly(model: Omit<AnomalyModel, 'queryType'>): SieveQueryBuilder {
    return new SieveQueryBuilder({ queryType: 'anomaly', ...model });
  }

  refId(refId: string): this {
    this.id = refId;
    return this;
  }

  build(): cog.Dataquery {
    const query = { refId: this.id, datasource: SIEVE_REF, ...this.model, _implementsDataqueryVariant() {} };
    return query;
  }
}
