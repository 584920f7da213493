import type { ShopperQueueEvent } from '../contract/queue.js';
import type { SseStream } from '../push/sse.js';

/**
 * The push channel to waiting shoppers' widgets, by call. Queue updates are sent only when
 * they change, so a busy line costs each shopper a message per real change, not per tick.
 */
export class ShopperChannel {
  private readonly streams = new Map<string, Set<SseStream>>();
  private readonly lastQueue = new Map<string, string>();

  attach(callId: string, stream: SseStream): () => void {
    let set = this.streams.get(callId);
    if (!set) this.streams.set(callId, (set = new Set()));
    set.add(stream);
    // A reconnecting widget gets the current place in line again.
    this.lastQueue.delete(callId);
    return () => {
      const current = this.streams.get(callId);
      if (!current?.delete(stream) || current.size > 0) return;
      this.streams.delete(callId);
      this.lastQueue.delete(callId);
    };
  }

  watched(): Iterable<string> {
    return this.streams.keys();
  }

  send(callId: string, event: ShopperQueueEvent): void {
    const set = this.streams.get(callId);
    if (!set) return;
    if (event.type === 'queue') {
      const key = JSON.stringify(event);
      if (this.lastQueue.get(callId) === key) return;
      this.lastQueue.set(callId, key);
    }
    for (const stream of set) stream.send(event);
  }

  /** The call is over: say so and close its streams. */
  finish(callId: string): void {
    const set = this.streams.get(callId);
    if (!set) return;
    this.streams.delete(callId);
    this.lastQueue.delete(callId);
    for (const stream of set) {
      stream.send({ type: 'ended' } satisfies ShopperQueueEvent);
      stream.close();
    }
  }

  closeAll(): void {
    const all = [...this.streams.values()];
    this.streams.clear();
    for (const set of all) for (const stream of set) stream.close();
  }
}
