import type { Request, RequestHandler } from 'express';
import type { z } from 'zod';
import { HttpError } from './errors.js';

interface Schemas {
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
}

const parsed = Symbol('vitrina.valid');

/** Names the first offending field the way a client wrote it, e.g. `page.url` or `body`. */
function fieldOf(where: keyof Schemas, path: readonly PropertyKey[]): string {
  return path.length === 0 ? where : path.map(String).join('.');
}

/**
 * Parses body, query and params with zod once, at the edge; the route table hands the typed
 * result to the handler (`validatedInput`), which never parses again.
 */
export function validate<S extends Schemas>(schemas: S): RequestHandler {
  return (req, _res, next) => {
    const out: Record<string, unknown> = {};
    for (const where of ['params', 'query', 'body'] as const) {
      const schema = schemas[where];
      if (!schema) continue;
      const result = schema.safeParse(req[where] ?? {});
      if (!result.success) {
        const issue = result.error.issues[0];
        const field = fieldOf(where, issue?.path ?? []);
        throw new HttpError(400, 'invalid-input', `${field}: ${issue?.message ?? 'invalid'}`, field);
      }
      out[where] = result.data;
    }
    (req as Request & { [parsed]?: unknown })[parsed] = out;
    next();
  };
}

/** What `validate` kept for this request, for the route table to hand to its handler. */
export function validatedInput(req: Request): unknown {
  const out = (req as Request & { [parsed]?: unknown })[parsed];
  if (!out) throw new Error('validatedInput() called on a route without validate()');
  return out;
}

/**
 * A body read raw (a signature covers its bytes) is still input: parsed as JSON, then with its
 * schema, the first offending field named as `validate` names it.
 */
export function parseRawJson<S extends z.ZodType>(schema: S, raw: string): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new HttpError(400, 'invalid-json', 'body: not JSON', 'body');
  }
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = fieldOf('body', issue?.path ?? []);
  throw new HttpError(400, 'invalid-input', `${field}: ${issue?.message ?? 'invalid'}`, field);
}
