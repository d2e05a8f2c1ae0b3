import {
  CustomVariableSupport,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceApi,
  type QueryEditorProps,
} from '@grafana/data';
import { createElement, type ReactElement } from 'react';
import { from, type Observable } from 'rxjs';
import { VariableQueryEditor } from './components/VariableQueryEditor.tsx';
import type { SieveDataSource } from './datasource.ts';
import type { SieveOptions, SieveQuery, SieveVariableQuery } from './types.ts';
import { normalizeVariableQuery, variableValues } from './variableQuery.ts';

type EditorProps = QueryEditorProps<
  DataSourceApi<SieveQuery, SieveOptions>,
  SieveQuery,
  SieveOptions,
  SieveVariableQuery
>;

/** Template variables through the backend resources (RESOURCE_PATHS). */
export class SieveVariableSupport extends CustomVariableSupport<SieveDataSource, SieveVariableQuery> {
  readonly ds: SieveDataSource;
  /** Bound to this datasource: Grafana types the editor's datasource as a plain DataSourceApi. */
  readonly editor: (props: EditorProps) => ReactElement;

  constructor(ds: SieveDataSource) {
    super();
    this.ds = ds;
    this.editor = ({ query, onChange }: EditorProps) =>
      createElement(VariableQueryEditor, { datasource: ds, query, onChange });
  }

  query(request: DataQueryRequest<SieveVariableQuery>): Observable<DataQueryResponse> {
    const { kind } = normalizeVariableQuery(request.targets[0]);
    return from(this.ds.getResource(kind).then((body: unknown) => ({ data: variableValues(body) })));
  }
}
