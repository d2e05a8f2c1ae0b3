import { LABEL } from '@sieve/otel-instrumentation/catalog';
import { startWebhookReceiver, type WebhookReceiver } from '@sieve/testkit';
import { RECEIVERS } from '../src/alertmanagerConfig.ts';
import { BURN_ALERTS, DIRECT_ALERTS } from '../src/alertNames.ts';
import { RULE_LABEL, SEVERITY } from '../src/ruleLabels.ts';
import { carries, postAlerts, startTestAlertmanager, WEBHOOK_PATH } from './support/alertmanagerForTests.ts';

/**
 * The generated routing, inhibition and maintenance muting on a real Alertmanager 0.25, with alerts
 * posted straight to its API (the full Prometheus path is in liveAlertPath.test.ts).
 */

const PAGE = WEBHOOK_PATH[RECEIVERS.pager];
const TICKET = WEBHOOK_PATH[RECEIVERS.ticket];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('generated Alertmanager routing on Alertmanager 0.25', () => {
  let hook: WebhookReceiver;
  beforeAll(async () => {
    hook = await startWebhookReceiver();
  });
  afterAll(() => hook?.stop());

  it('pages the cause, tickets unrelated symptoms, inhibits symptoms of a down pipeline and resolves', async () => {
    const am = await startTestAlertmanager(hook.url);
    try {
      const down = {
        alertname: DIRECT_ALERTS.pipelineNotRunning,
        [LABEL.pipeline]: 'a',
        [RULE_LABEL.severity]: SEVERITY.page,
      };
      const staleA = {
        alertname: DIRECT_ALERTS.featureStale,
        [LABEL.pipeline]: 'a',
        [LABEL.feature]: 'f',
        [RULE_LABEL.severity]: SEVERITY.ticket,
      };
      const incompleteA = {
        alertname: DIRECT_ALERTS.datasetIncomplete,
        [LABEL.pipeline]: 'a',
        [LABEL.dataset]: 'd',
        [RULE_LABEL.severity]: SEVERITY.ticket,
      };
      const staleB = { ...staleA, [LABEL.pipeline]: 'b', [LABEL.feature]: 'g' };
      const sloPage = {
        alertname: BURN_ALERTS.availability,
        [RULE_LABEL.slo]: 'x',
        [LABEL.model]: 'm',
        [RULE_LABEL.severity]: SEVERITY.page,
      };
      const sloTicket = { ...sloPage, [RULE_LABEL.severity]: SEVERITY.ticket };
      const otherSloTicket = { ...sloTicket, [RULE_LABEL.slo]: 'y' };
      await postAlerts(
        am.url,
        [down, staleA, incompleteA, staleB, sloPage, sloTicket, otherSloTicket].map((labels) => ({ labels }))
      );

      const page = await hook.waitFor((n) => n.path === PAGE && carries(n, down));
      expect(page.payload).toMatchObject({
        version: '4',
        receiver: RECEIVERS.pager,
        status: 'firing',
        groupLabels: { alertname: DIRECT_ALERTS.pipelineNotRunning, [LABEL.pipeline]: 'a' },
      });
      await hook.waitFor((n) => n.path === PAGE && carries(n, sloPage));
      await hook.waitFor((n) => n.path === TICKET && carries(n, staleB));
      await hook.waitFor((n) => n.path === TICKET && carries(n, otherSloTicket));
      await sleep(2500); // several group intervals: an uninhibited alert would have arrived by now
      const ticketed = hook.notifications.filter((n) => n.path === TICKET);
      expect(ticketed.some((n) => carries(n, staleA) || carries(n, incompleteA))).toBe(false);
      expect(ticketed.some((n) => carries(n, sloTicket))).toBe(false);

      await postAlerts(am.url, [{ labels: down, endsAt: new Date(Date.now() - 1000).toISOString() }]);
      const resolved = await hook.waitFor((n) => n.path === PAGE && carries(n, down, 'resolved'));
      expect(resolved.payload.status).toBe('resolved');
    } finally {
      await am.stop();
    }
  });

  it('mutes every route in the maintenance window: pages, tickets and alerts without a severity', async () => {
    const always = [
      { weekdays: ['sunday:saturday'], times: [{ start_time: '00:00', end_time: '24:00' }], location: 'UTC' },
    ];
    const muted = await startTestAlertmanager(hook.url, always);
    const open = await startTestAlertmanager(hook.url, []);
    try {
      const page = {
        alertname: DIRECT_ALERTS.pipelineFailing,
        [LABEL.pipeline]: 'maint',
        [RULE_LABEL.severity]: SEVERITY.page,
      };
      const ticket = {
        alertname: DIRECT_ALERTS.schemaChanged,
        [LABEL.pipeline]: 'maint',
        [LABEL.dataset]: 'd',
        [RULE_LABEL.severity]: SEVERITY.ticket,
      };
      const bare = { alertname: DIRECT_ALERTS.pipelineNotRunning, [LABEL.pipeline]: 'maint-bare' };
      await postAlerts(muted.url, [{ labels: page }, { labels: ticket }, { labels: bare }]);
      // The same alerts outside the window arrive: the check below can fail.
      const control = { ...page, [LABEL.pipeline]: 'control' };
      await postAlerts(open.url, [{ labels: control }]);
      await hook.waitFor((n) => n.path === PAGE && carries(n, control));
      await sleep(2500);
      expect(hook.notifications.some((n) => carries(n, page) || carries(n, ticket) || carries(n, bare))).toBe(false);
    } finally {
      await muted.stop();
      await open.stop();
    }
  });
});
