/** A shopper's place-in-line feed: the server-sent events the widget reads while the call waits. */
import type { ShopperQueueEvent } from '../../../server/contract/queue.js';
import { readEventStream } from '../../../widget/call-core/event-stream.js';
import { now } from './clock.js';
import { getEventStream, loopbackFor } from './event-stream-get.js';
import { countStatus, shopperHeaders } from './http.js';
import type { Feed, SimCall } from './sim-call.js';
import type { Sim } from './simulation.js';

/** Reads the stream as the widget reads it, until the server says the call ended. */
export async function followPlaceInLine(sim: Sim, call: SimCall): Promise<void> {
  const feed: Feed = { abort: new AbortController(), openedAt: now(), messages: 0, maxPosition: 0, ended: false, closed: false };
  call.feed = feed;
  try {
    const res = await getEventStream(
      `${sim.feedServer(call.n)}/api/calls/${call.callId}/events`,
      shopperHeaders(call.callKey),
      feed.abort.signal,
      loopbackFor(call.n),
    );
    countStatus(sim.statuses, 'GET /api/calls/:id/events', res.status);
    if (res.status !== 200) {
      await res.body.cancel();
      sim.anomaly(`shopper ${call.n}: events ${call.callId} → ${res.status}`);
      return;
    }
    await readEventStream(res.body, (data) => onFeedEvent(sim, call, feed, data as ShopperQueueEvent, now()));
    if (!feed.ended && !sim.closing) sim.anomaly(`shopper ${call.n}: the feed of ${call.callId} closed without "ended"`);
  } catch (err) {
    if (!sim.closing) sim.anomaly(`shopper ${call.n}: feed ${call.callId} failed: ${String(err)} (${String((err as Error).cause)})`);
  } finally {
    feed.closed = true;
    sim.samples.feedMessages.push(feed.messages);
    sim.checkDone(call);
  }
}

function onFeedEvent(sim: Sim, call: SimCall, feed: Feed, e: ShopperQueueEvent, at: number): void {
  if (e.type === 'queue') {
    // A call answered before its feed connected hears only "ended": that is no place in line.
    if (feed.firstEventAt === undefined) {
      feed.firstEventAt = at;
      sim.samples.feedFirst.push(at - feed.openedAt);
    }
    feed.messages++;
    feed.maxPosition = Math.max(feed.maxPosition, e.position);
  } else if (e.type === 'ended') {
    feed.ended = true;
  } else {
    sim.anomaly(`shopper ${call.n}: unexpected feed event ${JSON.stringify(e)}`);
  }
}
