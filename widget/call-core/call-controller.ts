import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CallSession } from './call-session.js';

/** Any call that reports status, media and chat changes: the real session, or a test's stand-in. */
type Observable = Pick<CallSession, 'on'>;

/** Re-renders a Lit host whenever its call's status, media or conversation change. */
export class CallController<C extends Observable> implements ReactiveController {
  private unsubscribe: (() => void)[] = [];

  constructor(
    private readonly host: ReactiveControllerHost,
    private current: C | undefined = undefined,
  ) {
    host.addController(this);
  }

  get call(): C | undefined {
    return this.current;
  }

  set call(call: C | undefined) {
    this.hostDisconnected();
    this.current = call;
    this.hostConnected();
    this.host.requestUpdate();
  }

  hostConnected(): void {
    if (!this.current || this.unsubscribe.length > 0) return;
    const update = () => this.host.requestUpdate();
    this.unsubscribe = [this.current.on('status', update), this.current.on('media', update), this.current.on('chat', update)];
  }

  hostDisconnected(): void {
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
  }
}
