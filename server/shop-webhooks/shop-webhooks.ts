import { derivedSecret } from '../http/vitrina-signature.js';
import type { WebhookEndpointView, WebhookEvent, WebhookPayload } from '../contract/webhooks.js';
import { newId } from '../ids.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import type { EventData, ShopEvents } from './shop-events.js';
import { WebhookSender } from './webhook-sender.js';

const SECRET_PREFIX = 'whsec_';

/**
 * The shop's webhooks: its endpoints (each with a signing secret derived from the server's own,
 * so none is stored), the events services emit queued for each endpoint that takes them, and the
 * sender that delivers them.
 */
export class ShopWebhooks implements ShopEvents {
  readonly sender: WebhookSender;

  constructor(
    private readonly o: {
      store: Store;
      /** The server's own secret. */
      secret: string;
      firstRetryMs: number;
      log: Logger;
      now: () => number;
    },
  ) {
    this.sender = new WebhookSender({ store: o.store, secretOf: (id) => this.secretOf(id), firstRetryMs: o.firstRetryMs, log: o.log, now: o.now });
  }

  secretOf(endpointId: string): string {
    return derivedSecret(this.o.secret, SECRET_PREFIX, `webhook endpoint ${endpointId}`);
  }

  /** Kept in the store when it resolves, and sent from there. Never rejects: a webhook must not fail what it reports. */
  async emit(type: WebhookEvent, data: EventData): Promise<void> {
    const createdAt = this.o.now();
    try {
      const takers = await this.o.store.outbox.takers(type);
      if (takers.length === 0) return;
      const payload: WebhookPayload = { id: newId('evt'), type, createdAt, data: typeof data === 'function' ? await data() : data };
      await this.o.store.outbox.enqueue({ id: payload.id, type, payload: JSON.stringify(payload) }, takers, createdAt, () => newId('dlv'));
      this.sender.wake();
    } catch (err) {
      this.o.log.error('could not queue a webhook', { type, err });
    }
  }

  async addEndpoint(e: Omit<WebhookEndpointView, 'id' | 'createdAt'>): Promise<WebhookEndpointView & { secret: string }> {
    const endpoint = await this.o.store.outbox.addEndpoint({ ...e, id: newId('whe') }, this.o.now());
    return { ...endpoint, secret: this.secretOf(endpoint.id) };
  }
}
