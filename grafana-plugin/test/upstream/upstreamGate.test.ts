import { UpstreamError } from '../../backend/src/datasource/errors.ts';
import { UpstreamGate } from '../../backend/src/datasource/upstreamGate.ts';
import { Coalescer } from '../../backend/src/datasource/coalesce.ts';

/** A piece of work the test finishes by hand. */
function pending() {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { done, finish };
}

const live = () => new AbortController().signal;

describe('UpstreamGate', () => {
  it('runs `concurrency` at a time and starts queued work in order as slots free', async () => {
    const gate = new UpstreamGate({ concurrency: 2, maxQueued: 10, maxWaitMs: 5000 });
    const order: number[] = [];
    const works = [0, 1, 2, 3].map(() => pending());
    const runs = works.map((w, i) =>
      gate.run('q', live(), () => {
        order.push(i);
        return w.done;
      })
    );
    await Promise.resolve();
    expect([gate.active, gate.queued]).toEqual([2, 2]);
    works[1]!.finish();
    await runs[1];
    await Promise.resolve();
    expect(order).toEqual([0, 1, 2]);
    works.forEach((w) => w.finish());
    await Promise.all(runs);
    expect(order).toEqual([0, 1, 2, 3]);
    expect([gate.active, gate.queued]).toEqual([0, 0]);
  });

  it('sheds at once when the queue is full, with an overloaded error', async () => {
    const gate = new UpstreamGate({ concurrency: 1, maxQueued: 1, maxWaitMs: 5000 });
    const w = pending();
    const first = gate.run('q', live(), () => w.done);
    const second = gate.run('q', live(), () => Promise.resolve());
    const shed = gate.run('Prometheus /api/v1/query', live(), () => Promise.resolve());
    await expect(shed).rejects.toThrow(
      /Prometheus \/api\/v1\/query: the plugin is overloaded \(1 upstream requests running, 1 waiting\)/
    );
    await expect(shed).rejects.toBeInstanceOf(UpstreamError);
    w.finish();
    await Promise.all([first, second]);
  });

  it('sheds work that waited past the queue deadline', async () => {
    const gate = new UpstreamGate({ concurrency: 1, maxQueued: 5, maxWaitMs: 50 });
    const w = pending();
    const first = gate.run('q', live(), () => w.done);
    await expect(gate.run('q', live(), () => Promise.resolve())).rejects.toThrow(
      /no upstream slot became free within 0.05 s/
    );
    expect(gate.queued).toBe(0);
    w.finish();
    await first;
  });

  it('drops waiting work whose caller gave up', async () => {
    const gate = new UpstreamGate({ concurrency: 1, maxQueued: 5, maxWaitMs: 5000 });
    const w = pending();
    const first = gate.run('q', live(), () => w.done);
    const caller = new AbortController();
    const waiting = gate.run('q', caller.signal, () => Promise.resolve());
    caller.abort(new Error('deadline'));
    await expect(waiting).rejects.toThrow('deadline');
    expect(gate.queued).toBe(0);
    w.finish();
    await first;
  });
});

describe('Coalescer', () => {
  it('shares one run among identical keys and aborts it only when every caller left', async () => {
    const c = new Coalescer<number>();
    let runs = 0;
    let shared: AbortSignal | undefined;
    const work = (signal: AbortSignal) => {
      runs++;
      shared = signal;
      return new Promise<number>((resolve) => setTimeout(() => resolve(42), 50));
    };
    const a = new AbortController();
    const b = new AbortController();
    const pa = c.run('k', a.signal, work);
    const pb = c.run('k', b.signal, work);
    a.abort(new Error('a left'));
    await expect(pa).rejects.toThrow('a left');
    expect(shared?.aborted).toBe(false);
    await expect(pb).resolves.toBe(42);
    expect(runs).toBe(1);

    const lone = new AbortController();
    const pl = c.run('k2', lone.signal, work);
    lone.abort(new Error('gone'));
    await expect(pl).rejects.toThrow('gone');
    expect(shared?.aborted).toBe(true);
    expect(c.size).toBe(0);
  });
});
