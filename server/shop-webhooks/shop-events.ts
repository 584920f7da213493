import type { WebhookEvent } from '../contract/webhooks.js';

/** What an event says, or how to find it out: read only when some endpoint hears the event. */
export type EventData = Record<string, unknown> | (() => Promise<Record<string, unknown>>);

/**
 * Where services say what happened, for the shop's systems to hear: the call service, the
 * call-backs, the recorder, ratings, orders. `emit` resolves once the event is kept in the store
 * (from there it is sent, through restarts); it never rejects and never waits on the shop.
 */
export interface ShopEvents {
  emit(type: WebhookEvent, data: EventData): Promise<void>;
}

/** Nobody listening (a service built on its own, in a test). */
export const NO_SHOP_EVENTS: ShopEvents = { emit: () => Promise.resolve() };
