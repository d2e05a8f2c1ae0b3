import { DataSourcePlugin } from '@grafana/data';
import { ConfigEditor } from './components/ConfigEditor.tsx';
import { QueryEditor } from './components/QueryEditor.tsx';
import { SieveDataSource } from './datasource.ts';
import type { SieveOptions, SieveQuery, SieveSecureJsonData } from './types.ts';

export const plugin = new DataSourcePlugin<SieveDataSource, SieveQuery, SieveOptions, SieveSecureJsonData>(
  SieveDataSource
)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor);
