import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Balancer {
  url: string;
  close(): Promise<void>;
}

/** How long a server that refused a connection is passed over. */
const DOWN_MS = 2000;
/** Bodies are small JSON (the servers refuse over 1 MB); a body is held until sent so it can be tried on another server. */
const MAX_BODY = 2 * 1024 * 1024;

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: { code, message } }));
}

/**
 * The scaled-out demo's one address in front of several Vitrina servers, as a production load
 * balancer would be: round robin, no stickiness (no server keeps anything a client needs), a
 * server that refuses connections skipped and the request tried on the next, responses streamed
 * as they come (event streams must not be buffered), the client's address in X-Forwarded-For.
 */
export async function startBalancer(o: { port: number; host?: string; backends: string[] }): Promise<Balancer> {
  const backends = o.backends.map((url) => ({ url: new URL(url), downUntil: 0 }));
  let next = 0;

  const pick = (tried: Set<number>): number | undefined => {
    const now = Date.now();
    const order = backends.map((_, i) => (next + i) % backends.length).filter((i) => !tried.has(i));
    const chosen = order.find((i) => (backends[i]?.downUntil ?? 0) <= now) ?? order[0];
    if (chosen !== undefined) next = (chosen + 1) % backends.length;
    return chosen;
  };

  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer, tried: Set<number>) => {
    const i = pick(tried);
    const backend = i === undefined ? undefined : backends[i];
    if (i === undefined || !backend) {
      return sendError(res, 502, 'no-server', 'No Vitrina server is answering.');
    }
    tried.add(i);
    const forwardedFor = [req.headers['x-forwarded-for'], req.socket.remoteAddress].filter(Boolean).join(', ');
    const upstream = http.request(
      { host: backend.url.hostname, port: backend.url.port, method: req.method, path: req.url, headers: { ...req.headers, 'x-forwarded-for': forwardedFor } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        res.flushHeaders();
        answer.pipe(res);
        // A server that dies mid-stream ends the client's stream too, so the client reconnects (to another).
        answer.once('error', () => res.destroy());
        answer.once('aborted', () => res.destroy());
      },
    );
    upstream.once('error', (err: NodeJS.ErrnoException) => {
      if (res.headersSent) return void res.destroy();
      if (err.code === 'ECONNREFUSED' || err.code === 'ECONNRESET') {
        backend.downUntil = Date.now() + DOWN_MS;
        return forward(req, res, body, tried);
      }
      sendError(res, 502, 'bad-gateway', err.message);
    });
    res.once('close', () => upstream.destroy());
    upstream.end(body);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.once('end', () => {
      if (size > MAX_BODY) sendError(res, 413, 'too-large', 'The request body is too large.');
      else forward(req, res, Buffer.concat(chunks), new Set());
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host ?? '127.0.0.1', resolve);
  });
  return {
    url: `http://localhost:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
