import type { Request, Response } from 'express';

export interface SseStream {
  send(event: unknown): void;
  close(): void;
}

/**
 * Opens a server-sent-events stream. A comment every `heartbeatMs` keeps proxies from closing
 * it and lets us notice a vanished client; EventSource reconnects by itself.
 */
export function openSse(req: Request, res: Response, onClose: () => void, heartbeatMs = 15_000): SseStream {
  res.status(200).set({
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.flushHeaders();
  res.write('retry: 2000\n\n');
  const heartbeat = setInterval(() => res.write(': ping\n\n'), heartbeatMs);
  let closed = false;
  const finish = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    onClose();
  };
  req.on('close', finish);
  return {
    send(event) {
      if (!closed) res.write(`data: ${JSON.stringify(event)}\n\n`);
    },
    close() {
      res.end();
      finish();
    },
  };
}
