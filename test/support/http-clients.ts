import type { AgentEvent } from '../../server/contract/agent.js';
import type { CreateCallRequest, CreateCallResponse } from '../../server/contract/calls.js';
import type { ShopperQueueEvent } from '../../server/contract/queue.js';
import { readEventStream } from '../../widget/call-core/event-stream.js';
import { SHOP_ORIGIN, type TestServer } from './test-server.js';

const LAMP = { url: 'https://shop.test/p/lamp', title: 'Brass lamp' };

export function postCall(base: string, body: Partial<CreateCallRequest> = {}, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${base}/api/calls`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: SHOP_ORIGIN, ...headers },
    body: JSON.stringify({ page: LAMP, ...body }),
  });
}

export async function openCall(
  base: string,
  page = LAMP,
  extra: Omit<Partial<CreateCallRequest>, 'page'> = {},
  headers: Record<string, string> = {},
): Promise<CreateCallResponse> {
  const res = await postCall(base, { page, ...extra }, headers);
  if (res.status !== 201) throw new Error(`POST /api/calls → ${res.status} ${await res.text()}`);
  return (await res.json()) as CreateCallResponse;
}

/**
 * Opens the shop: one consultant online and on a long call, so calls are accepted and wait
 * for whoever a test brings next.
 */
export async function busyColleague(t: TestServer, name = 'Busy'): Promise<TestConsole> {
  const agent = await t.addAgent(name);
  const desk = await TestConsole.signIn(t.url, agent.email);
  await desk.connect();
  await desk.available();
  await answeredCall(t.url, desk);
  return desk;
}

/**
 * The cast of the tests of one call's API: the shop open with a colleague busy, Anna on duty
 * (console open, available), Boris signed in with no console, and the owner.
 */
export async function callCast(t: TestServer): Promise<{ anna: TestConsole; boris: TestConsole; owner: TestConsole }> {
  await busyColleague(t);
  const anna = await TestConsole.signIn(t.url, (await t.addAgent('Anna')).email);
  await anna.connect();
  await anna.available();
  const boris = await TestConsole.signIn(t.url, (await t.addAgent('Boris')).email);
  const owner = await TestConsole.signIn(t.url, (await t.addAgent('Olga', { role: 'owner' })).email);
  return { anna, boris, owner };
}

/** A shopper's call, opened on `base` and answered by `desk` (whose console rings for it). */
export async function answeredCall(base: string, desk: TestConsole): Promise<CreateCallResponse> {
  const call = await openCall(base);
  await desk.next((e) => e.type === 'assignment' && e.assignment.callId === call.callId);
  const res = await desk.post(`/api/agent/calls/${call.callId}/accept`);
  if (res.status !== 200) throw new Error(`accept → ${res.status}`);
  return call;
}

/** A request as the shopper's widget sends it: from the shop's origin, with the call key. */
export function asShopper(base: string, call: CreateCallResponse, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response> {
  return fetch(`${base}/api/calls/${call.callId}${path}`, {
    method,
    headers: {
      Origin: SHOP_ORIGIN,
      Authorization: `Bearer ${call.callKey}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? null : JSON.stringify(body),
  });
}

/** A waiting shopper's push stream, read the way the widget reads it. */
export class ShopperFeed {
  readonly events: ShopperQueueEvent[] = [];
  private readonly abort = new AbortController();
  closed = false;

  private constructor() {}

  static async open(base: string, call: CreateCallResponse): Promise<ShopperFeed> {
    const feed = new ShopperFeed();
    const res = await fetch(`${base}/api/calls/${call.callId}/events`, {
      headers: { Authorization: `Bearer ${call.callKey}`, Origin: SHOP_ORIGIN },
      signal: feed.abort.signal,
    });
    if (!res.ok || !res.body) throw new Error(`shopper events → ${res.status}`);
    void readEventStream(res.body, (e) => void feed.events.push(e as ShopperQueueEvent)).then(
      () => (feed.closed = true),
      () => (feed.closed = true),
    );
    return feed;
  }

  async next(match: (e: ShopperQueueEvent) => boolean, timeoutMs = 5000): Promise<ShopperQueueEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = [...this.events].reverse().find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching shopper event; got ${JSON.stringify(this.events)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  close(): void {
    this.abort.abort();
  }
}

/** A console as the server sees it: a session cookie and an open event stream. */
export class TestConsole {
  readonly events: AgentEvent[] = [];
  /** The server ended the event stream. */
  streamEnded = false;
  private waiters: (() => void)[] = [];
  private abort = new AbortController();

  private constructor(
    readonly base: string,
    readonly cookie: string,
  ) {}

  static async signIn(base: string, email: string, password = 'correct horse battery'): Promise<TestConsole> {
    const res = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (res.status !== 200) throw new Error(`login → ${res.status} ${await res.text()}`);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    return new TestConsole(base, cookie);
  }

  async connect(): Promise<void> {
    const res = await fetch(`${this.base}/api/agent/events`, { headers: { Cookie: this.cookie }, signal: this.abort.signal });
    if (!res.ok || !res.body) throw new Error(`events → ${res.status}`);
    void readEventStream(res.body, (e) => this.push(e as AgentEvent)).then(
      () => (this.streamEnded = true),
      () => (this.streamEnded = true),
    );
    await this.next((e) => e.type === 'hello');
  }

  disconnect(): void {
    this.abort.abort();
  }

  /** Waits for the first event (already received or still to come) that matches. */
  async next<T extends AgentEvent>(match: (e: AgentEvent) => e is T, timeoutMs?: number): Promise<T>;
  async next(match: (e: AgentEvent) => boolean, timeoutMs?: number): Promise<AgentEvent>;
  async next(match: (e: AgentEvent) => boolean, timeoutMs = 5000): Promise<AgentEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching event; got ${JSON.stringify(this.events.map((e) => e.type))}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }

  get(path: string): Promise<Response> {
    return fetch(`${this.base}${path}`, { headers: { Cookie: this.cookie } });
  }

  post(path: string, body?: unknown): Promise<Response> {
    return this.send('POST', path, body);
  }

  send(method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<Response> {
    return fetch(`${this.base}${path}`, {
      method,
      headers: { Cookie: this.cookie, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? null : JSON.stringify(body),
    });
  }

  async available(): Promise<void> {
    const res = await this.post('/api/agent/status', { status: 'available' });
    if (res.status !== 200) throw new Error(`status → ${res.status}`);
  }

  private push(event: AgentEvent): void {
    this.events.push(event);
    for (const w of this.waiters.splice(0)) w();
  }
}

/**
 * The first request after `TestServer.restart()`: fetch keeps connections alive, and one to the
 * old server may be reused in the instant before its close arrives ("other side closed"). Such
 * a request is sent again, once; any other failure stands.
 */
export async function afterRestart<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (err) {
    if (!(err instanceof TypeError && err.message === 'fetch failed')) throw err;
    return request();
  }
}
