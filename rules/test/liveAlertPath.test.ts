import { runAlertPath, type AlertPathResult } from './support/alertPath.ts';

/**
 * The whole path with real components: an instrumented process, Prometheus 2.42 with the generated
 * rules (time-compressed 60×), Alertmanager 0.25 with the generated routing, and a webhook
 * receiver. `npm run bench -w rules` runs the same path and prints the figures.
 */
describe('live alert path', () => {
  let run: AlertPathResult;
  beforeAll(async () => {
    run = await runAlertPath();
    console.log(
      run.results
        .map(
          (r) =>
            `${r.fault.padEnd(16)} → ${r.alertname} at ${r.receiver}: ${r.toNotificationMs} ms; resolved ${r.toResolvedMs} ms after ${r.selfResolving ? 'the fault (self-resolving)' : 'recovery'}`
        )
        .join('\n')
    );
    if (process.env.SIEVE_DEBUG) {
      const t0 = run.notifications[0]?.receivedAt ?? 0;
      for (const n of run.notifications) {
        console.log(
          n.receivedAt - t0,
          n.path,
          n.payload.alerts.map((a) => `${a.status} ${a.labels.alertname} ${a.labels.severity}`).join('; ')
        );
      }
    }
  }, 150_000);

  it('stays quiet while the service is healthy', () => {
    expect(run.warmupNotifications).toEqual([]);
  });

  it('delivers each fault to the right receiver, and a resolved notification after recovery', () => {
    // runAlertPath waits for each firing and resolved notification at its receiver; here the figures are sane.
    for (const r of run.results) {
      expect(r.toNotificationMs).toBeGreaterThan(0);
      expect(r.toNotificationMs).toBeLessThan(45_000);
      expect(r.toResolvedMs).toBeGreaterThan(0);
    }
  });

  it('delivers the alert with its labels, annotations and group labels', () => {
    for (const r of run.results) {
      expect(r.alert.labels.alertname).toBe(r.alertname);
      expect(r.alert.annotations).toEqual({
        summary: expect.stringMatching(/^[A-Z].*\.$/),
        description: expect.any(String),
        runbook_url: `http://runbooks.invalid/rules/runbooks/${r.alertname}.md`,
        dashboard_url: expect.stringMatching(/^http:\/\/grafana\.invalid\/d\/sieve-/),
      });
      // Templates were expanded by Prometheus: no "{{" left, and no empty label reference.
      expect(JSON.stringify(r.alert.annotations)).not.toMatch(/\{\{|var-\w+=(&|"|$)/);
      expect(r.groupLabels.alertname).toBe(r.alertname);
    }
  });

  it('never delivers an inhibited symptom while its cause fires, although Prometheus fires it', () => {
    for (const s of run.inhibited) {
      expect({ labels: s.labels, firedInPrometheus: s.firedInPrometheus, delivered: s.delivered.length }).toEqual({
        labels: s.labels,
        firedInPrometheus: true,
        delivered: 0,
      });
    }
  });
});
