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
  /**
   * The last place in line each call was told, kept by every server whether or not it holds the
   * call's stream: a stream that opens or reconnects gets it at once, without a pass over the line.
   */
  private readonly latest = new Map<string, { key: string; event: QueueEvent }>();

  constructor(private readonly bus: Bus) {
    bus.subscribe('shoppers', ({ events }) => {
      for (const { callId, event } of events) this.deliver(callId, event);
    });
    bus.subscribe('shopper-finished', ({ callId }) => {
      this.published.delete(callId);
      this.latest.delete(callId);
      for (const stream of this.streams.take(callId)) {
        stream.send({ type: 'ended' } satisfies ShopperQueueEvent);
        stream.close();
      }
    });
  }

  /**
   * A widget's stream, opened or reopened, hears the call's current place in line at once when
   * it is waiting (`replay`). `told` is false when no place was published yet: then it needs a
   * pass (a call so new that its first pass has not run, or a server that just started).
   */
  attach(callId: string, stream: SseStream, replay: boolean): { detach: () => void; told: boolean } {
    const remove = this.streams.add(callId, stream);
    const last = replay ? this.latest.get(callId) : undefined;
    if (last) stream.send(last.event);
    // This server's next pass then sends the place even if it published the same before.
    else this.published.delete(callId);
    return { detach: () => void remove(), told: last !== undefined };
  }

  /** Something happened to one call (put back in line, transferred). */
  send(callId: string, event: ShopperQueueEvent): void {
    this.bus.publish('shoppers', { events: [{ callId, event }] });
  }

  /** Everyone's place in line after a pass; only the changed ones go out. Says whether any did. */
  sendPlaces(places: ReadonlyMap<string, QueueEvent>): boolean {
    const events: { callId: string; event: QueueEvent }[] = [];
    for (const [callId, event] of places) {
      const key = JSON.stringify(event);
      if (this.published.get(callId) === key) continue;
      this.published.set(callId, key);
      events.push({ callId, event });
    }
    for (const callId of this.published.keys()) if (!places.has(callId)) this.published.delete(callId);
    if (events.length > 0) this.bus.publish('shoppers', { events });
    return events.length > 0;
  }

  /** The call is over: say so and close its streams, on every server. */
  finish(callId: string): void {
    this.bus.publish('shopper-finished', { callId });
  }

  closeAll(): void {
    this.streams.closeAll();
  }

  private deliver(callId: string, event: ShopperQueueEvent): void {
    if (event.type === 'queue') {
      const key = JSON.stringify(event);
      if (this.latest.get(callId)?.key === key) return;
      this.latest.set(callId, { key, event });
    }
    if (this.streams.has(callId)) this.streams.send(callId, event);
  }
}
