/**
 * The go-plugin launch contract (protocol doc §1.3, §2.1): Grafana sets a magic cookie and the
 * protocol versions it speaks, and reads `CORE|APP|NETWORK|ADDRESS|PROTOCOL` as the first stdout
 * line. Both sides of that contract live here: the plugin checks and prints, the conformance
 * harness sets and parses.
 */
export const MAGIC_COOKIE_KEY = 'grafana_plugin_type';
export const MAGIC_COOKIE_VALUE = 'datasource';
export const CORE_PROTOCOL_VERSION = 1;
export const APP_PROTOCOL_VERSION = 2;

/** The environment go-plugin gives Grafana's plugins (besides Grafana's own environment). */
export const GRAFANA_LAUNCH_ENV: Readonly<Record<string, string>> = {
  [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
  PLUGIN_PROTOCOL_VERSIONS: String(APP_PROTOCOL_VERSION),
  PLUGIN_MIN_PORT: '0',
  PLUGIN_MAX_PORT: '0',
};

export type LaunchCheck = { ok: true } | { ok: false; message: string };

export function checkLaunchEnvironment(env: Readonly<Record<string, string | undefined>>): LaunchCheck {
  if (env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) {
    return {
      ok: false,
      message:
        'This binary is the backend of the Grafana datasource plugin sieve-datamining-datasource. ' +
        'Grafana launches it; it is not meant to be run by hand. Install the plugin folder into ' +
        "Grafana's plugin directory instead (see grafana-plugin/README.md).",
    };
  }
  const versions = env.PLUGIN_PROTOCOL_VERSIONS;
  if (versions !== undefined && versions !== '') {
    const offered = versions.split(',').map((v) => Number(v.trim()));
    if (!offered.includes(APP_PROTOCOL_VERSION)) {
      return {
        ok: false,
        message: `Grafana offered plugin protocol versions ${versions}; this plugin speaks only version ${APP_PROTOCOL_VERSION}.`,
      };
    }
  }
  if (env.PLUGIN_CLIENT_CERT !== undefined && env.PLUGIN_CLIENT_CERT !== '') {
    return {
      ok: false,
      message: 'PLUGIN_CLIENT_CERT is set: the host asks for AutoMTLS, which this plugin does not implement.',
    };
  }
  return { ok: true };
}

/** `network` is `unix` (ADDRESS a socket path) or `tcp` (ADDRESS host:port). */
export function formatHandshakeLine(network: 'unix' | 'tcp', address: string): string {
  return `${CORE_PROTOCOL_VERSION}|${APP_PROTOCOL_VERSION}|${network}|${address}|grpc\n`;
}

export interface Handshake {
  coreProtocolVersion: number;
  appProtocolVersion: number;
  network: string;
  address: string;
  protocol: string;
}

/** Parses the handshake line the way go-plugin does, but strictly: throws naming the bad part. */
export function parseHandshakeLine(line: string): Handshake {
  const parts = line.replace(/\r?\n$/, '').split('|');
  if (parts.length < 5)
    throw new Error(`handshake: expected at least 5 '|'-separated parts, got ${JSON.stringify(line)}`);
  const [core, app, network, address, protocol] = parts as [string, string, string, string, string];
  if (core !== String(CORE_PROTOCOL_VERSION))
    throw new Error(`handshake: core protocol version ${core}, want ${CORE_PROTOCOL_VERSION}`);
  if (app !== String(APP_PROTOCOL_VERSION))
    throw new Error(`handshake: app protocol version ${app}, want ${APP_PROTOCOL_VERSION}`);
  if (network !== 'tcp' && network !== 'unix') throw new Error(`handshake: network ${network}, want tcp or unix`);
  if (protocol !== 'grpc') throw new Error(`handshake: protocol ${protocol}, want grpc`);
  return {
    coreProtocolVersion: CORE_PROTOCOL_VERSION,
    appProtocolVersion: APP_PROTOCOL_VERSION,
    network,
    address,
    protocol,
  };
}
