import type { PluginHandlers } from '../sdk/index.ts';
import { checkLaunchEnvironment, formatHandshakeLine } from './handshake.ts';
import { startPluginServer, type PluginServer } from './grpcServer.ts';
import { createLogger, type Logger } from './logger.ts';
import { nodeVariablesInEffect } from './nodeEnvironment.ts';
import { writeHandshake } from './stdoutGuard.ts';

/**
 * The plugin process's lifecycle as go-plugin expects it (protocol doc §1.4, §10): check the
 * launch environment, bind, print the handshake, survive anything a request does, ignore SIGINT,
 * and exit cleanly on GRPCController.Shutdown.
 */
export async function servePlugin(createHandlers: () => PluginHandlers): Promise<void> {
  const log = createLogger();
  const launch = checkLaunchEnvironment(process.env);
  if (!launch.ok) {
    process.stderr.write(`${launch.message}\n`);
    process.exitCode = 1;
    return;
  }
  installCrashGuards(log);
  // Ctrl-C in Grafana's terminal reaches the whole process group; Grafana itself stops us.
  process.on('SIGINT', () => log.debug('ignoring SIGINT; the host stops the plugin through GRPCController.Shutdown'));

  let server: PluginServer | undefined;
  let stopping = false;
  const shutdown = (reason: string) => {
    if (stopping) return;
    stopping = true;
    log.debug('plugin stopping', { reason });
    void (server?.stop() ?? Promise.resolve()).finally(() => process.exit(0));
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  try {
    const handlers = createHandlers();
    server = await startPluginServer({ handlers, log, onShutdown: () => shutdown('GRPCController.Shutdown') });
    await writeHandshake(formatHandshakeLine(server.network, server.address));
    log.debug('plugin serving', { network: server.network, address: server.address, pid: process.pid });
    const ignored = process.env.SIEVE_IGNORED_NODE_VARIABLES;
    if (ignored) log.debug("ignored the host's Node variables (a Go plugin is immune to them)", { names: ignored });
    const inEffect = nodeVariablesInEffect(process.platform, process.env);
    if (inEffect.length > 0) {
      log.warn("the host's Node variables apply: Windows cannot restart the process without them", {
        names: inEffect.join(','),
      });
    }
  } catch (error) {
    log.error('plugin failed to start', { error });
    process.exit(1);
  }
}

function installCrashGuards(log: Logger): void {
  // A crash makes Grafana restart the plugin and fails in-flight alert evaluations: log and go on.
  process.on('uncaughtException', (error) => log.error('uncaught exception', { error }));
  process.on('unhandledRejection', (reason) => log.error('unhandled promise rejection', { error: reason }));
}
