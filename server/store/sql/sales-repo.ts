import type { ProductCard } from '../../contract/chat.js';
import type { ApiKeyView, OrderSource } from '../../contract/sales.js';
import type { OrderCard, OrderRecord, SalesRepo } from '../store.js';
import type { SqlDb } from './sql-db.js';

interface OrderRow {
  order_id: string;
  call_id: string;
  agent_id: string | null;
  value_minor: number;
  currency: string;
  source: OrderSource;
  ordered_at: number;
  received_at: number;
  cards: string;
}

interface KeyRow {
  id: string;
  name: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

// PostgreSQL hands BIGINT back as text.
const num = (v: number | string) => Number(v);
const numOrNull = (v: number | string | null) => (v === null ? null : Number(v));

const toOrder = (r: OrderRow): OrderRecord => ({
  orderId: r.order_id,
  callId: r.call_id,
  agentId: r.agent_id,
  valueMinor: num(r.value_minor),
  currency: r.currency,
  source: r.source,
  orderedAt: num(r.ordered_at),
  receivedAt: num(r.received_at),
  cards: JSON.parse(r.cards) as OrderCard[],
});

const toKey = (r: KeyRow): ApiKeyView => ({
  id: r.id,
  name: r.name,
  createdAt: num(r.created_at),
  lastUsedAt: numOrNull(r.last_used_at),
  revokedAt: numOrNull(r.revoked_at),
});

const KEY_COLUMNS = 'id, name, created_at, last_used_at, revoked_at';

export function sqlSalesRepo(db: SqlDb): SalesRepo {
  const key = async (id: string) => {
    const row = await db.get<KeyRow>(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE id = ?`, [id]);
    return row && toKey(row);
  };
  return {
    async lastAnsweredCall(visitorId, from, to) {
      const call = await db.get<{ id: string; agent_id: string | null }>(
        `SELECT id, agent_id FROM calls WHERE visitor_id = ? AND answered_at IS NOT NULL AND answered_at >= ? AND answered_at <= ?
          ORDER BY answered_at DESC, id LIMIT 1`,
        [visitorId, from, to],
      );
      if (!call) return undefined;
      const cards = await db.all<{ body: string }>("SELECT body FROM call_messages WHERE call_id = ? AND kind = 'product' ORDER BY seq, at, id", [call.id]);
      return { callId: call.id, agentId: call.agent_id, cards: cards.map((c) => (JSON.parse(c.body) as { product: ProductCard }).product) };
    },
    async addOrder(o, at) {
      const values = [o.callId, o.agentId, o.valueMinor, o.currency, o.source, o.orderedAt, at, JSON.stringify(o.cards)];
      const added = await db.run(
        `INSERT INTO orders (order_id, call_id, agent_id, value_minor, currency, source, ordered_at, received_at, cards)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (order_id) DO NOTHING`,
        [o.orderId, ...values],
      );
      if (added === 1) return 'recorded';
      if (o.source !== 'server') return 'duplicate';
      const confirmed = await db.run(
        `UPDATE orders SET call_id = ?, agent_id = ?, value_minor = ?, currency = ?, source = ?, ordered_at = ?, received_at = ?, cards = ?
          WHERE order_id = ? AND source = 'page'`,
        [...values, o.orderId],
      );
      return confirmed === 1 ? 'confirmed' : 'duplicate';
    },
    async ordersOfCalls(from, to) {
      const rows = await db.all<OrderRow>(
        `SELECT o.* FROM orders o JOIN calls c ON c.id = o.call_id WHERE c.created_at >= ? AND c.created_at < ? ORDER BY o.ordered_at, o.order_id`,
        [from, to],
      );
      return rows.map(toOrder);
    },
    async createKey(k, at) {
      await db.run('INSERT INTO api_keys (id, name, created_by, created_at) VALUES (?, ?, ?, ?)', [k.id, k.name, k.createdBy, at]);
      return { id: k.id, name: k.name, createdAt: at, lastUsedAt: null, revokedAt: null };
    },
    async keys() {
      return (await db.all<KeyRow>(`SELECT ${KEY_COLUMNS} FROM api_keys ORDER BY created_at DESC, id`)).map(toKey);
    },
    key,
    async revokeKey(id, at) {
      await db.run('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [at, id]);
      return key(id);
    },
    async keyUsed(id, at) {
      await db.run('UPDATE api_keys SET last_used_at = ? WHERE id = ?', [at, id]);
    },
  };
}
