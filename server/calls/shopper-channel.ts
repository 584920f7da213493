import type { ShopperQueueEvent } from '../contract/queue.js';
import type { SseStream } from '../push/sse.js';
import { StreamGroups } from '../push/stream-groups.js';

/**
 * The push channel to waiting shoppers' widgets, by call. Queue updates are sent only when
 * they change, so a busy line costs each shopper a message per real change, not per tick.
 */
export class ShopperChannel {
  private readonly streams = new StreamGroups();
  private readonly lastQueue = new Map<string, string>();

  attach(callId: string, stream: SseStream): () => void {
    const detach = this.streams.add(callId, stream);
    // A reconnecting widget gets the current place in line again.
    this.lastQueue.delete(callId);
    return () => {
      if (detach()) this.lastQueue.delete(callId);
    };
  }

  watched(): Iterable<string> {
    return this.streams.keys();
  }

  send(callId: string, event: ShopperQueueEvent): void {
    if (!this.streams.has(callId)) return;
    if (event.type === 'queue') {
      const key = JSON.stringify(event);
      if (this.lastQueue.get(callId) === key) return;
      this.lastQueue.set(callId, key);
    }
    this.streams.send(callId, event);
  }

  /** The call is over: say so and close its streams. */
  finish(callId: string): void {
    this.lastQueue.delete(callId);
    for (const stream of this.streams.take(callId)) {
      stream.send({ type: 'ended' } satisfies ShopperQueueEvent);
      stream.close();
    }
  }

  closeAll(): void {
    this.streams.closeAll();
  }
}
