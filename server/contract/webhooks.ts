import { z } from 'zod';
import { WEBHOOK_EVENTS } from './webhook-events.js';

/** The owner's requests about webhooks, checked by zod; the names and types are in webhook-events.ts. */
export { WEBHOOK_EVENTS };
export type { DeliveryStatus, WebhookDeliveryView, WebhookEndpointView, WebhookEvent, WebhookPayload, WebhookSecret } from './webhook-events.js';

export const WebhookEndpointBody = z.strictObject({
  url: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .max(2048, 'must be at most 2048 characters')
    .refine((url) => !new URL(url).username && !new URL(url).password, 'must not carry a user name or password (the signature proves the sender)'),
  events: z
    .array(z.enum(WEBHOOK_EVENTS, { error: `must be one of ${WEBHOOK_EVENTS.join(', ')}` }))
    .min(1, 'must name at least one event')
    .transform((events) => [...new Set(events)]),
  description: z.string().trim().max(80, 'must be at most 80 characters').default(''),
});

export const EndpointIdParams = z.strictObject({
  endpointId: z.string().regex(/^whe_[A-Za-z0-9_-]{16,40}$/, 'is not a webhook endpoint id'),
});

export const DeliveryIdParams = z.strictObject({
  deliveryId: z.string().regex(/^dlv_[A-Za-z0-9_-]{16,40}$/, 'is not a webhook delivery id'),
});

export const DeliveriesQuery = z.strictObject({
  status: z.enum(['pending', 'delivered', 'failed'], { error: 'must be pending, delivered or failed' }).optional(),
  limit: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(200, 'must be at most 200').default(50),
});
