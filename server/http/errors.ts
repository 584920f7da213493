import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { ErrorBody, ErrorCode } from '../contract/errors.js';
import type { Logger } from '../log.js';

/** The one error type routes throw; `errorHandler` turns it into `{ error: { code, message, field? } }`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const notFound: RequestHandler = (req) => {
  throw new HttpError(404, 'not-found', `No route for ${req.method} ${req.path}`);
};

/**
 * Errors raised by Express and body-parser (a body too large, JSON that does not parse, a path
 * that does not decode) carry a 4xx `status`; answer them like ours instead of as a 500.
 */
function fromFramework(err: unknown): HttpError | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const status = (err as { status?: unknown }).status;
  if (!('type' in err)) {
    if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
    // From serving a file (send): a Range past its end names the file's size in Content-Range.
    if (status === 416) {
      const headers = (err as { headers?: Record<string, string> }).headers ?? {};
      return new HttpError(416, 'range-not-satisfiable', 'The Range asked for lies outside the file.', 'range', headers);
    }
    if (status === 404) return new HttpError(404, 'not-found', 'There is no such file.');
    // Express could not decode a part of the path (a % not followed by two hex digits).
    if (err instanceof URIError || /decode/i.test(String((err as { message?: unknown }).message))) {
      return new HttpError(400, 'undecodable-path', 'The address has a part that cannot be decoded.', 'path');
    }
    return new HttpError(status, 'bad-request', 'The request could not be understood.');
  }
  switch (err.type) {
    case 'entity.too.large':
      return new HttpError(413, 'body-too-large', 'The request body is too large.', 'body');
    case 'entity.parse.failed':
      return new HttpError(400, 'invalid-json', 'The request body is not valid JSON.', 'body');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new HttpError(415, 'unsupported-encoding', 'The request body encoding is not supported.', 'body');
    default:
      return new HttpError(400, 'bad-request', 'The request body could not be read.', 'body');
  }
}

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const known = err instanceof HttpError ? err : fromFramework(err);
    if (!known) {
      log.error('unhandled error', { err, method: req.method, path: req.path });
    }
    const error = known ?? new HttpError(500, 'internal', 'Something went wrong on our side.');
    if (res.headersSent) {
      res.end();
      return;
    }
    const body: ErrorBody = { error: { code: error.code, message: error.message } };
    if (error.field !== undefined) body.error.field = error.field;
    res.status(error.status).set(error.headers).json(body);
  };
}
