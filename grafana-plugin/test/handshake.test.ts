import {
  checkLaunchEnvironment,
  formatHandshakeLine,
  GRAFANA_LAUNCH_ENV,
  parseHandshakeLine,
} from '../backend/src/protocol/handshake.ts';

describe('checkLaunchEnvironment', () => {
  it("accepts Grafana's launch environment", () => {
    expect(checkLaunchEnvironment(GRAFANA_LAUNCH_ENV)).toEqual({ ok: true });
  });

  it('explains that Grafana launches the binary when the magic cookie is missing or wrong', () => {
    for (const env of [{}, { grafana_plugin_type: 'app' }]) {
      const check = checkLaunchEnvironment(env);
      expect(check.ok).toBe(false);
      if (!check.ok) expect(check.message).toMatch(/Grafana launches it/);
    }
  });

  it('refuses hosts that do not offer protocol version 2', () => {
    const check = checkLaunchEnvironment({ ...GRAFANA_LAUNCH_ENV, PLUGIN_PROTOCOL_VERSIONS: '1' });
    expect(check).toMatchObject({ ok: false, message: expect.stringMatching(/speaks only version 2/) });
    expect(checkLaunchEnvironment({ ...GRAFANA_LAUNCH_ENV, PLUGIN_PROTOCOL_VERSIONS: '1,2' })).toEqual({ ok: true });
  });

  it('refuses AutoMTLS, which it does not implement', () => {
    const check = checkLaunchEnvironment({ ...GRAFANA_LAUNCH_ENV, PLUGIN_CLIENT_CERT: '-----BEGIN CERTIFICATE-----' });
    expect(check).toMatchObject({ ok: false, message: expect.stringMatching(/AutoMTLS/) });
  });
});

describe('handshake line', () => {
  it('is CORE|APP|unix|path|grpc for a socket and parses back', () => {
    const line = formatHandshakeLine('unix', '/tmp/sieve-plugin-x/plugin.sock');
    expect(line).toBe('1|2|unix|/tmp/sieve-plugin-x/plugin.sock|grpc\n');
    expect(parseHandshakeLine(line)).toMatchObject({ network: 'unix', address: '/tmp/sieve-plugin-x/plugin.sock' });
  });

  it('is CORE|APP|tcp|127.0.0.1:port|grpc over TCP and parses back', () => {
    const line = formatHandshakeLine('tcp', '127.0.0.1:41234');
    expect(line).toBe('1|2|tcp|127.0.0.1:41234|grpc\n');
    expect(parseHandshakeLine(line)).toEqual({
      coreProtocolVersion: 1,
      appProtocolVersion: 2,
      network: 'tcp',
      address: '127.0.0.1:41234',
      protocol: 'grpc',
    });
  });

  it('accepts the Go server form with an empty certificate field', () => {
    expect(parseHandshakeLine('1|2|unix|/tmp/plugin.sock|grpc|').address).toBe('/tmp/plugin.sock');
  });

  it('rejects what go-plugin rejects, naming the part', () => {
    expect(() => parseHandshakeLine('hello')).toThrow(/at least 5/);
    expect(() => parseHandshakeLine('2|2|tcp|127.0.0.1:1|grpc')).toThrow(/core protocol version 2/);
    expect(() => parseHandshakeLine('1|1|tcp|127.0.0.1:1|grpc')).toThrow(/app protocol version 1/);
    expect(() => parseHandshakeLine('1|2|tcp|127.0.0.1:1|netrpc')).toThrow(/protocol netrpc/);
  });
});
