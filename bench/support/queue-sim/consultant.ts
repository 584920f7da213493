/**
 * A simulated consultant: rung for calls, it answers or declines after a moment's thought, holds
 * the call, then hangs up (or waits for the shopper to). Checks along the way what the server
 * must never do to it: ring it while it holds a call, or ring it again for a call it just turned down.
 */
import type { AgentEvent } from '../../../server/contract/agent.js';
import type { EndReason } from '../../../server/contract/calls.js';
import { now } from './clock.js';
import { ConsoleClient } from './console-client.js';
import { loopbackFor } from './event-stream-get.js';
import { between } from './random.js';
import { hangUp } from './shopper.js';
import type { SimCall } from './sim-call.js';
import type { Sim } from './simulation.js';

export class SimAgent {
  private current: SimCall | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** When this consultant last became free to take a call. */
  private freeSince = 0;
  /** Calls this consultant declined or let ring out, and when: the server must not ring it for them again within the ring timeout. */
  private readonly turnedDown = new Map<SimCall, number>();
  /** The answered call this consultant is in, by its own account: from its accept's 200 to its end click or the call-ended event. */
  private inCall: SimCall | undefined;
  private readonly client: ConsoleClient;
  /** Where the console's event stream is open. */
  readonly streamServer: string;

  /** Consultant n's stream is on server n mod k and its buttons on ⌊n/k⌋ mod k (see Sim.shopperServer). */
  constructor(
    private readonly sim: Sim,
    readonly id: string,
    readonly email: string,
    n: number,
  ) {
    const k = sim.urls.length;
    this.streamServer = sim.urls[n % k];
    this.client = new ConsoleClient(sim, email, this.streamServer, sim.urls[Math.floor(n / k) % k], loopbackFor(n));
  }

  /** Signs in, opens the console's event stream and becomes available, as a consultant starting the day. */
  async comeOnline(): Promise<void> {
    await this.client.signIn();
    await this.client.connect((e, at) => this.onEvent(e, at));
    await this.available();
  }

  disconnect(): void {
    this.client.disconnect();
  }

  private async available(): Promise<void> {
    const r = await this.client.post('POST /api/agent/status', '/api/agent/status', { status: 'available' });
    if (r.status !== 200) throw new Error(`status of ${this.email} → ${r.status}`);
    this.freeSince = now();
  }

  private onEvent(e: AgentEvent, at: number): void {
    switch (e.type) {
      case 'assignment':
        this.sim.withCall(e.assignment.callId, (call) => this.ring(call, e.assignment.state, at));
        break;
      case 'offer-withdrawn':
        this.sim.withCall(e.callId, (call) => this.withdrawn(call, e.reason, at));
        break;
      case 'call-ended':
        this.sim.withCall(e.callId, (call) => this.ended(call, e.reason, at));
        break;
      case 'status':
        if (e.status === 'away') {
          this.sim.counts.setAway++;
          this.sim.anomaly(`${this.email} was set away (${e.reason ?? 'no reason'})`);
          if (!this.sim.closing) void this.available().catch((err: unknown) => this.sim.anomaly(String(err)));
        }
        break;
      case 'call-left':
        this.sim.anomaly(`${this.email}: unexpected ${JSON.stringify(e)}`);
        break;
      default:
        break; // call-back requests concern nobody here
    }
  }

  private ring(call: SimCall, state: 'ringing' | 'in-call', at: number): void {
    const { sim } = this;
    if (state !== 'ringing') return sim.anomaly(`${this.email}: unexpected in-call assignment of ${call.callId}`);
    const held = this.current;
    if (held) {
      sim.counts.doubleOffers++;
      if (held.hangupSentAt !== undefined) {
        // The shopper had hung up the held call, and the next ring overtook the news of its end
        // (with several servers they travel separately). Whether the store ended it before the
        // offer is the store history's check; here this consultant counts as free since the hang-up.
        sim.counts.ringsAheadOfEnd++;
        this.freeSince = Math.max(this.freeSince, held.hangupSentAt);
      } else {
        sim.anomaly(`${this.email}: offered ${call.callId} while still holding ${held.callId}`);
      }
    }
    const turnedDownAt = this.turnedDown.get(call);
    if (turnedDownAt !== undefined && at - turnedDownAt < sim.o.ringTimeoutS * 1000) {
      sim.counts.reRung++;
      sim.anomaly(
        `${this.email}: rung for ${call.callId} ${Math.round(at - turnedDownAt)} ms after turning it down (the cool-down is the ring timeout, ${sim.o.ringTimeoutS} s)`,
      );
    }
    call.offers++;
    if (sim.shopperServer(call.n) !== this.streamServer) sim.counts.crossRings++;
    if (call.offers === 1) sim.samples.clickToRing.push(at - call.postSentAt);
    // Assignment latency: from when this call and this consultant were both free to meet.
    const since = Math.max(call.waitingSince, this.freeSince);
    sim.samples.assignAll.push(at - since);
    (call.waitingSince >= this.freeSince ? sim.samples.assignToIdle : sim.samples.assignFreed).push(at - since);
    this.current = call;
    const declines = sim.random() < sim.o.decline;
    const think = between(sim.random, sim.o.thinkMs);
    this.timer = setTimeout(() => void (declines ? this.decline(call) : this.accept(call)), Math.max(0, at + think - now()));
  }

  private async accept(call: SimCall): Promise<void> {
    const { sim } = this;
    this.timer = undefined;
    call.accepting = this;
    const r = await this.client.post('POST /api/agent/calls/:id/accept', `/api/agent/calls/${call.callId}/accept`);
    call.accepting = undefined;
    sim.samples.accept.push(r.ms);
    if (r.status === 200) {
      this.answered(call, true);
      call.answeredAt = now();
      sim.samples.clickToAnswer.push(call.answeredAt - call.postSentAt);
      if (call.cancelRequested) {
        // The shopper's give-up is on its way and will end a live call: nothing to do but wait.
        call.ender = 'shopper';
        call.raced = true;
        sim.checkDone(call);
        return;
      }
      call.ender = call.shopperEnds ? 'shopper' : 'agent';
      setTimeout(() => void (call.ender === 'agent' ? this.end(call) : hangUp(sim, call, 'ends the call')), call.holdMs);
    } else if (r.status === 409) {
      // The shopper gave up first (or the ring ran out); the withdrawal event frees this console.
      sim.counts.acceptConflicts++;
    } else if (r.status === 503 && (r.body as { error?: { code?: string } } | undefined)?.error?.code === 'media-unavailable') {
      // The server answers only after the store has the call in-call, so a 503 means it was
      // answered, and then ended: by the shopper's give-up if one was on its way, else as a media error.
      this.answered(call, false);
      call.answeredAt = now();
      call.ender = call.cancelRequested ? 'shopper' : undefined;
      call.raced = call.cancelRequested;
      sim.counts.accept503++;
      sim.anomaly(
        `${this.email}: accept ${call.callId} → 503 media-unavailable` +
          (call.cancelRequested ? ' although LiveKit is up: the shopper hung up while the server was telling LiveKit the call was answered' : ''),
      );
      sim.checkDone(call);
    } else {
      sim.anomaly(`${this.email}: accept ${call.callId} → ${r.status} ${JSON.stringify(r.body)}`);
    }
  }

  /** The server said this consultant answered: a second answer to one call, or an answer while in another call, is a doubled call. */
  private answered(call: SimCall, holds: boolean): void {
    const { sim } = this;
    if (call.answeredBy) sim.doubled.push(`${call.callId} answered by ${call.answeredBy.email}, then again by ${this.email}`);
    if (this.inCall && this.inCall !== call) {
      // As with a ring (see ring()): a call the shopper has hung up is over, whether or not its end has reached this console.
      if (this.inCall.hangupSentAt !== undefined) sim.counts.acceptsAheadOfEnd++;
      else sim.doubled.push(`${this.email} answered ${call.callId} while still in ${this.inCall.callId}`);
    }
    call.answeredBy = this;
    // The call-ended event can overtake the accept's response (the shopper hung up meanwhile).
    if (holds && !call.agentSawEnd) this.inCall = call;
  }

  private async decline(call: SimCall): Promise<void> {
    const { sim } = this;
    this.timer = undefined;
    const at = now();
    this.current = undefined;
    this.freeSince = at;
    call.waitingSince = at;
    this.turnedDown.set(call, at);
    const r = await this.client.post('POST /api/agent/calls/:id/decline', `/api/agent/calls/${call.callId}/decline`);
    if (r.status !== 204) this.turnedDown.delete(call);
    if (r.status === 204) {
      call.declines++;
      sim.counts.declines++;
    } else if (r.status === 409) {
      sim.counts.declineConflicts++;
    } else {
      sim.anomaly(`${this.email}: decline ${call.callId} → ${r.status} ${JSON.stringify(r.body)}`);
    }
  }

  private async end(call: SimCall): Promise<void> {
    const { sim } = this;
    // Free from the click on: the next ring may arrive before this request's response.
    if (this.current === call) this.current = undefined;
    if (this.inCall === call) this.inCall = undefined;
    this.freeSince = now();
    const r = await this.client.post('POST /api/agent/calls/:id/end', `/api/agent/calls/${call.callId}/end`);
    sim.samples.end.push(r.ms);
    if (r.status === 204) call.terminalDone = true;
    else sim.anomaly(`${this.email}: end ${call.callId} → ${r.status} ${JSON.stringify(r.body)}`);
    sim.checkDone(call);
  }

  private withdrawn(call: SimCall, reason: string, at: number): void {
    const { sim } = this;
    if (this.current === call) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.current = undefined;
      this.freeSince = at;
    }
    switch (reason) {
      case 'declined':
        break; // our own decline
      case 'cancelled':
        if (!call.cancelRequested) sim.anomaly(`${call.callId}: offer withdrawn as cancelled, but the shopper did not give up`);
        break;
      case 'timeout':
        this.turnedDown.set(call, at);
        call.timeouts++;
        sim.counts.timeouts++;
        call.waitingSince = at;
        sim.anomaly(`${this.email}: the ring of ${call.callId} timed out`);
        break;
      default:
        call.waitingSince = at;
        sim.anomaly(`${this.email}: offer of ${call.callId} withdrawn (${reason})`);
    }
  }

  private ended(call: SimCall, reason: EndReason, at: number): void {
    call.agentEndReason = reason;
    call.agentSawEnd = true;
    // The server answers, then tells LiveKit before it responds; a hang-up in between ends the call first.
    if (call.answeredBy !== this && call.accepting !== this) this.sim.anomaly(`${this.email}: call-ended for ${call.callId}, which it did not answer`);
    if (this.current === call) {
      this.current = undefined;
      this.freeSince = at;
    }
    if (this.inCall === call) this.inCall = undefined;
    this.sim.checkDone(call);
  }
}
