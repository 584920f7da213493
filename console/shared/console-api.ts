import type { ErrorBody } from '../../server/contract/errors.js';

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

/** Same-origin JSON calls with the session cookie; errors become ApiErrors with the server's message. */
export class ConsoleApi {
  /** Called when the server says the session is over (ended elsewhere, expired): the page shows its sign-in form. */
  onSessionOver: (() => void) | undefined;

  async get<T>(path: string): Promise<T> {
    return this.send<T>('GET', path);
  }

  async post<T = void>(path: string, body?: unknown): Promise<T> {
    return this.send<T>('POST', path, body);
  }

  async put<T>(path: string, body: unknown): Promise<T> {
    return this.send<T>('PUT', path, body);
  }

  async delete(path: string): Promise<void> {
    return this.send<void>('DELETE', path);
  }

  async send<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
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
