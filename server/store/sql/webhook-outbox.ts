import type { DeliveryStatus, WebhookDeliveryView, WebhookEndpointView, WebhookEvent } from '../../contract/webhooks.js';
import type { ClaimedDelivery, WebhookOutbox } from '../store.js';
import { KeptRead } from './kept-read.js';
import type { SqlDb, SqlValue } from './sql-db.js';

interface EndpointRow {
  id: string;
  url: string;
  events: string;
  description: string;
  created_at: number | string;
}

interface DeliveryRow {
  id: string;
  endpoint_id: string;
  url: string;
  event_id: string;
  event: WebhookEvent;
  payload: string;
  status: DeliveryStatus;
  attempts: number | string;
  next_attempt_at: number | string | null;
  last_status: number | string | null;
  last_error: string | null;
  created_at: number | string;
  delivered_at: number | string | null;
}

const numOrNull = (v: number | string | null) => (v === null ? null : Number(v));

const toEndpoint = (r: EndpointRow): WebhookEndpointView => ({
  id: r.id,
  url: r.url,
  events: JSON.parse(r.events) as WebhookEvent[],
  description: r.description,
  createdAt: Number(r.created_at),
});

const toDelivery = (r: DeliveryRow): WebhookDeliveryView => ({
  id: r.id,
  endpointId: r.endpoint_id,
  url: r.url,
  eventId: r.event_id,
  event: r.event,
  status: r.status,
  attempts: Number(r.attempts),
  nextAttemptAt: numOrNull(r.next_attempt_at),
  lastStatus: numOrNull(r.last_status),
  lastError: r.last_error,
  createdAt: Number(r.created_at),
  deliveredAt: numOrNull(r.delivered_at),
});

const DELIVERIES = `SELECT d.*, e.url FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id`;

export function sqlWebhookOutbox(db: SqlDb): WebhookOutbox {
  // Every event of every call asks which endpoints hear it: on one server's SQLite file, kept between the owner's changes.
  const endpoints = new KeptRead(
    async () => (await db.all<EndpointRow>('SELECT * FROM webhook_endpoints WHERE removed_at IS NULL ORDER BY created_at, id')).map(toEndpoint),
    db.engine === 'sqlite',
  );
  return {
    endpoints: () => endpoints.get(),
    async addEndpoint(e, at) {
      await endpoints.changing(
        db.run('INSERT INTO webhook_endpoints (id, url, events, description, created_at) VALUES (?, ?, ?, ?, ?)', [
          e.id,
          e.url,
          JSON.stringify(e.events),
          e.description,
          at,
        ]),
      );
      return { ...e, createdAt: at };
    },
    removeEndpoint(id, at) {
      return endpoints.changing(
        db.transaction(async (tx) => {
          const removed = await tx.run('UPDATE webhook_endpoints SET removed_at = ? WHERE id = ? AND removed_at IS NULL', [at, id]);
          if (removed === 0) return false;
          await tx.run(
            "UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL, last_error = 'the endpoint was removed' WHERE endpoint_id = ? AND status = 'pending'",
            [id],
          );
          return true;
        }),
      );
    },
    async endpoint(id) {
      return (await endpoints.get()).find((e) => e.id === id);
    },
    async takers(type) {
      return (await endpoints.get()).filter((e) => e.events.includes(type)).map((e) => e.id);
    },
    async enqueue(event, endpointIds, at, newDeliveryId) {
      if (endpointIds.length === 0) return;
      await db.transaction(async (tx) => {
        for (const endpointId of endpointIds) {
          await tx.run(
            `INSERT INTO webhook_deliveries (id, endpoint_id, event_id, event, payload, status, next_attempt_at, created_at)
             VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)`,
            [newDeliveryId(), endpointId, event.id, event.type, event.payload, at, at],
          );
        }
      });
    },
    async claimDue(now, leaseMs, limit) {
      const due = await db.all<DeliveryRow>(`${DELIVERIES} WHERE d.status = 'pending' AND d.next_attempt_at <= ? ORDER BY d.next_attempt_at, d.id LIMIT ?`, [
        now,
        limit,
      ]);
      const claimed: ClaimedDelivery[] = [];
      for (const d of due) {
        // Conditional on the due time read: of two servers reading the same row, one moves it.
        const took = await db.run("UPDATE webhook_deliveries SET next_attempt_at = ? WHERE id = ? AND status = 'pending' AND next_attempt_at = ?", [
          now + leaseMs,
          d.id,
          d.next_attempt_at,
        ]);
        if (took === 1) {
          claimed.push({
            id: d.id,
            endpointId: d.endpoint_id,
            url: d.url,
            eventId: d.event_id,
            event: d.event,
            payload: d.payload,
            attempts: Number(d.attempts),
          });
        }
      }
      return claimed;
    },
    async settle(id, a, at) {
      const status: DeliveryStatus = a.delivered ? 'delivered' : a.retryAt === null ? 'failed' : 'pending';
      await db.run(
        `UPDATE webhook_deliveries SET status = ?, attempts = attempts + 1, next_attempt_at = ?, last_status = ?, last_error = ?, delivered_at = ?
          WHERE id = ? AND status = 'pending'`,
        [status, status === 'pending' ? a.retryAt : null, a.status, a.error, a.delivered ? at : null, id],
      );
    },
    async deliveries(f) {
      const where: string[] = [];
      const args: SqlValue[] = [];
      if (f.status) {
        where.push('d.status = ?');
        args.push(f.status);
      }
      const rows = await db.all<DeliveryRow>(`${DELIVERIES} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY d.created_at DESC, d.id LIMIT ?`, [
        ...args,
        f.limit,
      ]);
      return rows.map(toDelivery);
    },
    async redeliver(id, at) {
      const changed = await db.run(
        `UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?, delivered_at = NULL
          WHERE id = ? AND EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.id = webhook_deliveries.endpoint_id AND e.removed_at IS NULL)`,
        [at, id],
      );
      return changed === 1;
    },
    prune(before) {
      return db.run("DELETE FROM webhook_deliveries WHERE status <> 'pending' AND created_at < ?", [before]);
    },
  };
}
