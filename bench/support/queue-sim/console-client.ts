/** A consultant's console reduced to its protocol with the server: sign-in, the event stream, the buttons. */
import type { AgentEvent } from '../../../server/contract/agent.js';
import { readEventStream } from '../../../widget/call-core/event-stream.js';
import { PASSWORD } from '../queue-server.js';
import { now } from './clock.js';
import { getEventStream } from './event-stream-get.js';
import type { CountedResponse } from './http.js';
import type { Sim } from './simulation.js';

export class ConsoleClient {
  private cookie = '';
  private readonly abort = new AbortController();
  private streamEnded = false;

  /** The stream and the buttons may be on different servers (see Sim.shopperServer). */
  constructor(
    private readonly sim: Sim,
    private readonly email: string,
    readonly streamServer: string,
    private readonly buttonServer: string,
    /** The loopback address its event stream comes from (see event-stream-get.ts). */
    private readonly address: string,
  ) {}

  async signIn(): Promise<void> {
    const res = await fetch(`${this.buttonServer}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: this.email, password: PASSWORD }),
    });
    if (res.status !== 200) throw new Error(`sign-in of ${this.email} → ${res.status} ${await res.text()}`);
    this.cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  }

  /** Opens the event stream and waits for its hello; `onEvent` gets every event after it, with when it arrived. */
  async connect(onEvent: (e: AgentEvent, at: number) => void): Promise<void> {
    const res = await getEventStream(`${this.streamServer}/api/agent/events`, { Cookie: this.cookie }, this.abort.signal, this.address);
    if (res.status !== 200) throw new Error(`events of ${this.email} → ${res.status}`);
    let hello: () => void = () => {};
    const greeted = new Promise<void>((resolve) => (hello = resolve));
    void readEventStream(res.body, (data) => {
      const e = data as AgentEvent;
      if (e.type === 'hello') hello();
      else onEvent(e, now());
    })
      // Cut by an error or closed cleanly, the stream has ended either way: the next step reports it as an anomaly.
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

  post(route: string, what: string, body?: unknown): Promise<CountedResponse> {
    return this.sim.request(route, `${this.buttonServer}${what}`, {
      method: 'POST',
      headers: { Cookie: this.cookie, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? null : JSON.stringify(body),
    });
  }
}
