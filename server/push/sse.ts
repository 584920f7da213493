import type { Request, Response } from 'express';

export interface SseStream {
  send(event: unknown): void;
  /** Writes a frame made once by `sseFrame` for many streams: the line goes to every console, serialised once. */
  sendFrame(frame: string): void;
  close(): void;
}

/** One event as it goes on the wire. */
export const sseFrame = (event: unknown): string => `data: ${JSON.stringify(event)}\n\n`;

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
      if (!closed) res.write(sseFrame(event));
    },
    sendFrame(frame) {
      if (!closed) res.write(frame);
    },
    close() {
      res.end();
      finish();
    },
  };
}
