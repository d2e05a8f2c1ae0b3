/**
 * A transport-neutral data frame, the shape handlers return. `arrowFrames.ts` encodes it into the
 * Arrow IPC file format Grafana decodes; handlers never see Arrow.
 */
export type FieldValues =
  | { type: 'time'; values: ArrayLike<number> } // epoch milliseconds; encoded as ns timestamps
  | { type: 'number'; values: ArrayLike<number> } // float64; NaN is encoded as null
  | { type: 'string'; values: ReadonlyArray<string | null> }
  | { type: 'boolean'; values: ReadonlyArray<boolean | null> };

/** Per-field display config (Grafana `FieldConfig`), serialized into the field's `config` metadata. */
export interface FieldConfig {
  displayNameFromDS?: string;
  unit?: string;
  min?: number;
  max?: number;
  decimals?: number;
  [key: string]: unknown;
}

export type Field = FieldValues & {
  name: string;
  /** Series labels: set on value fields, never on the time field. */
  labels?: Readonly<Record<string, string>>;
  config?: FieldConfig;
};

/** Grafana `FrameMeta` subset that Sieve uses. */
export interface FrameMeta {
  type?: 'timeseries-multi' | 'timeseries-wide' | 'timeseries-long' | 'numeric-multi' | 'numeric-wide' | 'table';
  typeVersion?: [number, number];
  executedQueryString?: string;
  notices?: Array<{ severity: 'info' | 'warning' | 'error'; text: string }>;
  custom?: Record<string, unknown>;
}

export interface DataFrame {
  name?: string;
  /** Set by the query dispatcher to the query's refId. */
  refId?: string;
  fields: Field[];
  meta?: FrameMeta;
}
