import type { AgentEvent } from '../../server/contract/agent.js';
import type { CreateCallResponse } from '../../server/contract/calls.js';
import { SHOP_ORIGIN } from './test-server.js';

export async function openCall(base: string, page = { url: 'https://shop.test/p/lamp', title: 'Brass lamp' }): Promise<CreateCallResponse> {
  const res = await fetch(`${base}/api/calls`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: SHOP_ORIGIN },
    body: JSON.stringify({ page }),
  });
  if (res.status !== 201) throw new Error(`POST /api/calls → ${res.status} ${await res.text()}`);
  return (await res.json()) as CreateCallResponse;
}

/** A console as the server sees it: a session cookie and an open event stream. */
export class TestConsole {
  readonly events: AgentEvent[] = [];
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
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    void (async () => {
      let buffer = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buffer += value;
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = block.split('\n').find((l) => l.startsWith('data: '));
            if (data) this.push(JSON.parse(data.slice(6)) as AgentEvent);
          }
        }
      } catch {
        // aborted
      }
    })();
    await this.next((e) => e.type === 'hello');
  }

  disconnect(): void {
    this.abort.abort();
  }

  /** Waits for the first event (already received or still to come) that matches. */
  async next<T extends AgentEvent>(match: (e: AgentEvent) => e is T): Promise<T>;
  async next(match: (e: AgentEvent) => boolean): Promise<AgentEvent>;
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

  post(path: string, body?: unknown): Promise<Response> {
    return fetch(`${this.base}${path}`, {
      method: 'POST',
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
