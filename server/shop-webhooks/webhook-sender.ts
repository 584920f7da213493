import { SIGNATURE_HEADER, signBody } from '../http/vitrina-signature.js';
import type { Logger } from '../log.js';
import type { ClaimedDelivery, Store } from '../store/store.js';

/** Each retry waits this many times the first retry's delay: with 10 s, 10 s, 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, 4 h, 8 h, 12 h. */
export const RETRY_FACTORS = [1, 3, 12, 60, 180, 360, 720, 1440, 2880, 4320] as const;
/** The endpoint's whole answer must come within this; a slow CRM holds one delivery, never a call. */
const SEND_TIMEOUT_MS = 10_000;
/**
 * Longer than a send can take (three times the timeout): a delivery is taken again only from a
 * server that died sending it, and then within half a minute.
 */
const LEASE_MS = 30_000;
const POLL_MS = 1_000;
const IN_FLIGHT = 8;
const KEEP_DAYS = 30;

/**
 * Sends the outbox's due deliveries, a few at a time, each signed with its endpoint's secret,
 * and records every attempt. A delivery not taken (no answer in time, or not 2xx) is due again
 * after the next wait of RETRY_FACTORS, and given up after the last. The store holds it all, so
 * a restart (or another server) carries on where this one stopped.
 */
export class WebhookSender {
  private timer: NodeJS.Timeout | undefined;
  private pruneTimer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private ticking = false;
  private stopped = false;

  constructor(
    private readonly o: {
      store: Store;
      secretOf: (endpointId: string) => string;
      firstRetryMs: number;
      log: Logger;
      now: () => number;
    },
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), POLL_MS).unref();
    const prune = () => void this.o.store.outbox.prune(this.o.now() - KEEP_DAYS * 86_400_000).catch(() => undefined);
    prune();
    this.pruneTimer = setInterval(prune, 3600_000).unref();
  }

  /** Something was just queued: send it now rather than at the next poll. */
  wake(): void {
    if (!this.stopped) setImmediate(() => void this.tick());
  }

  /** Stops taking deliveries and lets those being sent finish (each within its timeout). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearInterval(this.pruneTimer);
    await Promise.all(this.inFlight);
  }

  private async tick(): Promise<void> {
    if (this.ticking || this.stopped) return;
    this.ticking = true;
    try {
      const room = IN_FLIGHT - this.inFlight.size;
      if (room <= 0) return;
      const due = await this.o.store.outbox.claimDue(this.o.now(), LEASE_MS, room);
      for (const delivery of due) {
        const sending: Promise<void> = this.attempt(delivery).finally(() => this.inFlight.delete(sending));
        this.inFlight.add(sending);
      }
    } catch (err) {
      this.o.log.warn('could not read the webhook outbox', { err });
    } finally {
      this.ticking = false;
    }
  }

  private async attempt(d: ClaimedDelivery): Promise<void> {
    const { status, error } = await this.send(d);
    const delivered = status !== null && status >= 200 && status < 300;
    const factor = RETRY_FACTORS[d.attempts];
    const retryAt = delivered || factor === undefined ? null : this.o.now() + factor * this.o.firstRetryMs;
    if (!delivered)
      this.o.log.warn('a webhook was not taken', { deliveryId: d.id, event: d.event, url: d.url, status, error, attempt: d.attempts + 1, retryAt });
    try {
      await this.o.store.outbox.settle(d.id, { delivered, status, error, retryAt }, this.o.now());
    } catch (err) {
      // Unrecorded, the lease runs out and the delivery is sent again: at least once, never lost.
      this.o.log.warn('could not record a webhook attempt', { deliveryId: d.id, err });
    }
  }

  private async send(d: ClaimedDelivery): Promise<{ status: number | null; error: string | null }> {
    try {
      const res = await fetch(d.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'Vitrina-Webhooks/1',
          'Vitrina-Event': d.event,
          'Vitrina-Event-Id': d.eventId,
          'Vitrina-Delivery': d.id,
          [SIGNATURE_HEADER]: signBody(this.o.secretOf(d.endpointId), d.payload, Math.floor(this.o.now() / 1000)),
        },
        body: d.payload,
        // A redirect is not an answer: the signature was made for this address.
        redirect: 'manual',
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      });
      // Read (and drop) the answer so the connection is free again.
      const text = await res.text().catch(() => '');
      return { status: res.status, error: res.ok ? null : `HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}` };
    } catch (err) {
      const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : undefined;
      return {
        status: null,
        error: err instanceof Error && err.name === 'TimeoutError' ? `no answer within ${SEND_TIMEOUT_MS / 1000} s` : (cause ?? String(err)),
      };
    }
  }
}
