import { reportFigures } from '@sieve/testkit';
import { runAlertPath, TIME_SCALE } from '../test/support/alertPath.ts';

/**
 * Fault-to-notification times on the live alert path (see test/support/alertPath.ts): real
 * Prometheus 2.42 and Alertmanager 0.25 on loopback, rules time-compressed 60×, 1s scrape and
 * evaluation, 1s group_wait and group_interval. `--json` prints one JSON object per figure.
 */
const run = await runAlertPath();
reportFigures(
  run.results.flatMap((r) => [
    {
      name: `${r.fault}→notification`,
      value: r.toNotificationMs,
      unit: 'ms',
      alert: r.alertname,
      receiver: r.receiver,
      timeScale: `1/${Math.round(1 / TIME_SCALE)}`,
    },
    {
      name: `${r.fault}→resolved`,
      value: r.toResolvedMs,
      unit: 'ms',
      from: r.selfResolving ? 'fault (self-resolving)' : 'recovery',
    },
  ])
);
