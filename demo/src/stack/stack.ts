import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { alertmanagerConfig, parseSpec, RECEIVERS, ruleFiles, timeScale, type Spec } from '@sieve/rules';
import {
  findBinary,
  requireBinaries,
  startPushgateway,
  startWebhookReceiver,
  tempDir,
  type PushgatewayServer,
  type WebhookNotification,
  type WebhookReceiver,
} from '@sieve/testkit';
import { configFlags } from '../config.ts';
import { compressibleSpec } from './compressedSpec.ts';
import { nativeProvisioning, type ProvisioningTargets } from './grafanaProvisioning.ts';
import { startNode, type StackNode } from './node.ts';
import { portFor } from './ports.ts';
import { prometheusConfig } from './prometheusConfig.ts';
import { alertsPage } from './prometheusUi.ts';
import { RECEIVER_PATH } from './receiverPaths.ts';
import type { StackProfile } from './profiles.ts';

export const REPO = join(import.meta.dirname, '..', '..', '..');
export const DEFAULT_SPEC = join(REPO, 'rules', 'slos.yaml');
const DEMO_BIN = join(REPO, 'demo', 'bin', 'demo.ts');

export { RECEIVER_PATH };

/** The usual ports, taken when free (`npm start`); tests pass none and get free ones. */
export const STANDARD_PORTS = {
  prometheus: 9090,
  alertmanager: 9093,
  pushgateway: 9091,
  receiver: 9095,
  demoApi: 8080,
  demoMetrics: 9464,
  grafana: 3000,
} as const;
export type PortName = keyof typeof STANDARD_PORTS;

export interface StackOptions {
  profile: StackProfile;
  ports?: Partial<Record<PortName, number>>;
  specPath?: string;
  /** Start Grafana when grafana-server or grafana is on PATH. */
  grafana?: boolean;
  log?: (line: string) => void;
  onNotification?: (n: WebhookNotification) => void;
  /**
   * Abandons the startup (a signal before the stack is up): what has started is stopped, the
   * temporary directory removed, and startStack rejects with the signal's reason.
   */
  signal?: AbortSignal;
}

export interface Stack {
  readonly profile: StackProfile;
  /** The spec the rules were generated from (age bounds raised for compressed time). */
  readonly spec: Spec;
  /** The rule files Prometheus loaded, by name. */
  readonly ruleFiles: Readonly<Record<string, string>>;
  readonly urls: Readonly<Record<string, string>>;
  readonly receiver: WebhookReceiver;
  readonly prometheus: StackNode;
  readonly alertmanager: StackNode;
  readonly demo: StackNode;
  readonly demoApi: string;
  stop(): Promise<void>;
}

/**
 * The longest SLO period plus a day, in days: the period's budget needs the whole period, and a day
 * more keeps its first hours while Prometheus deletes old blocks by age.
 */
export function retentionDays(spec: Spec, parse: (d: string) => number): number {
  return Math.max(15, ...spec.slos.map((s) => Math.ceil(parse(s.period) / 86_400) + 1));
}

/**
 * Starts the whole stack on this machine with Debian's binaries: Prometheus (generated rules,
 * scrape configs), Alertmanager (generated routing), the Pushgateway, a webhook receiver, the demo,
 * and Grafana when present. Everything lives in one temporary directory, removed by stop().
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const { profile, signal } = options;
  const log = options.log ?? (() => undefined);
  const host = '127.0.0.1';
  const port = (name: PortName) => portFor(host, options.ports?.[name]);
  // All at once: a newcomer missing the three packages gets one apt-get line, not three rounds.
  const binaries = requireBinaries({
    prometheus: ['prometheus'],
    alertmanager: ['prometheus-alertmanager', 'alertmanager'],
    pushgateway: ['prometheus-pushgateway', 'pushgateway'],
  });
  const specPath = options.specPath ?? DEFAULT_SPEC;
  const minAge = 3 * Math.max(profile.scrapeSeconds, (profile.demo.pipelineEveryMs ?? 1000) / 1000);
  const spec = compressibleSpec(parseSpec(readFileSync(specPath, 'utf8'), specPath), profile.timeScale, minAge);
  const root = tempDir('stack');
  const started: Array<{ stop(): Promise<void> }> = [];
  let demoProcess: { stop(): Promise<void> } | undefined;
  const stopAll = async () => {
    // The demo first (its last push needs the Pushgateway), then the servers in parallel: each stop
    // may wait 5 s for a graceful exit, and in series a loaded machine kept a stack alive for 30 s.
    await demoProcess?.stop().catch(() => undefined);
    await Promise.all(started.map((s) => s.stop().catch(() => undefined)));
    rmSync(root, { recursive: true, force: true });
  };

  try {
    const receiver = await startWebhookReceiver({
      listen: { host, port: await port('receiver') },
      onNotification: options.onNotification,
    });
    started.push(receiver);
    signal?.throwIfAborted();

    const amPort = await port('alertmanager');
    const amConfig = join(root, 'alertmanager.yml');
    writeFileSync(
      amConfig,
      stringify(
        alertmanagerConfig({
          pagerUrl: `${receiver.url}${RECEIVER_PATH[RECEIVERS.pager]}`,
          ticketUrl: `${receiver.url}${RECEIVER_PATH[RECEIVERS.ticket]}`,
          groupWait: profile.groupWait,
          pageGroupWait: profile.pageGroupWait,
          groupInterval: profile.groupInterval,
          repeatInterval: profile.repeatInterval,
          pageRepeatInterval: profile.pageRepeatInterval,
          maintenance: [],
        })
      )
    );
    const alertmanager = await startNode(
      'Alertmanager',
      binaries.alertmanager,
      [
        `--config.file=${amConfig}`,
        `--storage.path=${join(root, 'alertmanager-data')}`,
        `--web.listen-address=${host}:${amPort}`,
        // Links in notifications (silences, the alert's source) name the address it listens on,
        // not the machine's host name (127.0.1.1 on a stock Debian, where nothing listens).
        `--web.external-url=http://${host}:${amPort}`,
        '--cluster.listen-address=',
        '--log.level=warn',
      ],
      `http://${host}:${amPort}`,
      '/-/ready',
      join(root, 'alertmanager'),
      signal
    );
    started.push(alertmanager);

    const pushgateway: PushgatewayServer = await startPushgateway({
      host,
      port: await port('pushgateway'),
      signal,
    });
    started.push(pushgateway);

    const [apiPort, metricsPort] = [await port('demoApi'), await port('demoMetrics')];
    const demoArgs = configFlags({
      ...profile.demo,
      host,
      apiPort,
      metricsPort,
      pushgatewayUrl: pushgateway.url,
    });
    const demoApi = `http://${host}:${apiPort}`;
    const demo = await startNode(
      'demo',
      process.execPath,
      ['--conditions=sieve-source', DEMO_BIN, ...demoArgs],
      demoApi,
      '/healthz',
      join(root, 'demo'),
      signal
    );
    demoProcess = demo;

    const rulesDir = join(root, 'rules');
    mkdirSync(rulesDir, { recursive: true });
    const rules = ruleFiles(spec, specPath, profile.timeScale);
    for (const [name, text] of Object.entries(rules)) {
      writeFileSync(join(rulesDir, name), text);
    }
    const promPort = await port('prometheus');
    const promConfig = join(root, 'prometheus.yml');
    writeFileSync(
      promConfig,
      prometheusConfig({
        scrapeInterval: `${profile.scrapeSeconds}s`,
        evaluationInterval: `${profile.evaluationSeconds}s`,
        ruleFiles: join(rulesDir, '*.yml'),
        alertmanager: `${host}:${amPort}`,
        model: `${host}:${metricsPort}`,
        pushgateway: pushgateway.address,
      })
    );
    const prometheus = await startNode(
      'Prometheus',
      binaries.prometheus,
      [
        `--config.file=${promConfig}`,
        `--storage.tsdb.path=${join(root, 'prometheus-data')}`,
        `--storage.tsdb.retention.time=${retentionDays(spec, (d) => timeSeconds(d))}d`,
        `--web.listen-address=${host}:${promPort}`,
        `--web.external-url=http://${host}:${promPort}`,
        `--rules.alert.resend-delay=${profile.resendDelay}`,
        '--web.enable-lifecycle',
        '--log.level=warn',
      ],
      `http://${host}:${promPort}`,
      '/-/ready',
      join(root, 'prometheus'),
      signal
    );
    started.push(prometheus);

    const urls: Record<string, string> = {
      Prometheus: await alertsPage(prometheus.url, signal),
      Alertmanager: alertmanager.url,
      Pushgateway: pushgateway.url,
      'webhook receiver': `${receiver.url} (/page, /ticket)`,
      'demo API': `${demoApi}/admin/faults`,
      'demo metrics': `http://${host}:${metricsPort}/metrics`,
    };
    if (options.grafana) {
      const grafana = await startGrafanaIfPresent(
        root,
        host,
        await port('grafana'),
        log,
        {
          prometheusUrl: prometheus.url,
          alertmanagerUrl: alertmanager.url,
          dashboardsDir: join(REPO, 'dashboards', 'generated'),
          scrapeInterval: `${profile.scrapeSeconds}s`,
        },
        signal
      );
      if (grafana) {
        started.push(grafana);
        urls.Grafana = grafana.url;
      }
    }
    signal?.throwIfAborted();
    return {
      profile,
      spec,
      ruleFiles: rules,
      urls,
      receiver,
      prometheus,
      alertmanager,
      demo,
      demoApi,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Seconds in a Prometheus duration, through the rules' time scale at 1 (the one shared parser). */
const timeSeconds = (d: string) => timeScale(1).seconds(d);

/**
 * Grafana from its Debian/Ubuntu package (grafana-server, or grafana with the `server` verb), with
 * a data directory of its own, provisioning/ and the built plugin. Absent: a hint, not a failure.
 */
async function startGrafanaIfPresent(
  root: string,
  host: string,
  port: number,
  log: (line: string) => void,
  targets: ProvisioningTargets,
  signal: AbortSignal | undefined
): Promise<StackNode | undefined> {
  const server = findBinary('grafana-server');
  const bin = server ?? findBinary('grafana');
  if (bin === undefined) {
    log('Grafana: not on PATH, skipped (install the grafana package from apt.grafana.com to add it)');
    return undefined;
  }
  const verb = server === undefined ? ['server'] : [];
  const plugins = join(root, 'grafana-plugins');
  mkdirSync(plugins, { recursive: true });
  const dist = join(REPO, 'grafana-plugin', 'dist');
  if (existsSync(dist)) symlinkSync(dist, join(plugins, 'sieve-datamining-datasource'));
  else log('Grafana: grafana-plugin/dist is missing; run `npm run build -w grafana-plugin` for the Sieve datasource');
  const provisioning = join(root, 'grafana-provisioning');
  nativeProvisioning(join(REPO, 'provisioning'), provisioning, targets);
  // Grafana expands $SIEVE_ALERTMANAGER_URL in the contact point (provisioning/alerting).
  process.env.SIEVE_ALERTMANAGER_URL = targets.alertmanagerUrl;
  const homepath =
    ['/usr/share/grafana', '/usr/local/share/grafana'].find((p) => existsSync(p)) ?? '/usr/share/grafana';
  return startNode(
    'Grafana',
    bin,
    [
      ...verb,
      `--homepath=${homepath}`,
      `cfg:default.paths.data=${join(root, 'grafana-data')}`,
      `cfg:default.paths.logs=${join(root, 'grafana-data', 'log')}`,
      `cfg:default.paths.plugins=${plugins}`,
      `cfg:default.paths.provisioning=${provisioning}`,
      `cfg:default.server.http_addr=${host}`,
      `cfg:default.server.http_port=${port}`,
      'cfg:default.plugins.allow_loading_unsigned_plugins=sieve-datamining-datasource',
      'cfg:default.auth.anonymous.enabled=true',
      'cfg:default.auth.anonymous.org_role=Admin',
    ],
    `http://${host}:${port}`,
    '/api/health',
    join(root, 'grafana'),
    signal
  );
}
