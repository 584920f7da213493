import { DefaultReconnectPolicy, type ReconnectContext, type ReconnectPolicy } from 'livekit-client';

/**
 * The SDK's own retries (resuming the same connection, to the same LiveKit node), but only for
 * about ten seconds: a node that is gone will not come back for this call, and by then our
 * server has moved the call's room to a live node. Giving up hands over to our own recovery,
 * which asks our server for the node to use now: `CallSession.recover()` in the widget and the
 * console (a fresh token), a new segment for the recorder. (The SDK alone would keep trying the
 * dead node for some 45 s.)
 */
export class GiveUpOnNodePolicy implements ReconnectPolicy {
  private readonly sdk = new DefaultReconnectPolicy();

  constructor(private readonly budgetMs = 12_000) {}

  nextRetryDelayInMs(context: ReconnectContext): number | null {
    const delay = this.sdk.nextRetryDelayInMs(context);
    return delay === null || context.elapsedMs + delay > this.budgetMs ? null : delay;
  }
}
