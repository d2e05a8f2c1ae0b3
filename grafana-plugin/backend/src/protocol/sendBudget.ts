import {
  ResponderBuilder,
  ServerInterceptingCall,
  type ServerInterceptingCallInterface,
  type ServerInterceptor,
  ServerListenerBuilder,
} from '@grpc/grpc-js';

/**
 * A ceiling on the bytes of answers written to gRPC but not yet taken by the client.
 *
 * grpc-js serialises an answer into a fresh buffer and hands it to HTTP/2, which holds it until
 * flow control lets it out. With a slow reader (a busy Grafana, 1,000 panels refreshing at once)
 * every computed answer sat there at once: 1,000 × 0.55 MB drift answers took the process to
 * ~900 MB. Here an answer waits (as the objects it is made of, whose frames identical queries
 * share) until its bytes fit, and frees them when its status follows, which grpc-js sends only
 * once the message is written out, or when the call ends otherwise (cancelled, deadline).
 * One answer larger than the whole budget still goes out alone.
 */
export class SendBudget {
  private used = 0;
  private readonly waiting: { bytes: number; start: () => void }[] = [];

  readonly limit: number;

  constructor(limit: number) {
    this.limit = limit;
  }

  /** Bytes of answers being sent now. */
  get inFlight(): number {
    return this.used;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /**
   * Calls `start` once `bytes` fit (at once if they do now, in arrival order otherwise). The
   * returned function gives the bytes back, or leaves the queue; calling it again does nothing.
   */
  reserve(bytes: number, start: () => void): () => void {
    let state: 'waiting' | 'holding' | 'done' = 'waiting';
    const entry = {
      bytes,
      start: () => {
        state = 'holding';
        this.used += bytes;
        start();
      },
    };
    if (this.waiting.length === 0 && this.fits(bytes)) entry.start();
    else this.waiting.push(entry);
    return () => {
      if (state === 'holding') {
        this.used -= bytes;
        this.drain();
      } else if (state === 'waiting') {
        const at = this.waiting.indexOf(entry);
        if (at >= 0) this.waiting.splice(at, 1);
        this.drain();
      }
      state = 'done';
    };
  }

  private fits(bytes: number): boolean {
    return this.used === 0 || this.used + bytes <= this.limit;
  }

  private drain(): void {
    while (this.waiting.length > 0 && this.fits(this.waiting[0]!.bytes)) this.waiting.shift()!.start();
  }
}

/**
 * A grpc-js server interceptor that sends the answers of the methods in `paths` within `budget`,
 * sized by `bytesOf` (the answer's bulk, e.g. its Arrow frames).
 */
export function sendBudgetInterceptor(
  budget: SendBudget,
  paths: ReadonlySet<string>,
  bytesOf: (message: unknown) => number
): ServerInterceptor {
  return (method, call: ServerInterceptingCallInterface) => {
    if (!paths.has(method.path)) return new ServerInterceptingCall(call);
    let release: (() => void) | undefined;
    const done = () => {
      release?.();
      release = () => undefined;
    };
    const responder = new ResponderBuilder()
      .withStart((next) => next(new ServerListenerBuilder().withOnCancel(done).build()))
      .withSendMessage((message: unknown, next) => {
        if (release) return next(message); // the call already ended
        release = budget.reserve(bytesOf(message), () => next(message));
      })
      .withSendStatus((status, next) => {
        done();
        next(status);
      })
      .build();
    return new ServerInterceptingCall(call, responder);
  };
}
