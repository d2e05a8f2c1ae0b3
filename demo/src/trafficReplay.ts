import { inputOf } from './delayModel.ts';
import type { FaultState } from './faults.ts';
import { firstAtOrAfter, isDelayed, type Flight } from './flights.ts';
import type { SimClock } from './simClock.ts';
import { drifted, type Spreads } from './upstream.ts';

/**
 * The model's callers: every flight asks for a prediction over HTTP when it departs on the
 * simulated clock, and reports its real outcome when it arrives (departure + block time + delay).
 */
export class TrafficReplay {
  private lastSim: number;
  private seq = 0;
  private readonly outcomeTimers = new Set<NodeJS.Timeout>();
  private readonly flights: readonly Flight[];
  private readonly clock: SimClock;
  private readonly apiUrl: string;
  private readonly faults: FaultState;
  private readonly spreads: Spreads;
  /** Requests that failed (a 500 under the failingPredictions fault, say): counted, not thrown. */
  failed = 0;

  constructor(flights: readonly Flight[], clock: SimClock, apiUrl: string, faults: FaultState, spreads: Spreads) {
    this.flights = flights;
    this.clock = clock;
    this.apiUrl = apiUrl;
    this.faults = faults;
    this.spreads = spreads;
    this.lastSim = clock.at();
  }

  /** Sends the flights that departed since the last tick. */
  tick(): void {
    const now = this.clock.at();
    const due =
      now >= this.lastSim
        ? this.between(this.lastSim, now)
        : [...this.between(this.lastSim, this.clock.end), ...this.between(this.clock.start, now)];
    this.lastSim = now;
    for (const f of due) void this.send(f);
  }

  stop(): void {
    for (const t of this.outcomeTimers) clearTimeout(t);
    this.outcomeTimers.clear();
  }

  private between(from: number, to: number): Flight[] {
    return this.flights.slice(firstAtOrAfter(this.flights, from), firstAtOrAfter(this.flights, to));
  }

  private async send(f: Flight): Promise<void> {
    const id = `f${++this.seq}`;
    const input = inputOf(f);
    const body = {
      id,
      distance: drifted(this.faults, this.spreads, 'distance', input.distance),
      depHour: drifted(this.faults, this.spreads, 'dep_hour', input.depHour),
      origin: input.origin,
      destination: input.destination,
    };
    try {
      const res = await post(`${this.apiUrl}/predict`, body);
      if (!res.ok) {
        this.failed++;
        return;
      }
    } catch {
      this.failed++;
      return;
    }
    // Block time at ~8 miles a minute plus taxi, then the real delay; on the simulated clock.
    const arrivalMinutes = 30 + f.distance / 8 + f.delay;
    const wallMs = Math.min(60_000, Math.max(20, (arrivalMinutes * 60_000) / this.clock.speed));
    const timer = setTimeout(() => {
      this.outcomeTimers.delete(timer);
      post(`${this.apiUrl}/outcome`, { id, delayed: isDelayed(f) }).catch(() => this.failed++);
    }, wallMs);
    this.outcomeTimers.add(timer);
  }
}

function post(url: string, body: unknown): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  }).then(async (res) => {
    await res.arrayBuffer(); // drain, so the connection is reused
    return res;
  });
}
