import type { DemoConfig } from '../config.ts';

/** How fast the stack runs: alerting intervals, rule time scale, and the demo's clock. */
export interface StackProfile {
  /** Multiplies every rule window and hold (1: production); see `sieve-rules generate --time-scale`. */
  timeScale: number;
  scrapeSeconds: number;
  evaluationSeconds: number;
  /** Alertmanager: the default route (tickets) and the page route. */
  groupWait: string;
  pageGroupWait: string;
  groupInterval: string;
  repeatInterval: string;
  pageRepeatInterval: string;
  /** Prometheus' minimum wait before re-sending a firing alert (e.g. to a restarted Alertmanager). */
  resendDelay: string;
  demo: Partial<DemoConfig>;
}

/** `npm start`: production rules and Alertmanager timings; a simulated day per wall minute. */
export const PRODUCTION: StackProfile = {
  timeScale: 1,
  scrapeSeconds: 15,
  evaluationSeconds: 15,
  groupWait: '30s',
  pageGroupWait: '10s',
  groupInterval: '5m',
  repeatInterval: '4h',
  pageRepeatInterval: '1h',
  resendDelay: '1m',
  demo: { speed: 1440, pipelineEveryMs: 15_000, psiWindowMs: 3_600_000 },
};

/**
 * Game days and their test: rules at 1/60 (an hour is a minute), 1 s scrape, evaluation and
 * group wait; a simulated day every 10 s. Repeat intervals stay long, so any repeat is a defect.
 */
export const COMPRESSED: StackProfile = {
  timeScale: 1 / 60,
  scrapeSeconds: 1,
  evaluationSeconds: 1,
  groupWait: '1s',
  pageGroupWait: '1s',
  groupInterval: '1s',
  repeatInterval: '1h',
  pageRepeatInterval: '1h',
  resendDelay: '1s',
  demo: { speed: 8640, pipelineEveryMs: 1000, psiWindowMs: 30_000 },
};
