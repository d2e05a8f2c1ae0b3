// Entry point Grafana launches. First the host's NODE_* variables are dropped (the SEA restarts
// itself without them), then the stdout guard: nothing may reach stdout before the handshake.
import './protocol/nodeEnvironment.ts';
import './protocol/stdoutGuard.ts';
import { createDatasource } from './datasource/index.ts';
import { servePlugin } from './protocol/pluginProcess.ts';

void servePlugin(createDatasource);
