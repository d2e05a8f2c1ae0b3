import { FAULTS, type Fault } from '../src/faults.ts';
import { CHAOS } from '../src/gameday/chaos.ts';
import { floorFor } from '../src/gameday/gameDay.ts';
import { EXPECTATIONS } from '../src/gameday/expectations.ts';
import { runGameDay, type GameDayResult } from '../src/gameday/run.ts';
import { COMPRESSED } from '../src/stack/profiles.ts';
import { startStack, type Stack } from '../src/stack/stack.ts';
import type { WebhookNotification } from '@sieve/testkit';

/**
 * The game day end to end on the native stack: Debian's Prometheus 2.42, Alertmanager 0.25 and
 * Pushgateway, the demo as its own process, rules generated at 1/60 with 1 s scrape, evaluation
 * and group wait. Every fault is injected through the admin endpoint and must reach its receiver
 * within its bound, then resolve; the chaos cases restart Prometheus and Alertmanager mid-run.
 */

/** The target is 2× the floor (the bench line reports it); the test allows 5 s more for a loaded machine. */
const bound = (floor: number) => 2 * floor + 5;

describe('game day (native stack, compressed time)', () => {
  let stack: Stack;
  let result: GameDayResult;
  let warmup: WebhookNotification[];

  beforeAll(async () => {
    stack = await startStack({ profile: COMPRESSED });
    await new Promise((r) => setTimeout(r, 15_000));
    warmup = [...stack.receiver.notifications];
    result = await runGameDay(stack, FAULTS, CHAOS, { concurrent: true });
    console.log(result.rows.map((r) => JSON.stringify(r)).join('\n'));
  }, 900_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('pages nobody while the demo is healthy', () => {
    expect(warmup.filter((n) => n.path === '/page').map((n) => n.payload.groupLabels)).toEqual([]);
  });

  it.each([...FAULTS])(
    '%s: the expected alert reaches the expected receiver within its bound, and resolves',
    (fault: Fault) => {
      const run = result.faults.find((r) => r.row.fault === fault);
      const row = run?.row;
      if (floorFor(stack, EXPECTATIONS[fault]) === null) {
        // rules/ generates no such alert yet (SieveTargetDown, before target health lands): the game day
        // must say so, not pretend. Once the rule exists, this fault gets the full check below.
        expect(row).toMatchObject({ detected: false, detect_s: null, floor_s: null, ratio: null });
        return;
      }
      expect(row).toMatchObject({
        alert: EXPECTATIONS[fault].alert,
        receiver: EXPECTATIONS[fault].receiver,
        detected: true,
      });
      expect(row?.detect_s).toBeLessThanOrEqual(bound(row?.floor_s as number));
      expect(row?.resolve_s).toEqual(expect.any(Number));
      expect(run?.misrouted).toEqual([]);
    }
  );

  it("links in notifications name the stack's own addresses, not the machine's host name", () => {
    const pages = stack.receiver.notifications;
    expect(pages.length).toBeGreaterThan(0);
    for (const n of pages) {
      expect(n.payload.externalURL).toBe(stack.alertmanager.url);
      for (const alert of n.payload.alerts)
        expect(alert.generatorURL.startsWith(`${stack.prometheus.url}/`)).toBe(true);
    }
  });

  it.each(CHAOS)('%s: every check holds', (chaos) => {
    const checks = result.chaos.find((c) => c.chaos === chaos)?.checks ?? {};
    expect(Object.keys(checks).length).toBeGreaterThan(0);
    for (const [check, ok] of Object.entries(checks)) expect({ check, ok }).toEqual({ check, ok: true });
  });
});
