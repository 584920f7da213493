import { toMinor, type AttributionSettings, type AttributionSettingsSchema, type OrderSource, type ServerOrderResponse } from '../contract/sales.js';
import type { ProductCard } from '../contract/chat.js';
import type { Logger } from '../log.js';
import type { StoredSetting } from '../settings/stored-setting.js';
import type { OrderCard, Store } from '../store/store.js';
import type { ShopEvents } from '../shop-webhooks/shop-events.js';
import { pageAddress } from './page-address.js';

const DAY_MS = 24 * 3600 * 1000;

/** An order as either route hands it over, checked by its schema. */
export interface ReportedOrder {
  orderId: string;
  value: string;
  currency: string;
  visitor: string;
  items: { productId?: string | undefined; url?: string | undefined }[];
  orderedAt?: number | undefined;
}

/** Which of the call's cards the order has among its items: by the shop's product id, else by the product page. */
export function cardsBought(cards: readonly ProductCard[], items: ReportedOrder['items']): OrderCard[] {
  return cards.map((card) => ({
    ...card,
    bought: items.some(
      (item) =>
        (card.productId !== undefined && item.productId === card.productId) || (item.url !== undefined && pageAddress(item.url) === pageAddress(card.url)),
    ),
  }));
}

/**
 * Credits orders to calls: to the visitor's last call answered within the owner's window before
 * the order, to the consultant who had it, and to the product cards sent in it. An order no call
 * can be credited with is not kept: we keep nothing about a shopper who never talked to us.
 */
export class OrderAttribution {
  constructor(
    private readonly o: {
      store: Store;
      settings: StoredSetting<typeof AttributionSettingsSchema>;
      events: ShopEvents;
      log: Logger;
      now: () => number;
    },
  ) {}

  async report(order: ReportedOrder, source: OrderSource): Promise<ServerOrderResponse> {
    const { store, log } = this.o;
    const settings: AttributionSettings = await this.o.settings.get();
    if (source === 'page' && settings.trust === 'server') return { result: 'not-attributed' };
    const receivedAt = this.o.now();
    // An order time in the future is the sender's clock: it cannot have been placed after we heard of it.
    const orderedAt = Math.min(order.orderedAt ?? receivedAt, receivedAt);
    const call = await store.sales.lastAnsweredCall(order.visitor, orderedAt - settings.windowDays * DAY_MS, orderedAt);
    if (!call) return { result: 'not-attributed' };
    const cards = cardsBought(call.cards, order.items);
    const result = await store.sales.addOrder(
      {
        orderId: order.orderId,
        callId: call.callId,
        agentId: call.agentId,
        valueMinor: toMinor(order.value, order.currency),
        currency: order.currency,
        source,
        orderedAt,
        cards,
      },
      receivedAt,
    );
    if (result === 'duplicate') return { result };
    log.info('order credited to a call', { orderId: order.orderId, callId: call.callId, agentId: call.agentId, source, result });
    await this.o.events.emit('order.attributed', {
      orderId: order.orderId,
      value: order.value,
      currency: order.currency,
      // A page's report, then the shop server's confirming it: the second says so.
      reportedBy: source,
      confirmation: result === 'confirmed',
      callId: call.callId,
      agentId: call.agentId,
      orderedAt,
      cardsBought: cards.filter((c) => c.bought).map(({ bought: _bought, ...card }) => card),
    });
    return { result, callId: call.callId };
  }
}
