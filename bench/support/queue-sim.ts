/**
 * The queue benches' simulation, shared by bench/queue-load.ts (one server on SQLite) and
 * bench/queue-cluster.ts (one and then two servers on PostgreSQL and Redis): simulated shoppers
 * and consultants (plain HTTP clients: no browsers, no media), and the check afterwards that
 * every call ended answered or cancelled and that the store agrees with what the clients saw.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import type { AgentEvent } from '../../server/contract/agent.js';
import type { CreateCallResponse, EndReason } from '../../server/contract/calls.js';
import type { ShopperQueueEvent } from '../../server/contract/queue.js';
import { openPostgresDb } from '../../server/store/engines/postgres-db.js';
import { SHOP_ORIGIN } from '../../test/support/test-server.js';
import { readEventStream } from '../../widget/call-core/event-stream.js';
import { distribution } from '../stats.js';
import { PASSWORD, type ServerProcess, type ServerStats } from './queue-server.js';

// ---------------------------------------------------------------------------------------------
// Options

export interface Options {
  shoppers: number;
  agents: number;
  arriveS: number;
  holdMs: [number, number];
  thinkMs: [number, number];
  decline: number;
  cancel: number;
  patienceMs: [number, number];
  shopperEnds: number;
  feeds: number;
  ringTimeoutS: number;
  drainS: number;
  seed: number;
}

const USAGE = `[options]
  --shoppers N        simulated shoppers (1000)
  --agents N          simulated consultants (100; at most 190: sign-ins are limited to 200 a minute)
  --arrive-s S        shoppers arrive at random (a Poisson process) over S seconds (40)
  --hold-ms A-B       an answered call lasts A..B ms (3000-5000)
  --think-ms A-B      a consultant answers a ring after A..B ms (20-200)
  --decline P         share of rings a consultant declines (0.05)
  --cancel P          share of shoppers who give up if not answered within their patience (0.1)
  --patience-ms A-B   how long those shoppers wait (200-2000)
  --shopper-ends P    share of answered calls the shopper, not the consultant, hangs up (0.1)
  --feeds P           share of shoppers who follow their place in line over SSE (1)
  --ring-timeout-s S  VITRINA_RING_TIMEOUT_S (20)
  --drain-s S         after the last arrival, give up on calls still open after S seconds (60)
  --seed N            random seed (1)`;

/** The options after `--`; `--help` prints them (and `moreUsage`, a bench's own) under `command` and exits. */
export function parseOptions(argv: string[], command: string, moreUsage = ''): Options {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      shoppers: { type: 'string', default: '1000' },
      agents: { type: 'string', default: '100' },
      'arrive-s': { type: 'string', default: '40' },
      'hold-ms': { type: 'string', default: '3000-5000' },
      'think-ms': { type: 'string', default: '20-200' },
      decline: { type: 'string', default: '0.05' },
      cancel: { type: 'string', default: '0.1' },
      'patience-ms': { type: 'string', default: '200-2000' },
      'shopper-ends': { type: 'string', default: '0.1' },
      feeds: { type: 'string', default: '1' },
      'ring-timeout-s': { type: 'string', default: '20' },
      'drain-s': { type: 'string', default: '60' },
      seed: { type: 'string', default: '1' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(`${command} -- ${USAGE}${moreUsage ? `\n${moreUsage}` : ''}`);
    process.exit(0);
  }
  const num = (name: string, raw: string, min: number, max = Infinity): number => {
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be a number from ${min} to ${max}, not "${raw}"`);
    return n;
  };
  const range = (name: string, raw: string): [number, number] => {
    const m = /^(\d+)(?:-(\d+))?$/.exec(raw);
    const lo = Number(m?.[1]);
    const hi = Number(m?.[2] ?? m?.[1]);
    if (!m || hi < lo) throw new Error(`--${name} must be a range of milliseconds such as 100-600, not "${raw}"`);
    return [lo, hi];
  };
  return {
    shoppers: Math.round(num('shoppers', values.shoppers, 1)),
    agents: Math.round(num('agents', values.agents, 1, 190)),
    arriveS: num('arrive-s', values['arrive-s'], 0),
    holdMs: range('hold-ms', values['hold-ms']),
    thinkMs: range('think-ms', values['think-ms']),
    decline: num('decline', values.decline, 0, 0.5),
    cancel: num('cancel', values.cancel, 0, 1),
    patienceMs: range('patience-ms', values['patience-ms']),
    shopperEnds: num('shopper-ends', values['shopper-ends'], 0, 1),
    feeds: num('feeds', values.feeds, 0, 1),
    ringTimeoutS: Math.round(num('ring-timeout-s', values['ring-timeout-s'], 1)),
    drainS: num('drain-s', values['drain-s'], 1),
    seed: Math.round(num('seed', values.seed, 0)),
  };
}

// ---------------------------------------------------------------------------------------------
// The simulation

/** A small seeded generator (mulberry32), so a run's choices can be repeated. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const now = () => performance.now();
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Feed {
  abort: AbortController;
  openedAt: number;
  firstEventAt?: number;
  messages: number;
  maxPosition: number;
  ended: boolean;
  closed: boolean;
}

/** One shopper's call as the simulation sees it. */
interface SimCall {
  n: number;
  arriveAtMs: number;
  holdMs: number;
  cancels: boolean;
  patienceMs: number;
  shopperEnds: boolean;
  withFeed: boolean;
  callId?: string;
  callKey?: string;
  postSentAt: number;
  postStatus?: number;
  /** When the call (last) joined the line: the click, or a decline or a missed ring. */
  waitingSince: number;
  offers: number;
  declines: number;
  timeouts: number;
  /** A consultant whose accept is on its way (its call-ended can overtake the accept's response). */
  accepting?: SimAgent;
  answeredBy?: SimAgent;
  answeredAt?: number;
  /** The shopper gave up and sent the hang-up before the simulation saw an accept succeed. */
  cancelRequested: boolean;
  /** When the shopper's hang-up (a give-up or the end of the call) was sent. */
  hangupSentAt?: number;
  /** Who hangs up the answered call. */
  ender?: 'agent' | 'shopper';
  /** A give-up crossed an accept: the server answered first, so the hang-up ends a live call. */
  raced: boolean;
  agentEndReason?: EndReason;
  agentSawEnd: boolean;
  /** The request that ends the call (consultant's end, shopper's hang-up) came back 204. */
  terminalDone: boolean;
  feed?: Feed;
  done: boolean;
}

class Sim {
  readonly calls: SimCall[] = [];
  readonly byId = new Map<string, SimCall>();
  /** Consultant events for calls whose POST response has not reached the shopper yet. */
  private readonly early = new Map<string, ((call: SimCall) => void)[]>();
  readonly anomalies: string[] = [];
  readonly statuses = new Map<string, number>();
  readonly samples = {
    post: [] as number[],
    assignAll: [] as number[],
    assignToIdle: [] as number[],
    assignFreed: [] as number[],
    clickToRing: [] as number[],
    clickToAnswer: [] as number[],
    accept: [] as number[],
    end: [] as number[],
    hangup: [] as number[],
    feedFirst: [] as number[],
    feedMessages: [] as number[],
  };
  readonly counts = { acceptConflicts: 0, accept503: 0, declineConflicts: 0, declines: 0, timeouts: 0, setAway: 0, doubleOffers: 0, ringsAheadOfEnd: 0, acceptsAheadOfEnd: 0, reRung: 0, crossRings: 0 };
  /** Doubled calls as the clients saw them: a second accept answered, or an accept while holding another call. */
  readonly doubled: string[] = [];
  doneCount = 0;
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

  between([lo, hi]: [number, number]): number {
    return lo + this.random() * (hi - lo);
  }

  anomaly(message: string): void {
    this.anomalies.push(message);
  }

  /** Sends a request, counts its status under a route name, never throws (a network error is status 0). */
  async request(route: string, url: string, init: RequestInit): Promise<{ status: number; body: unknown; ms: number }> {
    const start = now();
    let status = 0;
    let body: unknown;
    try {
      const res = await fetch(url, init);
      status = res.status;
      const text = await res.text();
      body = text ? (JSON.parse(text) as unknown) : undefined;
    } catch (err) {
      body = `${String(err)}${(err as Error).cause ? ` (${String((err as Error).cause)})` : ''}`;
    }
    const key = `${route} → ${status || 'network error'}`;
    this.statuses.set(key, (this.statuses.get(key) ?? 0) + 1);
    return { status, body, ms: now() - start };
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

  // -- shoppers ---------------------------------------------------------------------------------

  async shopper(call: SimCall): Promise<void> {
    call.postSentAt = now();
    call.waitingSince = call.postSentAt;
    const r = await this.request('POST /api/calls', `${this.shopperServer(call.n)}/api/calls`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: SHOP_ORIGIN },
      body: JSON.stringify({ page: { url: `https://shop.test/p/item-${call.n % 50}`, title: `Item ${call.n % 50}` } }),
    });
    call.postStatus = r.status;
    this.samples.post.push(r.ms);
    if (r.status !== 201) {
      this.anomaly(`shopper ${call.n}: POST /api/calls → ${r.status} ${JSON.stringify(r.body)}`);
      this.checkDone(call);
      return;
    }
    const created = r.body as CreateCallResponse;
    call.callId = created.callId;
    call.callKey = created.callKey;
    this.register(call, created.callId);
    if (call.withFeed) void this.follow(call);
    if (call.cancels) {
      setTimeout(() => {
        if (!call.answeredBy && !call.terminalDone && !call.cancelRequested) void this.hangUp(call, 'gives up');
      }, Math.max(0, call.postSentAt + call.patienceMs - now()));
    }
  }

  private shopperHeaders(call: SimCall): Record<string, string> {
    return { Authorization: `Bearer ${call.callKey}`, Origin: SHOP_ORIGIN };
  }

  async hangUp(call: SimCall, why: 'gives up' | 'ends the call'): Promise<void> {
    if (why === 'gives up') call.cancelRequested = true;
    call.hangupSentAt = now();
    const r = await this.request('POST /api/calls/:id/hangup', `${this.shopperServer(call.n)}/api/calls/${call.callId}/hangup`, {
      method: 'POST',
      headers: this.shopperHeaders(call),
    });
    this.samples.hangup.push(r.ms);
    if (r.status === 204) call.terminalDone = true;
    else this.anomaly(`shopper ${call.n} (${why}): hangup ${call.callId} → ${r.status} ${JSON.stringify(r.body)}`);
    this.checkDone(call);
  }

  /** The place-in-line stream, read as the widget reads it, until the server says the call ended. */
  async follow(call: SimCall): Promise<void> {
    const feed: Feed = { abort: new AbortController(), openedAt: now(), messages: 0, maxPosition: 0, ended: false, closed: false };
    call.feed = feed;
    try {
      const res = await fetch(`${this.feedServer(call.n)}/api/calls/${call.callId}/events`, { headers: this.shopperHeaders(call), signal: feed.abort.signal });
      const key = `GET /api/calls/:id/events → ${res.status}`;
      this.statuses.set(key, (this.statuses.get(key) ?? 0) + 1);
      if (!res.ok || !res.body) {
        this.anomaly(`shopper ${call.n}: events ${call.callId} → ${res.status}`);
        return;
      }
      await readEventStream(res.body, (data) => {
        const at = now();
        const e = data as ShopperQueueEvent;
        if (e.type === 'queue') {
          // A call answered before its feed connected hears only "ended": that is no place in line.
          if (feed.firstEventAt === undefined) {
            feed.firstEventAt = at;
            this.samples.feedFirst.push(at - feed.openedAt);
          }
          feed.messages++;
          feed.maxPosition = Math.max(feed.maxPosition, e.position);
        } else if (e.type === 'ended') {
          feed.ended = true;
        } else {
          this.anomaly(`shopper ${call.n}: unexpected feed event ${JSON.stringify(e)}`);
        }
      });
      if (!feed.ended && !this.closing) this.anomaly(`shopper ${call.n}: the feed of ${call.callId} closed without "ended"`);
    } catch (err) {
      if (!this.closing) this.anomaly(`shopper ${call.n}: feed ${call.callId} failed: ${String(err)} (${String((err as Error).cause)})`);
    } finally {
      feed.closed = true;
      this.samples.feedMessages.push(feed.messages);
      this.checkDone(call);
    }
  }
}

/** A consultant's console reduced to its protocol: the event stream and the buttons. */
class SimAgent {
  current: SimCall | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** When this consultant last became free to take a call. */
  freeSince = 0;
  cookie = '';
  /** Calls this consultant declined or let ring out, and when: the server must not ring it for them again within the ring timeout. */
  private readonly turnedDown = new Map<SimCall, number>();
  /** The answered call this consultant is in, by its own account: from its accept's 200 to its end click or the call-ended event. */
  private inCall: SimCall | undefined;
  private readonly abort = new AbortController();
  streamEnded = false;
  /** Where the console's event stream is open, and where its buttons' requests go. */
  readonly streamServer: string;
  private readonly buttonServer: string;

  /** Consultant n's stream is on server n mod k and its buttons on ⌊n/k⌋ mod k (see Sim.shopperServer). */
  constructor(
    private readonly sim: Sim,
    readonly id: string,
    readonly email: string,
    n: number,
  ) {
    const k = sim.urls.length;
    this.streamServer = sim.urls[n % k];
    this.buttonServer = sim.urls[Math.floor(n / k) % k];
  }

  async signIn(): Promise<void> {
    const res = await fetch(`${this.buttonServer}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: this.email, password: PASSWORD }),
    });
    if (res.status !== 200) throw new Error(`sign-in of ${this.email} → ${res.status} ${await res.text()}`);
    this.cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  }

  /** Opens the event stream and waits for its hello. */
  async connect(): Promise<void> {
    const res = await fetch(`${this.streamServer}/api/agent/events`, { headers: { Cookie: this.cookie }, signal: this.abort.signal });
    if (!res.ok || !res.body) throw new Error(`events of ${this.email} → ${res.status}`);
    let hello: () => void = () => {};
    const greeted = new Promise<void>((resolve) => (hello = resolve));
    void readEventStream(res.body, (data) => {
      const e = data as AgentEvent;
      if (e.type === 'hello') hello();
      else this.onEvent(e, now());
    })
      .catch(() => undefined)
      .then(() => {
        this.streamEnded = true;
        hello();
        if (!this.sim.closing) this.sim.anomaly(`${this.email}: the console's event stream closed`);
      });
    await greeted;
    if (this.streamEnded) throw new Error(`the event stream of ${this.email} closed before its hello`);
  }

  disconnect(): void {
    this.abort.abort();
  }

  private post(route: string, what: string, body?: unknown) {
    return this.sim.request(route, `${this.buttonServer}${what}`, {
      method: 'POST',
      headers: { Cookie: this.cookie, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? null : JSON.stringify(body),
    });
  }

  async available(): Promise<void> {
    const r = await this.post('POST /api/agent/status', '/api/agent/status', { status: 'available' });
    if (r.status !== 200) throw new Error(`status of ${this.email} → ${r.status}`);
    this.freeSince = now();
  }

  private onEvent(e: AgentEvent, at: number): void {
    switch (e.type) {
      case 'assignment':
        this.sim.withCall(e.assignment.callId, (call) => this.ring(call, e.assignment.state, at));
        break;
      case 'offer-withdrawn':
        this.sim.withCall(e.callId, (call) => this.withdrawn(call, e.reason, at));
        break;
      case 'call-ended':
        this.sim.withCall(e.callId, (call) => this.ended(call, e.reason, at));
        break;
      case 'status':
        if (e.status === 'away') {
          this.sim.counts.setAway++;
          this.sim.anomaly(`${this.email} was set away (${e.reason ?? 'no reason'})`);
          if (!this.sim.closing) void this.available().catch((err: unknown) => this.sim.anomaly(String(err)));
        }
        break;
      case 'call-left':
        this.sim.anomaly(`${this.email}: unexpected ${JSON.stringify(e)}`);
        break;
      default:
        break; // call-back requests concern nobody here
    }
  }

  private ring(call: SimCall, state: 'ringing' | 'in-call', at: number): void {
    const { sim } = this;
    if (state !== 'ringing') return sim.anomaly(`${this.email}: unexpected in-call assignment of ${call.callId}`);
    const held = this.current;
    if (held) {
      sim.counts.doubleOffers++;
      if (held.hangupSentAt !== undefined) {
        // The shopper had hung up the held call, and the next ring overtook the news of its end
        // (with several servers they travel separately). Whether the store ended it before the
        // offer is the store history's check; here this consultant counts as free since the hang-up.
        sim.counts.ringsAheadOfEnd++;
        this.freeSince = Math.max(this.freeSince, held.hangupSentAt);
      } else {
        sim.anomaly(`${this.email}: offered ${call.callId} while still holding ${held.callId}`);
      }
    }
    const turnedDownAt = this.turnedDown.get(call);
    if (turnedDownAt !== undefined && at - turnedDownAt < sim.o.ringTimeoutS * 1000) {
      sim.counts.reRung++;
      sim.anomaly(`${this.email}: rung for ${call.callId} ${Math.round(at - turnedDownAt)} ms after turning it down (the cool-down is the ring timeout, ${sim.o.ringTimeoutS} s)`);
    }
    call.offers++;
    if (sim.shopperServer(call.n) !== this.streamServer) sim.counts.crossRings++;
    if (call.offers === 1) sim.samples.clickToRing.push(at - call.postSentAt);
    // Assignment latency: from when this call and this consultant were both free to meet.
    const since = Math.max(call.waitingSince, this.freeSince);
    sim.samples.assignAll.push(at - since);
    (call.waitingSince >= this.freeSince ? sim.samples.assignToIdle : sim.samples.assignFreed).push(at - since);
    this.current = call;
    const declines = sim.random() < sim.o.decline;
    const think = sim.between(sim.o.thinkMs);
    this.timer = setTimeout(() => void (declines ? this.decline(call) : this.accept(call)), Math.max(0, at + think - now()));
  }

  private async accept(call: SimCall): Promise<void> {
    const { sim } = this;
    this.timer = undefined;
    call.accepting = this;
    const r = await this.post('POST /api/agent/calls/:id/accept', `/api/agent/calls/${call.callId}/accept`);
    call.accepting = undefined;
    sim.samples.accept.push(r.ms);
    if (r.status === 200) {
      this.answered(call, true);
      call.answeredAt = now();
      sim.samples.clickToAnswer.push(call.answeredAt - call.postSentAt);
      if (call.cancelRequested) {
        // The shopper's give-up is on its way and will end a live call: nothing to do but wait.
        call.ender = 'shopper';
        call.raced = true;
        sim.checkDone(call);
        return;
      }
      call.ender = call.shopperEnds ? 'shopper' : 'agent';
      setTimeout(() => void (call.ender === 'agent' ? this.end(call) : sim.hangUp(call, 'ends the call')), call.holdMs);
    } else if (r.status === 409) {
      // The shopper gave up first (or the ring ran out); the withdrawal event frees this console.
      sim.counts.acceptConflicts++;
    } else if (r.status === 503 && (r.body as { error?: { code?: string } } | undefined)?.error?.code === 'media-unavailable') {
      // The server answers only after the store has the call in-call, so a 503 means it was
      // answered, and then ended: by the shopper's give-up if one was on its way, else as a media error.
      this.answered(call, false);
      call.answeredAt = now();
      call.ender = call.cancelRequested ? 'shopper' : undefined;
      call.raced = call.cancelRequested;
      sim.counts.accept503++;
      sim.anomaly(
        `${this.email}: accept ${call.callId} → 503 media-unavailable` +
          (call.cancelRequested ? ' although LiveKit is up: the shopper hung up while the server was telling LiveKit the call was answered' : ''),
      );
      sim.checkDone(call);
    } else {
      sim.anomaly(`${this.email}: accept ${call.callId} → ${r.status} ${JSON.stringify(r.body)}`);
    }
  }

  /** The server said this consultant answered: a second answer to one call, or an answer while in another call, is a doubled call. */
  private answered(call: SimCall, holds: boolean): void {
    const { sim } = this;
    if (call.answeredBy) sim.doubled.push(`${call.callId} answered by ${call.answeredBy.email}, then again by ${this.email}`);
    if (this.inCall && this.inCall !== call) {
      // As with a ring (see ring()): a call the shopper has hung up is over, whether or not its end has reached this console.
      if (this.inCall.hangupSentAt !== undefined) sim.counts.acceptsAheadOfEnd++;
      else sim.doubled.push(`${this.email} answered ${call.callId} while still in ${this.inCall.callId}`);
    }
    call.answeredBy = this;
    // The call-ended event can overtake the accept's response (the shopper hung up meanwhile).
    if (holds && !call.agentSawEnd) this.inCall = call;
  }

  private async decline(call: SimCall): Promise<void> {
    const { sim } = this;
    this.timer = undefined;
    const at = now();
    this.current = undefined;
    this.freeSince = at;
    call.waitingSince = at;
    this.turnedDown.set(call, at);
    const r = await this.post('POST /api/agent/calls/:id/decline', `/api/agent/calls/${call.callId}/decline`);
    if (r.status !== 204) this.turnedDown.delete(call);
    if (r.status === 204) {
      call.declines++;
      sim.counts.declines++;
    } else if (r.status === 409) {
      sim.counts.declineConflicts++;
    } else {
      sim.anomaly(`${this.email}: decline ${call.callId} → ${r.status} ${JSON.stringify(r.body)}`);
    }
  }

  private async end(call: SimCall): Promise<void> {
    const { sim } = this;
    // Free from the click on: the next ring may arrive before this request's response.
    if (this.current === call) this.current = undefined;
    if (this.inCall === call) this.inCall = undefined;
    this.freeSince = now();
    const r = await this.post('POST /api/agent/calls/:id/end', `/api/agent/calls/${call.callId}/end`);
    sim.samples.end.push(r.ms);
    if (r.status === 204) call.terminalDone = true;
    else sim.anomaly(`${this.email}: end ${call.callId} → ${r.status} ${JSON.stringify(r.body)}`);
    sim.checkDone(call);
  }

  private withdrawn(call: SimCall, reason: string, at: number): void {
    const { sim } = this;
    if (this.current === call) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.current = undefined;
      this.freeSince = at;
    }
    switch (reason) {
      case 'declined':
        break; // our own decline
      case 'cancelled':
        if (!call.cancelRequested) sim.anomaly(`${call.callId}: offer withdrawn as cancelled, but the shopper did not give up`);
        break;
      case 'timeout':
        this.turnedDown.set(call, at);
        call.timeouts++;
        sim.counts.timeouts++;
        call.waitingSince = at;
        sim.anomaly(`${this.email}: the ring of ${call.callId} timed out`);
        break;
      default:
        call.waitingSince = at;
        sim.anomaly(`${this.email}: offer of ${call.callId} withdrawn (${reason})`);
    }
  }

  private ended(call: SimCall, reason: EndReason, at: number): void {
    call.agentEndReason = reason;
    call.agentSawEnd = true;
    // The server answers, then tells LiveKit before it responds; a hang-up in between ends the call first.
    if (call.answeredBy !== this && call.accepting !== this) this.sim.anomaly(`${this.email}: call-ended for ${call.callId}, which it did not answer`);
    if (this.current === call) {
      this.current = undefined;
      this.freeSince = at;
    }
    if (this.inCall === call) this.inCall = undefined;
    this.sim.checkDone(call);
  }
}

/** Runs `fn` over the items, at most `limit` at a time. */
async function pool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

const fmt = (v: number) => (Number.isFinite(v) ? (v >= 100 ? Math.round(v).toString() : v.toFixed(1)) : '–');

function distributionRow(label: string, values: readonly number[]): string {
  const d = distribution(values);
  return `  ${label.padEnd(60)}${String(d.n).padStart(6)}${[d.p50, d.p90, d.p99, d.max].map((v) => fmt(v).padStart(8)).join('')}`;
}

interface CallRow {
  id: string;
  state: string;
  end_reason: string | null;
  agent_id: string | null;
  created_at: number;
  offered_at: number | null;
  answered_at: number | null;
  ended_at: number | null;
}

interface EventRow {
  id: number;
  call_id: string;
  at: number;
  kind: string;
  agent_id: string | null;
  detail: string | null;
}

/** What the store's history shows doubled: a call answered twice, or a consultant holding two calls at once. */
export function storeDoubles(events: readonly EventRow[]): { doubled: string[]; odd: string[] } {
  const doubled: string[] = [];
  const odd: string[] = [];
  const answers = new Map<string, number>();
  /** The call ringing for or answered by each consultant, replayed from the events. */
  const holding = new Map<string, { callId: string; since: number }>();
  const take = (agentId: string, e: EventRow) => {
    const held = holding.get(agentId);
    if (held && held.callId !== e.call_id) doubled.push(`${agentId} was given ${e.call_id} (event ${e.id}, "${e.kind}") while holding ${held.callId} since event ${held.since}`);
    holding.set(agentId, { callId: e.call_id, since: e.id });
  };
  const release = (agentId: string, e: EventRow) => {
    if (holding.get(agentId)?.callId === e.call_id) holding.delete(agentId);
    else odd.push(`${e.call_id}: "${e.kind}" (event ${e.id}) releases ${agentId}, who did not hold it`);
  };
  // Event ids follow causality even across servers: a release is inserted before its
  // transaction commits, and the next offer to that consultant is inserted only after it has
  // read that commit (the consultant's row lock, then a fresh statement snapshot).
  for (const e of events) {
    switch (e.kind) {
      case 'offered':
        if (e.agent_id) take(e.agent_id, e);
        break;
      case 'transferred':
        if (e.detail) release(e.detail, e);
        if (e.agent_id) take(e.agent_id, e);
        break;
      case 'answered': {
        const n = (answers.get(e.call_id) ?? 0) + 1;
        answers.set(e.call_id, n);
        if (n > 1) doubled.push(`${e.call_id} answered ${n} times (event ${e.id}, by ${e.agent_id})`);
        if (e.agent_id && holding.get(e.agent_id)?.callId !== e.call_id) odd.push(`${e.call_id}: answered by ${e.agent_id} (event ${e.id}), for whom it was not ringing`);
        break;
      }
      case 'missed':
      case 'declined':
      case 'requeued':
      case 'ended':
      case 'cancelled':
        if (e.agent_id) release(e.agent_id, e);
        break;
      default:
        break;
    }
  }
  return { doubled, odd };
}

/** Reads the store the servers share, for the checks after the load. */
export interface StoreReader {
  /** For the report: "SQLite", "PostgreSQL". */
  readonly name: string;
  all<T>(sql: string): Promise<T[]>;
  close(): Promise<void>;
}

export interface LoadServer {
  process: ServerProcess;
  url: string;
  /** How the report names it, e.g. "server process (app + SQLite)". */
  label: string;
}

export interface LoadSetup {
  /** The first one started livekit-server, and reports its CPU and the rooms left. */
  servers: LoadServer[];
  agents: readonly { id: string; email: string }[];
  store: StoreReader;
  /** When the run started, and how long the servers took to come up (for the report). */
  t0: number;
  serverUpS: number;
}

export type Samples = Sim['samples'];

export interface LoadResult {
  ok: boolean;
  loadS: number;
  samples: Samples;
  /** Each entry one doubled call, described. */
  doubled: { store: string[]; clients: string[] };
  /** Each entry one call neither answered nor cancelled or ended. */
  lost: { store: string[]; clients: string[] };
  /** Shoppers whose click opened no call (an error they saw, e.g. a connection refused under overload). */
  refused: string[];
  /** Rings that reached a console while it still held another call, as the console saw it. */
  ringsWhileBusy: number;
  /** Of those, rings that overtook the news that the shopper had ended the held call. */
  ringsAheadOfEnd: number;
  /** Rings for a call the consultant had declined or let ring out less than a ring timeout before. */
  reRung: number;
  serverStats: ServerStats[];
  opened: number;
  answered: number;
  cancelled: number;
}

/**
 * Signs the consultants in, lets the shoppers arrive, waits until every call is over (or the
 * deadline), then checks the store against the simulation and prints the report.
 */
export async function runLoad(o: Options, setup: LoadSetup): Promise<LoadResult> {
  const { servers, store, t0, serverUpS } = setup;
  const random = rng(o.seed);
  const sim = new Sim(servers.map((s) => s.url), o, random);

  console.log(
    `Queue under load: ${o.shoppers} shoppers arriving at random over ${o.arriveS} s, ${o.agents} consultants; ` +
      `ring answered after ${o.thinkMs.join('–')} ms (${o.decline * 100} % declined), calls held ${o.holdMs.join('–')} ms; ` +
      `${o.cancel * 100} % of shoppers give up after ${o.patienceMs.join('–')} ms unanswered; ` +
      `shopper hangs up ${o.shopperEnds * 100} % of answered calls; ${o.feeds * 100} % follow their place in line; ` +
      `ring timeout ${o.ringTimeoutS} s; seed ${o.seed}`,
  );

  const agents = setup.agents.map((a, n) => new SimAgent(sim, a.id, a.email, n));
  const t1 = now();
  await pool(agents, 8, async (a) => {
    await a.signIn();
    await a.connect();
    await a.available();
  });
  console.log(
    `setup: ${servers.length === 1 ? 'server' : `${servers.length} servers`}, livekit-server and ${o.agents} accounts in ${serverUpS.toFixed(1)} s; ` +
      `consultants signed in, connected and available in ${((now() - t1) / 1000).toFixed(1)} s`,
  );

  // Arrival times of a Poisson process with exactly `shoppers` arrivals: sorted uniform draws.
  const arrivals = Array.from({ length: o.shoppers }, () => random() * o.arriveS * 1000).sort((a, b) => a - b);
  for (const [n, arriveAtMs] of arrivals.entries()) {
    sim.calls.push({
      n,
      arriveAtMs,
      holdMs: sim.between(o.holdMs),
      cancels: random() < o.cancel,
      patienceMs: sim.between(o.patienceMs),
      shopperEnds: random() < o.shopperEnds,
      withFeed: random() < o.feeds,
      postSentAt: 0,
      waitingSince: 0,
      offers: 0,
      declines: 0,
      timeouts: 0,
      cancelRequested: false,
      raced: false,
      agentSawEnd: false,
      terminalDone: false,
      done: false,
    });
  }

  const clientLoop = monitorEventLoopDelay({ resolution: 5 });
  clientLoop.enable();
  const clientCpu = process.cpuUsage();
  for (const s of servers) s.process.send({ type: 'mark' });
  const start = now();
  const elapsedS = () => (now() - start) / 1000;
  for (const call of sim.calls) setTimeout(() => void sim.shopper(call), call.arriveAtMs);

  // The line as the store has it, sampled while the load runs.
  const peak = { queued: 0, ringing: 0, 'in-call': 0 };
  let lastPrint = -Infinity;
  let sampling: Promise<void> | undefined;
  const sample = async () => {
    const counts: Record<string, number> = { queued: 0, ringing: 0, 'in-call': 0, ended: 0 };
    for (const r of await store.all<{ state: string; n: number }>('SELECT state, count(*) AS n FROM calls GROUP BY state')) counts[r.state] = r.n;
    peak.queued = Math.max(peak.queued, counts.queued ?? 0);
    peak.ringing = Math.max(peak.ringing, counts.ringing ?? 0);
    peak['in-call'] = Math.max(peak['in-call'], counts['in-call'] ?? 0);
    if (now() - lastPrint >= 2000) {
      lastPrint = now();
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      const busy = servers.map((s) => s.process.lastElu).filter((elu): elu is number => elu !== undefined);
      console.log(
        `  t=${elapsedS().toFixed(0).padStart(3)} s  calls ${String(total).padStart(5)}  queued ${String(counts.queued).padStart(4)}  ` +
          `ringing ${String(counts.ringing).padStart(4)}  in call ${String(counts['in-call']).padStart(4)}  ended ${String(counts.ended).padStart(5)}` +
          (busy.length === 0 ? '' : `  server${busy.length > 1 ? 's' : ''} busy ${busy.map((elu) => `${String(Math.round(elu * 100)).padStart(3)} %`).join(' ')}`),
      );
    }
  };
  // A read still running when the next is due is not doubled up (PostgreSQL answers over the network).
  const sampler = setInterval(() => {
    sampling ??= sample()
      .catch((err: unknown) => sim.anomaly(`reading the store while the load ran failed: ${String(err)}`))
      .finally(() => (sampling = undefined));
  }, 100);

  const deadline = o.arriveS + o.drainS;
  const finishedInTime = await Promise.race([sim.finished.then(() => true), sleep(deadline * 1000).then(() => false)]);
  const loadS = elapsedS();
  clearInterval(sampler);
  await sampling;
  const clientCpuUsed = process.cpuUsage(clientCpu);
  clientLoop.disable();
  for (const s of servers) s.process.send({ type: 'stats' });
  const serverStats = await Promise.all(servers.map(async (s) => (await s.process.next('stats', 10_000)).stats));
  // Let LiveKit's room_finished webhooks for the last rooms arrive; they must change nothing.
  await sleep(1000);

  // ------------------------------------------------------------------ what the store says
  const rows = await store.all<CallRow>('SELECT id, state, end_reason, agent_id, created_at, offered_at, answered_at, ended_at FROM calls');
  const events = await store.all<EventRow>('SELECT id, call_id, at, kind, agent_id, detail FROM call_events ORDER BY id');
  const agentStatus = await store.all<{ status: string; n: number }>('SELECT status, count(*) AS n FROM agents GROUP BY status');
  await store.close();
  sim.closing = true;
  for (const a of agents) a.disconnect();
  for (const call of sim.calls) call.feed?.abort.abort();

  const eventsOf = new Map<string, EventRow[]>();
  for (const e of events) {
    const list = eventsOf.get(e.call_id) ?? [];
    list.push(e);
    eventsOf.set(e.call_id, list);
  }
  const storeProblems: string[] = [];
  const agentName = new Map(setup.agents.map((a) => [a.id, a.email.replace(/@.*/, '')]));
  const count = (kind: string) => events.filter((e) => e.kind === kind).length;
  const opened = sim.calls.filter((c) => c.postStatus === 201);
  const expectedReason = (c: SimCall): string =>
    c.answeredBy
      ? { agent: 'agent-hung-up', shopper: 'shopper-hung-up', none: 'media-error' }[c.ender ?? 'none']
      : c.cancelRequested
        ? 'cancelled'
        : '(still open)';
  let cancelledQueued = 0;
  let cancelledRinging = 0;
  for (const row of rows) {
    const call = sim.byId.get(row.id);
    const evs = eventsOf.get(row.id) ?? [];
    const kinds = evs.map((e) => e.kind);
    const problem = (what: string) => storeProblems.push(`${row.id}: ${what} (events: ${kinds.join(', ')})`);
    if (!call) {
      problem('a call the simulation did not open');
      continue;
    }
    if (row.state !== 'ended') problem(`state ${row.state}, not ended`);
    if (row.end_reason !== expectedReason(call)) problem(`ended ${row.end_reason ?? 'not'}; the simulation expected ${expectedReason(call)}`);
    if (call.answeredBy && call.agentEndReason !== row.end_reason) problem(`the consultant was told ${call.agentEndReason ?? 'nothing'}, the store says ${row.end_reason}`);
    if ((row.answered_at !== null) !== Boolean(call.answeredBy)) problem(`answered_at ${row.answered_at}, but the simulation's accept ${call.answeredBy ? 'succeeded' : 'never succeeded'}`);
    if (call.answeredBy && row.agent_id !== call.answeredBy.id) problem(`answered by ${row.agent_id}, not ${call.answeredBy.id}`);
    const terminal = evs.filter((e) => e.kind === 'ended' || e.kind === 'cancelled');
    const n = (kind: string) => kinds.filter((k) => k === kind).length;
    if (kinds[0] !== 'created' || n('created') !== 1) problem('not exactly one "created" event first');
    if (terminal.length !== 1 || evs.at(-1) !== terminal[0]) problem('not exactly one terminal event, last');
    else if ((terminal[0]?.kind === 'cancelled') !== (row.end_reason === 'cancelled')) problem(`terminal event ${terminal[0]?.kind} for reason ${row.end_reason}`);
    if (n('answered') !== (row.answered_at === null ? 0 : 1)) problem(`${n('answered')} "answered" events`);
    if (n('offered') !== call.offers) problem(`${n('offered')} "offered" events; consultants saw ${call.offers} rings`);
    if (n('declined') !== call.declines) problem(`${n('declined')} "declined" events; the simulation declined ${call.declines}`);
    if (n('missed') !== call.timeouts) problem(`${n('missed')} "missed" events; consultants saw ${call.timeouts} ring timeouts`);
    for (const kind of ['requeued', 'transferred', 'switched']) if (n(kind) > 0) problem(`unexpected "${kind}" events`);
    // Every offer resolves exactly once: answered, missed, declined, requeued, or the call ended while it rang.
    const endedRinging = row.answered_at === null && terminal[0]?.agent_id != null ? 1 : 0;
    if (n('offered') !== n('answered') + n('missed') + n('declined') + n('requeued') + endedRinging) problem('offers and their outcomes do not add up');
    if (evs.some((e, i) => i > 0 && e.at < (evs[i - 1]?.at ?? 0))) {
      const first = evs[0]?.at ?? 0;
      const who = (e: EventRow) => (e.agent_id ? ` ${agentName.get(e.agent_id) ?? e.agent_id}` : '');
      storeProblems.push(`${row.id}: event times go backwards (ms after "created": ${evs.map((e) => `${e.kind}${who(e)} ${e.at - first}`).join(', ')})`);
    }
    if (row.end_reason === 'cancelled') {
      if (endedRinging) cancelledRinging++;
      else cancelledQueued++;
    }
  }

  const reasons = new Map<string, number>();
  for (const r of rows) reasons.set(r.end_reason ?? '(open)', (reasons.get(r.end_reason ?? '(open)') ?? 0) + 1);
  const simReasons = new Map<string, number>();
  for (const c of opened) simReasons.set(expectedReason(c), (simReasons.get(expectedReason(c)) ?? 0) + 1);
  const available = agentStatus.find((s) => s.status === 'available')?.n ?? 0;
  const otherReasons = rows.filter((r) => !['agent-hung-up', 'shopper-hung-up', 'cancelled'].includes(r.end_reason ?? '')).length;
  const answered = opened.filter((c) => c.answeredBy);

  const table: [string, number, number][] = [
    ['calls opened (POST 201) / rows in calls', opened.length, rows.length],
    ['calls the simulation saw end / state ended', sim.doneCount - (o.shoppers - opened.length), rows.filter((r) => r.state === 'ended').length],
    ['answered (accept 200 or 503) / answered_at set', answered.length, rows.filter((r) => r.answered_at !== null).length],
    ['  ended by the consultant / agent-hung-up', simReasons.get('agent-hung-up') ?? 0, reasons.get('agent-hung-up') ?? 0],
    ['  ended by the shopper / shopper-hung-up', simReasons.get('shopper-hung-up') ?? 0, reasons.get('shopper-hung-up') ?? 0],
    ['given up before an answer / cancelled', simReasons.get('cancelled') ?? 0, reasons.get('cancelled') ?? 0],
    ['other end reasons, or still open', (simReasons.get('(still open)') ?? 0) + (simReasons.get('media-error') ?? 0), otherReasons],
    ['rings consultants saw / "offered" events', sim.calls.reduce((s, c) => s + c.offers, 0), count('offered')],
    ['declines (204) / "declined" events', sim.counts.declines, count('declined')],
    ['ring timeouts seen / "missed" events', sim.counts.timeouts, count('missed')],
    ['consultants / still available at the end', o.agents, available],
    ['LiveKit rooms: expected / still open', 0, serverStats[0]?.roomsLeft ?? -1],
  ];
  if (o.feeds > 0) {
    const feeds = opened.filter((c) => c.feed);
    table.push(['place-in-line feeds opened / told "ended"', feeds.length, feeds.filter((c) => c.feed?.ended).length]);
  }
  const mismatches = table.filter(([, a, b]) => a !== b);

  // ------------------------------------------------------------------ report
  const lastArrivalS = (arrivals.at(-1) ?? 0) / 1000;
  console.log(
    `\n${opened.length} calls: ${answered.length} answered, ${reasons.get('cancelled') ?? 0} cancelled ` +
      `(${cancelledQueued} while queued, ${cancelledRinging} while ringing; ${opened.filter((c) => c.raced).length} crossed an accept: a give-up that ended a live call); ` +
      (finishedInTime ? `all over ${loadS.toFixed(1)} s after the first arrival (last arrival at ${lastArrivalS.toFixed(1)} s)` : `NOT all over after ${loadS.toFixed(1)} s`),
  );
  const firstAnswer = Math.min(...answered.map((c) => c.answeredAt ?? Infinity));
  const lastAnswer = Math.max(...answered.map((c) => c.answeredAt ?? -Infinity));
  console.log(
    `peak line (sampled from the store every 100 ms): ${peak.queued} queued, ${peak.ringing} ringing, ${peak['in-call']} in a call; ` +
      `answered ${(answered.length / ((lastAnswer - firstAnswer) / 1000)).toFixed(1)} calls/s between the first and the last answer`,
  );
  console.log(`\nlatency, ms${' '.repeat(51)}n     p50     p90     p99     max`);
  console.log(distributionRow('assignment: call and consultant both free → ring arrives', sim.samples.assignAll));
  console.log(distributionRow('  a consultant was free: call joins the line → ring arrives', sim.samples.assignToIdle));
  console.log(distributionRow('  the call waited: consultant frees up → next ring arrives', sim.samples.assignFreed));
  console.log(distributionRow('shopper clicks → first ring (queue wait)', sim.samples.clickToRing));
  console.log(distributionRow(`shopper clicks → answered (incl. ${o.thinkMs.join('–')} ms to accept)`, sim.samples.clickToAnswer));
  console.log(distributionRow('POST /api/calls (creates the LiveKit room)', sim.samples.post));
  console.log(distributionRow('POST accept', sim.samples.accept));
  console.log(distributionRow('POST end (consultant)', sim.samples.end));
  console.log(distributionRow('POST hangup (shopper)', sim.samples.hangup));
  console.log(distributionRow('place-in-line feed: request → first place', sim.samples.feedFirst));
  console.log(distributionRow('place-in-line messages per shopper (count)', sim.samples.feedMessages));
  const maxPositions = opened.flatMap((c) => (c.feed ? [c.feed.maxPosition] : []));
  console.log(distributionRow('highest place in line a shopper was told (position)', maxPositions));
  console.log('');
  for (const [i, stats] of serverStats.entries()) {
    console.log(
      `${servers[i]?.label}: event loop busy ${Math.round(stats.elu * 100)} % of ${loadS.toFixed(1)} s, ${stats.cpuS.toFixed(1)} s CPU (${(stats.cpuS / loadS).toFixed(2)} cores), ` +
        `event-loop delay p50 ${fmt(stats.loopP50Ms)} / p99 ${fmt(stats.loopP99Ms)} / max ${fmt(stats.loopMaxMs)} ms, RSS max ${stats.rssMaxMb.toFixed(0)} MB`,
    );
  }
  for (const stats of serverStats) {
    if (stats.livekitCpuS !== undefined) console.log(`livekit-server: ${stats.livekitCpuS.toFixed(1)} s CPU (${(stats.livekitCpuS / loadS).toFixed(2)} cores)`);
  }
  console.log(
    `simulated clients (this process): ${((clientCpuUsed.user + clientCpuUsed.system) / 1e6).toFixed(1)} s CPU, ` +
      `event-loop delay p99 ${fmt(clientLoop.percentile(99) / 1e6)} / max ${fmt(clientLoop.max / 1e6)} ms (latencies above include it)`,
  );
  console.log('\nHTTP responses');
  for (const [key, n] of [...sim.statuses].sort()) console.log(`  ${key.padEnd(48)}${String(n).padStart(6)}`);
  console.log(
    `  409 on accept: ${sim.counts.acceptConflicts} (the shopper had given up), 503 on accept: ${sim.counts.accept503}, 409 on decline: ${sim.counts.declineConflicts}; ` +
      `consultants set away: ${sim.counts.setAway}; rings while busy: ${sim.counts.doubleOffers}` +
      (sim.counts.ringsAheadOfEnd > 0
        ? ` (${sim.counts.ringsAheadOfEnd} of them ahead of the end of a call the shopper had hung up; ${sim.counts.acceptsAheadOfEnd} answered before that end arrived)`
        : '') +
      (sim.counts.reRung > 0 ? `; rings within the cool-down after turning the call down: ${sim.counts.reRung}` : ''),
  );
  if (servers.length > 1) {
    const streams = servers.map((s) => agents.filter((a) => a.streamServer === s.url).length);
    const openedOn = servers.map((s) => opened.filter((c) => sim.shopperServer(c.n) === s.url).length);
    console.log(
      `  spread: consoles' streams ${streams.join(' / ')}, calls opened ${openedOn.join(' / ')} on ${servers.map((_, i) => `server ${i + 1}`).join(' / ')}; ` +
        `${sim.counts.crossRings} of ${sim.calls.reduce((s, c) => s + c.offers, 0)} rings reached a console on another server than the call was opened on`,
    );
  }

  console.log(`\n${`reconciliation: simulation / ${store.name} store`.padEnd(51)}sim   store`);
  for (const [label, a, b] of table) console.log(`  ${label.padEnd(50)}${String(a).padStart(6)}${String(b).padStart(8)}${a === b ? '' : '   MISMATCH'}`);
  const stuck = sim.calls.filter((c) => !c.done);
  for (const c of stuck.slice(0, 10)) {
    console.log(`  not over: shopper ${c.n} ${c.callId ?? ''} offers ${c.offers} answered ${Boolean(c.answeredBy)} ender ${c.ender ?? '-'} ` +
      `cancel ${c.cancelRequested} terminal ${c.terminalDone} feed ${c.feed ? `${c.feed.ended}/${c.feed.closed}` : '-'} agentSawEnd ${c.agentSawEnd}`);
  }

  // Doubled and lost, each seen two ways: the store's own history, and what the clients were told.
  const history = storeDoubles(events);
  storeProblems.push(...history.odd);
  const rowIds = new Set(rows.map((r) => r.id));
  const doubled = { store: history.doubled, clients: sim.doubled };
  const lost = {
    store: [
      ...rows.filter((r) => r.state !== 'ended').map((r) => `${r.id}: still ${r.state} in the store`),
      ...opened.filter((c) => !rowIds.has(c.callId ?? '')).map((c) => `${c.callId}: opened (POST 201) but not in the store`),
    ],
    clients: opened
      .filter((c) => !c.answeredBy && !c.terminalDone && !c.feed?.ended && !c.agentSawEnd)
      .map((c) => `${c.callId} (shopper ${c.n}): never answered, and no client heard it end`),
  };
  const refused = sim.calls.filter((c) => c.postStatus !== 201).map((c) => `shopper ${c.n}: no call (POST /api/calls → ${c.postStatus ?? 'not sent'})`);
  const doubledN = doubled.store.length + doubled.clients.length;
  const lostN = lost.store.length + lost.clients.length;
  console.log(
    `\ndoubled: ${doubledN} (store history: ${doubled.store.length}, a call answered twice or a consultant given a second call while holding one; ` +
      `clients: ${doubled.clients.length}, a second accept answered 200 or an accept while in another call)`,
  );
  console.log(
    `lost: ${lostN} (store: ${lost.store.length}, a call left open or missing; clients: ${lost.clients.length}, a call never answered that no client heard end)` +
      (refused.length > 0 ? `; ${refused.length} shoppers got no call at all (an error on their click)` : ''),
  );
  for (const d of [...doubled.store, ...doubled.clients].slice(0, 10)) console.log(`  doubled: ${d}`);
  for (const l of [...lost.store, ...lost.clients].slice(0, 10)) console.log(`  lost: ${l}`);

  const problems = [...sim.anomalies, ...storeProblems];
  // Grouped by kind (ids and numbers aside), a few examples each: one overload symptom must not hide a rarer one.
  const kinds = new Map<string, string[]>();
  for (const p of problems) {
    const kind = p.replace(/call_[\w-]+/g, 'C').replace(/bench-\d+(@shop\.test)?/g, 'A').replace(/\d+(\.\d+)?/g, 'N');
    kinds.set(kind, [...(kinds.get(kind) ?? []), p]);
  }
  for (const examples of kinds.values()) {
    for (const p of examples.slice(0, 3)) console.log(`  ! ${p}`);
    if (examples.length > 3) console.log(`  ! … and ${examples.length - 3} more of this kind`);
  }
  const fine = finishedInTime && mismatches.length === 0 && problems.length === 0 && doubledN === 0 && lostN === 0;
  console.log(
    fine
      ? `\nOK: every call ended answered or cancelled, and the store agrees with the simulation (total ${((now() - t0) / 1000).toFixed(1)} s)`
      : `\nFAILED: ${mismatches.length} mismatches, ${problems.length} problems, ${stuck.length} calls not over, ${doubledN} doubled, ${lostN} lost`,
  );
  return {
    ok: fine,
    loadS,
    samples: sim.samples,
    doubled,
    lost,
    refused,
    ringsWhileBusy: sim.counts.doubleOffers,
    ringsAheadOfEnd: sim.counts.ringsAheadOfEnd,
    reRung: sim.counts.reRung,
    serverStats,
    opened: opened.length,
    answered: answered.length,
    cancelled: reasons.get('cancelled') ?? 0,
  };
}

/** The store as an SQLite file, opened read-only beside the server that writes it. */
export function sqliteReader(file: string): StoreReader {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const statements = new Map<string, Database.Statement>();
  return {
    name: 'SQLite',
    async all<T>(sql: string): Promise<T[]> {
      let statement = statements.get(sql);
      if (!statement) statements.set(sql, (statement = db.prepare(sql)));
      return statement.all() as T[];
    },
    async close() {
      db.close();
    },
  };
}

/** The store as a PostgreSQL database; BIGINT times and counts come back as numbers, as on SQLite. */
export function postgresReader(url: string): StoreReader {
  const db = openPostgresDb(url, { poolSize: 2 });
  return { name: 'PostgreSQL', all: <T>(sql: string) => db.all<T>(sql), close: () => db.close() };
}
