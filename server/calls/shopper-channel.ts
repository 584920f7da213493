import type { Bus } from '../cluster/bus.js';
import type { ShopperQueueEvent } from '../contract/queue.js';
import type { SseStream } from '../push/sse.js';
import { StreamGroups } from '../push/stream-groups.js';

type QueueEvent = Extract<ShopperQueueEvent, { type: 'queue' }>;

/**
 * The push channel to waiting shoppers' widgets, by call, through the bus to whichever server
 * holds the widget's stream. A place in line is sent only when it changes, so a busy line costs
 * each shopper a message per real change, not per pass.
 */
export class ShopperChannel {
  private readonly streams = new StreamGroups();
  /** What this server last published per call, to keep unchanged places off the bus. */
  private readonly published = new Map<string, string>();
  /** What this server's streams last received per call (another server may publish the same). */
  private readonly delivered = new Map<string, string>();

  constructor(private readonly bus: Bus) {
    bus.subscribe('shoppers', ({ events }) => {
      for (const { callId, event } of events) this.deliver(callId, event);
    });
    bus.subscribe('shopper-finished', ({ callId }) => {
      this.published.delete(callId);
      this.delivered.delete(callId);
      for (const stream of this.streams.take(callId)) {
        stream.send({ type: 'ended' } satisfies ShopperQueueEvent);
        stream.close();
      }
    });
  }

  attach(callId: string, stream: SseStream): () => void {
    const detach = this.streams.add(callId, stream);
    // A reconnecting widget gets the current place in line again.
    this.published.delete(callId);
    this.delivered.delete(callId);
    return () => {
      if (detach()) this.delivered.delete(callId);
    };
  }

  /** Something happened to one call (put back in line, transferred). */
  send(callId: string, event: ShopperQueueEvent): void {
    this.bus.publish('shoppers', { events: [{ callId, event }] });
  }

  /** Everyone's place in line after a pass; only the changed ones go out. */
  sendPlaces(places: ReadonlyMap<string, QueueEvent>): void {
    const events: { callId: string; event: QueueEvent }[] = [];
    for (const [callId, event] of places) {
      const key = JSON.stringify(event);
      if (this.published.get(callId) === key) continue;
      this.published.set(callId, key);
      events.push({ callId, event });
    }
    for (const callId of this.published.keys()) if (!places.has(callId)) this.published.delete(callId);
    if (events.length > 0) this.bus.publish('shoppers', { events });
  }

  /** The call is over: say so and close its streams, on every server. */
  finish(callId: string): void {
    this.bus.publish('shopper-finished', { callId });
  }

  closeAll(): void {
    this.streams.closeAll();
  }

  private deliver(callId: string, event: ShopperQueueEvent): void {
    if (!this.streams.has(callId)) return;
    if (event.type === 'queue') {
      const key = JSON.stringify(event);
      if (this.delivered.get(callId) === key) return;
      this.delivered.set(callId, key);
    }
    this.streams.send(callId, event);
  }
}
