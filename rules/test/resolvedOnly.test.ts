import { readFileSync } from 'node:fs';
import { startWebhookReceiver, type WebhookReceiver } from '@sieve/testkit';
import { parse } from 'yaml';
import { GROUP_INTERVAL, RECEIVERS } from '../src/alertmanagerConfig.ts';
import { BURN_ALERTS } from '../src/alertNames.ts';
import { BURN_WINDOW_LABEL } from '../src/burnRate.ts';
import { parseDuration } from '../src/durations.ts';
import { generateRules } from '../src/generate.ts';
import { RULE_LABEL, SEVERITY } from '../src/ruleLabels.ts';
import { isAlertingRule } from '../src/ruleTypes.ts';
import { parseSpec } from '../src/spec.ts';
import { carries, postAlerts, startTestAlertmanager, WEBHOOK_PATH } from './support/alertmanagerForTests.ts';
import { ALERTMANAGER_YML, PROMETHEUS_DIR, SPEC } from './support/paths.ts';

/**
 * Review F11: a burn pair announced only as RESOLVED. Both page pairs of an SLO share one
 * Alertmanager group (group_by has no burn_window, so an incident pages once). When one pair fires
 * and clears between two flushes of a group already notified for the other, Alertmanager 0.25 sends
 * it in the next flush as resolved, never as firing. Burn alerts therefore keep firing for at least
 * the group interval (`keep_firing_for`), so every flush window holds them firing once.
 */

const PAGE = WEBHOOK_PATH[RECEIVERS.pager];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
type Labels = Record<string, string>;

const iso = (msFromNow: number) => new Date(Date.now() + msFromNow).toISOString();

describe('burn pairs are announced FIRING before RESOLVED', () => {
  it('every generated burn alert keeps firing for at least the group interval of the generated route', () => {
    const groupInterval = (config: { route: { routes: Array<{ group_interval?: string }> } }) =>
      parseDuration(config.route.routes[0]?.group_interval as string);
    const committed = parse(readFileSync(ALERTMANAGER_YML, 'utf8')) as Parameters<typeof groupInterval>[0];
    expect(groupInterval(committed)).toBe(parseDuration(GROUP_INTERVAL));
    const rules = parse(readFileSync(`${PROMETHEUS_DIR}/slo-alerts.yml`, 'utf8')) as {
      groups: Array<{ rules: Array<{ alert: string; keep_firing_for?: string }> }>;
    };
    const burns = rules.groups.flatMap((g) => g.rules).filter((r) => Object.values(BURN_ALERTS).includes(r.alert));
    expect(burns.length).toBeGreaterThan(0);
    for (const r of burns)
      expect(parseDuration(r.keep_firing_for ?? '0s')).toBeGreaterThanOrEqual(groupInterval(committed));
    // Compressed (the demo's game day: rules at 1/60, group_interval 1s): 5s.
    const compressed = generateRules(parseSpec(readFileSync(SPEC, 'utf8')), 1 / 60)
      .sloAlerts.flatMap((g) => g.rules)
      .filter(isAlertingRule)
      .filter((r) => r.labels[BURN_WINDOW_LABEL] !== undefined);
    expect(new Set(compressed.map((r) => r.keep_firing_for))).toEqual(new Set(['5s']));
  });

  describe('on Alertmanager 0.25 with the generated routing (group_interval 1s)', () => {
    let hook: WebhookReceiver;
    beforeAll(async () => {
      hook = await startWebhookReceiver();
    });
    afterAll(() => hook?.stop());

    it('a pair that lived under a group interval beside a notified pair arrives only as RESOLVED; one that lived a group interval arrives FIRING first', async () => {
      const am = await startTestAlertmanager(hook.url);
      try {
        const pair = (window: string): Labels => ({
          alertname: BURN_ALERTS.availability,
          [RULE_LABEL.slo]: 'availability',
          [RULE_LABEL.severity]: SEVERITY.page,
          [BURN_WINDOW_LABEL]: window,
        });
        const slow = pair('6h/30m');
        const fast = pair('1h/5m');
        await postAlerts(am.url, [{ labels: slow }]);
        await hook.waitFor((n) => n.path === PAGE && carries(n, slow));

        // The defect: the fast pair fired and cleared between two flushes (at the limit, at once).
        const shortLived = Date.now();
        await postAlerts(am.url, [{ labels: fast, startsAt: iso(-500), endsAt: iso(-100) }]);
        await hook.waitFor((n) => n.receivedAt >= shortLived && carries(n, fast, 'resolved'));
        expect(hook.notifications.filter((n) => n.receivedAt >= shortLived && carries(n, fast))).toEqual([]);

        // What keep_firing_for guarantees: the pair stays firing for a group interval (Prometheus
        // re-sends it every evaluation), so a flush sees it firing before it resolves.
        const kept = Date.now();
        for (let t = 0; t < 1500; t += 250) {
          await postAlerts(am.url, [{ labels: fast, endsAt: iso(4000) }]);
          await sleep(250);
        }
        await postAlerts(am.url, [{ labels: fast, endsAt: iso(-10) }]);
        const resolved = await hook.waitFor((n) => n.receivedAt >= kept && carries(n, fast, 'resolved'));
        const firing = hook.notifications.find((n) => n.receivedAt >= kept && carries(n, fast));
        expect(firing?.receivedAt).toBeLessThan(resolved.receivedAt);
      } finally {
        await am.stop();
      }
    }, 30_000);
  });
});
