import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireBinary } from '@sieve/testkit';
import {
  formatPrometheusDuration,
  isPrometheusDuration,
  parsePrometheusDuration,
} from '../src/catalog/prometheusDuration.ts';

const H = 3_600_000;

describe('parsePrometheusDuration', () => {
  it.each([
    ['0', 0],
    ['500ms', 500],
    ['90s', 90_000],
    ['1h30m', 1.5 * H],
    ['2d12h', 60 * H],
    ['1w', 168 * H],
    ['1y', 8760 * H],
    ['1y2w3d4h5m6s7ms', 8760 * H + 336 * H + 72 * H + 4 * H + 5 * 60_000 + 6_000 + 7],
  ])('%s is %d ms', (text, ms) => {
    expect(parsePrometheusDuration(text)).toBe(ms);
  });

  it.each(['', '30m1h', '1h1h', '1.5h', '-5m', '5', ' 5m', '5M', '1h 30m', 'ms', '99999999999999y'])(
    'refuses %j',
    (text) => {
      expect(parsePrometheusDuration(text)).toBeUndefined();
      expect(isPrometheusDuration(text)).toBe(false);
    }
  );

  it('formats the canonical spelling, days at most, and round-trips', () => {
    expect([1.5 * H, 168 * H, 720 * H, 90_000, 500, 0].map(formatPrometheusDuration)).toEqual([
      '1h30m',
      '7d',
      '30d',
      '1m30s',
      '500ms',
      '0s',
    ]);
    for (const ms of [1, 999, 61_000, 25 * H + 1])
      expect(parsePrometheusDuration(formatPrometheusDuration(ms))).toBe(ms);
    expect(() => formatPrometheusDuration(1.5)).toThrow(RangeError);
  });
});

describe('the grammar is Prometheus’ own', () => {
  // promtool parses an alerting rule's `for:` with model.ParseDuration, the parser this one mirrors.
  const cases = ['1h30m', '2d12h', '1y2w3d4h5m6s7ms', '500ms', '0', '30m1h', '1h1h', '1.5h', '5', '5M'];
  it.each(cases)('%s: accepted by us exactly when promtool accepts it', async (text) => {
    const promtool = requireBinary('promtool');
    const dir = mkdtempSync(join(tmpdir(), 'sieve-duration-'));
    try {
      const file = join(dir, 'rules.yml');
      writeFileSync(
        file,
        `groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: vector(1)\n        for: ${JSON.stringify(text)}\n`
      );
      const accepted = await new Promise<boolean>((resolve) =>
        execFile(promtool, ['check', 'rules', file], (error) => resolve(!error))
      );
      expect({ text, accepted }).toEqual({ text, accepted: isPrometheusDuration(text) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
