/** The clients' HTTP: every response counted by route and status, for the report's table. */
import { SHOP_ORIGIN } from '../../../test/support/test-server.js';
import { now } from './clock.js';

/** "POST /api/calls → 201" and the like, with how many times each came back. */
export type StatusCounts = Map<string, number>;

export interface CountedResponse {
  status: number;
  body: unknown;
  ms: number;
}

export function countStatus(statuses: StatusCounts, route: string, status: number): void {
  const key = `${route} → ${status || 'network error'}`;
  statuses.set(key, (statuses.get(key) ?? 0) + 1);
}

/** Sends a request, counts its status under a route name, never throws (a network error is status 0). */
export async function countedRequest(statuses: StatusCounts, route: string, url: string, init: RequestInit): Promise<CountedResponse> {
  const start = now();
  let status = 0;
  let body: unknown;
  try {
    const res = await fetch(url, init);
    status = res.status;
    const text = await res.text();
    body = text ? (JSON.parse(text) as unknown) : undefined;
  } catch (err) {
    body = `${String(err)}${(err as Error).cause ? ` (${String((err as Error).cause)})` : ''}`;
  }
  countStatus(statuses, route, status);
  return { status, body, ms: now() - start };
}

/** What the widget sends for its own call: the call key, from the shop's page. */
export function shopperHeaders(callKey: string | undefined): Record<string, string> {
  return { Authorization: `Bearer ${callKey}`, Origin: SHOP_ORIGIN };
}
