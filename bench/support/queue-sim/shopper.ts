/** A simulated shopper: the click that opens a call, and the hang-up, whether giving up or ending it. */
import type { CreateCallResponse } from '../../../server/contract/calls.js';
import { SHOP_ORIGIN } from '../../../test/support/test-server.js';
import { now } from './clock.js';
import { shopperHeaders } from './http.js';
import { followPlaceInLine } from './shopper-feed.js';
import type { SimCall } from './sim-call.js';
import type { Sim } from './simulation.js';

export async function openCall(sim: Sim, call: SimCall): Promise<void> {
  call.postSentAt = now();
  call.waitingSince = call.postSentAt;
  const r = await sim.request('POST /api/calls', `${sim.shopperServer(call.n)}/api/calls`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: SHOP_ORIGIN },
    body: JSON.stringify({ page: { url: `https://shop.test/p/item-${call.n % 50}`, title: `Item ${call.n % 50}` } }),
  });
  call.postStatus = r.status;
  sim.samples.post.push(r.ms);
  if (r.status !== 201) {
    sim.anomaly(`shopper ${call.n}: POST /api/calls → ${r.status} ${JSON.stringify(r.body)}`);
    sim.checkDone(call);
    return;
  }
  const created = r.body as CreateCallResponse;
  call.callId = created.callId;
  call.callKey = created.callKey;
  sim.register(call, created.callId);
  if (call.withFeed) void followPlaceInLine(sim, call);
  if (call.cancels) {
    setTimeout(
      () => {
        if (!call.answeredBy && !call.terminalDone && !call.cancelRequested) void hangUp(sim, call, 'gives up');
      },
      Math.max(0, call.postSentAt + call.patienceMs - now()),
    );
  }
}

export async function hangUp(sim: Sim, call: SimCall, why: 'gives up' | 'ends the call'): Promise<void> {
  if (why === 'gives up') call.cancelRequested = true;
  call.hangupSentAt = now();
  const r = await sim.request('POST /api/calls/:id/hangup', `${sim.shopperServer(call.n)}/api/calls/${call.callId}/hangup`, {
    method: 'POST',
    headers: shopperHeaders(call.callKey),
  });
  sim.samples.hangup.push(r.ms);
  if (r.status === 204) call.terminalDone = true;
  else sim.anomaly(`shopper ${call.n} (${why}): hangup ${call.callId} → ${r.status} ${JSON.stringify(r.body)}`);
  sim.checkDone(call);
}
