/**
 * What Vitrina tells the shop's own systems (a CRM, a helpdesk) as it happens. No zod here: the
 * admin page takes the names and types from this file.
 */
export const WEBHOOK_EVENTS = [
  'call.queued',
  'call.answered',
  'call.ended',
  'callback.requested',
  'recording.ready',
  'rating.received',
  'order.attributed',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** What each delivery's body is: `data` depends on `type` (docs/webhooks.md lists every field). */
export interface WebhookPayload {
  /** The same for every endpoint and every retry of one event: a receiver drops what it has seen. */
  id: string;
  type: WebhookEvent;
  /** Epoch ms when it happened. */
  createdAt: number;
  data: Record<string, unknown>;
}

export interface WebhookEndpointView {
  id: string;
  url: string;
  events: WebhookEvent[];
  description: string;
  createdAt: number;
}

/** Made: the secret its deliveries are signed with, which the owner can also see again later. */
export interface WebhookSecret {
  secret: string;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookDeliveryView {
  id: string;
  endpointId: string;
  url: string;
  eventId: string;
  event: WebhookEvent;
  status: DeliveryStatus;
  attempts: number;
  /** Pending: when the next attempt is due. */
  nextAttemptAt: number | null;
  /** The endpoint's last HTTP status, or null when it could not be reached. */
  lastStatus: number | null;
  lastError: string | null;
  createdAt: number;
  deliveredAt: number | null;
}
