import { Router, type Response } from 'express';
import { currencyDigits, type Money } from '../contract/sales.js';
import type { RouteMounter } from '../http/mount-route.js';
import type { CallSummary, OrderRecord, Store } from '../store/store.js';
import { ordersByCall, periodOf, sums } from './analytics.js';

const PAGE = 500;

/**
 * One CSV cell. A spreadsheet runs a cell that starts with = + - @ (or a tab or a carriage
 * return) as a formula, and a shopper writes the page title and a shop the order id: such text
 * is quoted and led by an apostrophe, which spreadsheets show as text.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvRow = (cells: (string | number | null)[]) => `${cells.map(csvCell).join(',')}\r\n`;

/** 12990 EUR → "129.90": the amount as the shop wrote it, without a currency sign, for a spreadsheet to add up. */
export function decimal(m: Money): string {
  const digits = currencyDigits(m.currency) ?? 2;
  return digits === 0 ? String(m.minor) : (m.minor / 10 ** digits).toFixed(digits);
}

const iso = (at: number | null) => (at === null ? null : new Date(at).toISOString());
const seconds = (ms: number | null) => (ms === null ? null : Math.round(ms / 1000));

const CALL_HEADER = [
  'call_id',
  'started_at',
  'page_url',
  'page_title',
  'consultant',
  'outcome',
  'wait_s',
  'talk_s',
  'end_reason',
  'consultant_says',
  'owner_score',
  'shopper_rating',
  'orders',
  'revenue',
];
const ORDER_HEADER = ['order_id', 'ordered_at', 'value', 'currency', 'reported_by', 'call_id', 'call_started_at', 'consultant', 'page_url', 'cards_bought'];

function startCsv(res: Response, name: string, from: number, to: number): void {
  const day = (at: number) => new Date(at).toISOString().slice(0, 10);
  res.status(200).set({
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="vitrina-${name}-${day(from)}-${day(to)}.csv"`,
    'Cache-Control': 'no-store',
  });
  // A byte-order mark, so that Excel reads the file as UTF-8 (Cyrillic titles and names).
  res.write('\uFEFF');
}

/** A call's revenue as "129.90 EUR; 20.00 USD". */
const revenueText = (orders: readonly OrderRecord[]) =>
  sums(orders)
    .map((m) => `${decimal(m)} ${m.currency}`)
    .join('; ');

/** The owner's period as CSV: the calls begun in it, or the orders credited to them. Streamed a page at a time. */
export function csvExportRouter(o: { api: RouteMounter; store: Store; now: () => number }): Router {
  const router = Router();
  o.api.mount(router, 'exportCalls', async ({ query }, _req, res) => {
    const { from, to } = periodOf(query, o.now());
    const orders = ordersByCall(await o.store.sales.ordersOfCalls(from, to));
    startCsv(res, 'calls', from, to);
    res.write(csvRow(CALL_HEADER));
    for (let offset = 0; ; offset += PAGE) {
      const { calls } = await o.store.history.search({ from, to, sort: 'date', order: 'asc', offset, limit: PAGE });
      for (const c of calls) res.write(callRow(c, orders.get(c.id) ?? []));
      if (calls.length < PAGE) break;
    }
    res.end();
  });

  o.api.mount(router, 'exportOrders', async ({ query }, _req, res) => {
    const { from, to } = periodOf(query, o.now());
    const orders = await o.store.sales.ordersOfCalls(from, to);
    const calls = new Map<string, CallSummary | undefined>();
    startCsv(res, 'orders', from, to);
    res.write(csvRow(ORDER_HEADER));
    for (const order of orders) {
      if (!calls.has(order.callId)) calls.set(order.callId, await o.store.history.summary(order.callId));
      const call = calls.get(order.callId);
      res.write(
        csvRow([
          order.orderId,
          iso(order.orderedAt),
          decimal({ currency: order.currency, minor: order.valueMinor }),
          order.currency,
          order.source,
          order.callId,
          iso(call?.createdAt ?? null),
          call?.agentName ?? null,
          call?.page.url ?? null,
          order.cards
            .filter((card) => card.bought)
            .map((card) => card.title)
            .join('; '),
        ]),
      );
    }
    res.end();
  });
  return router;
}

function callRow(c: CallSummary, orders: readonly OrderRecord[]): string {
  return csvRow([
    c.id,
    iso(c.createdAt),
    c.page.url,
    c.page.title,
    c.agentName,
    c.outcome,
    seconds(c.waitMs),
    seconds(c.talkMs),
    c.endReason,
    c.agentOutcome,
    c.ownerScore,
    c.shopperRating,
    orders.length,
    revenueText(orders),
  ]);
}
