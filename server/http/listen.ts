import { createServer, type Server } from 'node:http';
import type { Express } from 'express';

/**
 * How long a client may take to send what it sends. Node waits up to 5 minutes for a request:
 * a few hundred slow clients would hold a server's sockets that long. Ours are small JSON bodies.
 */
export const CLIENT_TIMEOUTS = {
  /** For the request line and headers. */
  headersMs: 10_000,
  /** For the whole request, body included (a long-lived response, an event stream, is not limited). */
  requestMs: 20_000,
} as const;

/** Starts serving `app` with the client timeouts above; resolves once it listens. */
export async function listen(app: Express, port: number, host: string): Promise<Server> {
  const server = createServer(
    {
      headersTimeout: CLIENT_TIMEOUTS.headersMs,
      requestTimeout: CLIENT_TIMEOUTS.requestMs,
      // Node checks the timeouts every 30 s by default: a slow client would get 30 s more.
      connectionsCheckingInterval: 1_000,
    },
    app,
  );
  await new Promise((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
    server.listen(port, host);
  });
  return server;
}
