/**
 * The state one run's simulated clients share: the calls, what they measured and what went
 * wrong, which server each client talks to, and when every call is over.
 */
import { countedRequest, type CountedResponse, type StatusCounts } from './http.js';
import { emptySamples, zeroCounts } from './measurements.js';
import type { Options } from './options.js';
import type { SimCall } from './sim-call.js';

export class Sim {
  readonly calls: SimCall[] = [];
  readonly byId = new Map<string, SimCall>();
  /** Consultant events for calls whose POST response has not reached the shopper yet. */
  private readonly early = new Map<string, ((call: SimCall) => void)[]>();
  readonly anomalies: string[] = [];
  readonly statuses: StatusCounts = new Map();
  readonly samples = emptySamples();
  readonly counts = zeroCounts();
  /** Doubled calls as the clients saw them: a second accept answered, or an accept while holding another call. */
  readonly doubled: string[] = [];
  doneCount = 0;
  /** Set once the load is over: streams closed from here on are the bench's doing, not the server's. */
  closing = false;
  private allDone: () => void = () => {};
  readonly finished = new Promise<void>((resolve) => (this.allDone = resolve));

  /** `urls`: the servers behind the imagined load balancer; each client's requests are spread over them. */
  constructor(
    readonly urls: readonly string[],
    readonly o: Options,
    readonly random: () => number,
  ) {}

  /**
   * Shopper n opens and hangs up its call on server n mod k and reads its place in line from
   * server ⌊n/k⌋ mod k, so with two servers every pairing (same server, other server) is a
   * quarter of the shoppers. With one server, both are it.
   */
  shopperServer(n: number): string {
    return this.urls[n % this.urls.length];
  }

  feedServer(n: number): string {
    return this.urls[Math.floor(n / this.urls.length) % this.urls.length];
  }

  anomaly(message: string): void {
    this.anomalies.push(message);
  }

  request(route: string, url: string, init: RequestInit): Promise<CountedResponse> {
    return countedRequest(this.statuses, route, url, init);
  }

  /** Runs `fn` on the call now, or once the shopper has its id (an offer can beat the POST's response). */
  withCall(callId: string, fn: (call: SimCall) => void): void {
    const call = this.byId.get(callId);
    if (call) return fn(call);
    const list = this.early.get(callId) ?? [];
    list.push(fn);
    this.early.set(callId, list);
  }

  register(call: SimCall, callId: string): void {
    this.byId.set(callId, call);
    const pending = this.early.get(callId) ?? [];
    this.early.delete(callId);
    for (const fn of pending) fn(call);
  }

  /** A call is over for the simulation once every client involved has seen its end. */
  checkDone(call: SimCall): void {
    if (call.done) return;
    if (call.postStatus === 201) {
      if (!call.terminalDone) return;
      if (call.feed && !call.feed.closed) return;
      if (call.answeredBy && !call.agentSawEnd) return;
    }
    call.done = true;
    this.doneCount++;
    if (this.doneCount === this.o.shoppers) this.allDone();
  }
}
