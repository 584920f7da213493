import { readEventStream } from './event-stream.js';
import type { ShopperQueueEvent } from '../../server/contract/queue.js';

/**
 * The shopper's place in line, pushed by the server as server-sent events. Read with fetch
 * rather than EventSource so the call key goes in a header, not the URL; reconnects by itself
 * (a server restart, a network blip) with a growing pause, until the call ends or `close()`.
 */
export class QueueFeed {
  private readonly abort = new AbortController();
  private retryMs = 500;

  constructor(
    private readonly url: URL,
    private readonly callKey: string,
    private readonly onEvent: (event: ShopperQueueEvent) => void,
  ) {
    void this.run();
  }

  close(): void {
    this.abort.abort();
  }

  private async run(): Promise<void> {
    while (!this.abort.signal.aborted) {
      try {
        const res = await fetch(this.url, {
          headers: { Authorization: `Bearer ${this.callKey}`, Accept: 'text/event-stream' },
          credentials: 'omit',
          cache: 'no-store',
          signal: this.abort.signal,
        });
        // A key the server refuses will not get better by asking again.
        if (res.status === 401 || res.status === 403 || res.status === 404) return;
        if (res.ok && res.body) {
          this.retryMs = 500;
          if (await this.read(res.body)) return;
        }
      } catch {
        // offline or the server restarting: try again below
      }
      if (this.abort.signal.aborted) return;
      await new Promise((r) => setTimeout(r, this.retryMs));
      this.retryMs = Math.min(this.retryMs * 2, 8000);
    }
  }

  /** Returns true once the server says the call ended. */
  private async read(body: ReadableStream): Promise<boolean> {
    const outcome = await readEventStream(body, (data) => {
      const event = data as ShopperQueueEvent;
      this.onEvent(event);
      return event.type === 'ended';
    });
    return outcome === 'stopped';
  }
}
