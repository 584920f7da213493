import type { ErrorBody } from '../../server/contract/errors.js';
import { pathOf, routes, type RequestOf, type ResponseOf, type RouteName } from '../../server/contract/routes.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** What to tell the user of a failed call: the server's own sentence, or `fallback` when it gave none (offline). */
export const problemText = (err: unknown, fallback: string): string => (err instanceof ApiError ? err.message : fallback);

/** Same-origin JSON calls with the session cookie; errors become ApiErrors with the server's message. */
export class ConsoleApi {
  /** Called when the server says the session is over (ended elsewhere, expired): the page shows its sign-in form. */
  onSessionOver: (() => void) | undefined;

  /** One route of the contract's table, typed by it: what it takes and what it answers. */
  async call<N extends RouteName>(name: N, ...[parts]: keyof RequestOf<N> extends never ? [] : [RequestOf<N>]): Promise<ResponseOf<N>> {
    const route = routes[name];
    const { body } = (parts ?? {}) as { body?: unknown };
    return this.send<ResponseOf<N>>(route.method, pathOf(route, parts), body);
  }

  /** A route that takes a file as its whole body (a product feed), sent as it is. */
  async upload<N extends RouteName>(name: N, file: Blob, ...[parts]: keyof RequestOf<N> extends never ? [] : [RequestOf<N>]): Promise<ResponseOf<N>> {
    const route = routes[name];
    return this.send<ResponseOf<N>>(route.method, pathOf(route, parts), file);
  }

  private async send<T>(method: string, path: string, body?: unknown): Promise<T> {
    const file = body instanceof Blob;
    const res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'Content-Type': file ? body.type || 'application/octet-stream' : 'application/json' },
      body: body === undefined ? null : file ? body : JSON.stringify(body),
    });
    if (!res.ok) {
      // A proxy's HTML error page is not ours: the status alone then says what went wrong.
      const err = (await res.json().catch(() => undefined)) as ErrorBody | undefined;
      if (res.status === 401 && (err?.error.code === 'session-ended' || err?.error.code === 'session-invalid')) this.onSessionOver?.();
      throw new ApiError(res.status, err?.error.code ?? 'http', err?.error.message ?? `HTTP ${res.status}`, err?.error.field);
    }
    return (res.status === 204 ? undefined : await res.json()) as T;
  }
}
