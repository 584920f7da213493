import type { PathOf, RequestOf } from '../../server/contract/routes.js';
import type { ErrorBody } from '../../server/contract/errors.js';

/** A refusal from the server with the field it names, so a form can point at it. */
export class FieldError extends Error {
  constructor(
    message: string,
    readonly field: string | undefined,
    readonly status: number,
  ) {
    super(message);
  }
}

async function failure(res: Response): Promise<FieldError> {
  // A proxy's HTML error page is not ours: the status alone then says what went wrong.
  const body = (await res.json().catch(() => undefined)) as ErrorBody | undefined;
  return new FieldError(body?.error.message ?? `HTTP ${res.status}`, body?.error.field, res.status);
}

export async function requestCallback(server: string, body: RequestOf<'requestCallback'>['body']): Promise<void> {
  const path: PathOf<'requestCallback'> = '/api/callbacks';
  const res = await fetch(new URL(path, server), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    credentials: 'omit',
  });
  if (!res.ok) throw await failure(res);
}
