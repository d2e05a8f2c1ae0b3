// Entry point Grafana launches. The stdout guard must be the first import: nothing may reach
// stdout before the go-plugin handshake line.
import './protocol/stdoutGuard.ts';
import { createDatasource } from './datasource/index.ts';
import { servePlugin } from './protocol/pluginProcess.ts';

void servePlugin(createDatasource);
