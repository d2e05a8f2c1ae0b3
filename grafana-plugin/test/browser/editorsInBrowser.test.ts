import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LABEL, METRICS } from '@sieve/otel-instrumentation/catalog';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startHarness, type Harness } from './harnessServer.ts';

/**
 * The editors in a real browser: Debian's Chromium driven by playwright-core, rendering the harness
 * page (harness.tsx) with the real @grafana/ui theme. With SIEVE_UPDATE_SCREENSHOTS=1 the
 * screenshots replace those in grafana-plugin/docs/, which the READMEs show; otherwise they go to a
 * temporary folder, removed afterwards, so a test run leaves the committed files alone.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const UPDATE = process.env.SIEVE_UPDATE_SCREENSHOTS === '1';
const DOCS = UPDATE ? join(import.meta.dirname, '..', '..', 'docs') : mkdtempSync(join(tmpdir(), 'sieve-screenshots-'));

let harness: Harness;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  harness = await startHarness();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-default-apps',
      '--disable-extensions',
      '--disable-sync',
      '--no-first-run',
      '--mute-audio',
    ],
  });
  page = await browser.newPage({ viewport: { width: 960, height: 1400 } });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  page.on('response', (r) => {
    if (r.status() >= 400) consoleErrors.push(`HTTP ${r.status()} for ${r.url()}`);
  });
  await page.goto(harness.url);
  await page.getByTestId('drift').getByLabel('Label matchers').waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await harness?.close();
  if (!UPDATE) rmSync(DOCS, { recursive: true, force: true });
});

/** RadioButtonGroup options: the visible label sits under the input that takes the click. */
const pick = (scope: ReturnType<Page['getByTestId']>, name: string) =>
  scope.getByRole('radio', { name, exact: true }).check({ force: true });

const model = async (id: string) => JSON.parse((await page.getByTestId(`${id}-model`).textContent()) ?? '{}');

test('drift editor: picks features from the resource, switches the baseline, shows validation text', async () => {
  const drift = page.getByTestId('drift');
  await drift.getByLabel('Pick features').click();
  await page.getByRole('option', { name: 'income', exact: true }).click();
  await drift.getByLabel('Pick features').click();
  await page.getByRole('option', { name: '$feature', exact: true }).click();
  await page.keyboard.press('Escape');
  expect((await model('drift')).query.features).toBe('feature=~"income|$feature"');

  await drift.getByLabel('Window').fill('90 minutes');
  await drift.getByLabel('Window').blur();
  expect(
    await drift
      .getByText(
        'drift query: field "window": expected a positive duration such as "5m", "1h" or "7d", got "90 minutes"'
      )
      .isVisible()
  ).toBe(true);
  await drift.getByLabel('Window').fill('1h30m');
  await drift.getByLabel('Window').blur();
  expect(await drift.getByText(/field "window"/).count()).toBe(0);

  await pick(drift, 'Offset');
  expect(await drift.getByLabel('Baseline offset').inputValue()).toBe('7d');
  await pick(drift, 'Table');
  const m = await model('drift');
  expect(m.query).toMatchObject({ window: '1h30m', baseline: { type: 'offset', offset: '7d' }, format: 'table' });
  expect(m.runs).toBeGreaterThan(0);
  mkdirSync(DOCS, { recursive: true });
  await drift.screenshot({ path: join(DOCS, 'drift-editor.png') });
});

test('anomaly editor: switching types, PromQL, detector parameters with their range', async () => {
  const anomaly = page.getByTestId('anomaly');
  expect(await anomaly.getByText('anomaly query: field "expr": a PromQL expression is required').isVisible()).toBe(
    true
  );
  await anomaly
    .getByLabel('PromQL expression')
    .fill(`sum by (${LABEL.model}) (rate(${METRICS.modelPredictions.prometheus.name}[5m]))`);
  await anomaly.getByLabel('PromQL expression').blur();
  expect(await anomaly.getByText(/a PromQL expression is required/).count()).toBe(0);

  await anomaly.getByLabel('Detector').click();
  await page.getByRole('option', { name: /^zscore/ }).click();
  await anomaly.getByLabel('Parameter bandWidth').fill('250');
  expect(
    await anomaly.getByText('anomaly query: field "params.bandWidth": must be in [0.1, 100], got 250').isVisible()
  ).toBe(true);
  await anomaly.getByLabel('Parameter bandWidth').fill('4');
  await anomaly.getByLabel('Parameter bandWidth').blur();
  expect((await model('anomaly')).query).toMatchObject({ detector: 'zscore', params: { bandWidth: 4 } });
  await anomaly.screenshot({ path: join(DOCS, 'anomaly-editor.png') });

  await pick(anomaly, 'Drift');
  expect((await model('anomaly')).query).toMatchObject({ queryType: 'drift', refId: 'B' });
  await pick(anomaly, 'Anomaly');
  expect((await model('anomaly')).query).toMatchObject({ queryType: 'anomaly', expr: '' });
});

test('config editor: stored secrets show as configured, never their value; bad timeout and scrape interval explained', async () => {
  const config = page.getByTestId('config');
  expect(await config.getByLabel('Token', { exact: true }).inputValue()).toBe('configured');
  expect(await config.getByLabel('Header 1 value').inputValue()).toBe('configured');
  await config.getByLabel('Timeout in seconds').fill('900');
  expect(
    await config.getByText('datasource settings: field "jsonData.timeoutSeconds": must be at most 600').isVisible()
  ).toBe(true);
  await config.getByLabel('Timeout in seconds').fill('60');
  expect(await config.getByText(/datasource settings:/).count()).toBe(0);
  await config.getByLabel('Scrape interval').fill('15');
  expect(
    await config
      .getByText(
        'datasource settings: field "jsonData.timeInterval": not a positive Prometheus duration (e.g. 15s, 1m, 1m30s)'
      )
      .isVisible()
  ).toBe(true);
  await config.getByLabel('Scrape interval').fill('30s');
  expect(await config.getByText(/datasource settings:/).count()).toBe(0);
  await config.screenshot({ path: join(DOCS, 'config-editor.png') });
  // The tooltip, in a real browser (jsdom does not open Grafana's floating tooltips).
  await config.locator('label', { hasText: 'Scrape interval' }).locator('svg').hover();
  await page.getByText(/\$__rate_interval is max\(\$__interval \+ scrape interval, 4 × scrape interval\)/).waitFor();
});

test('no console errors while rendering and editing', () => {
  expect(consoleErrors).toEqual([]);
});
