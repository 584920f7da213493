import type { LivekitAccess } from '../livekit/nodes.js';
import type { AcceptResponse } from '../contract/agent.js';
import type { CallKind, CreateCallResponse, EndReason, Page, RejoinResponse, RoomMetadata, ServerCallState } from '../contract/calls.js';
import { agentIdentity, parseIdentity, shopperIdentity } from '../contract/identities.js';
import type { ShopHours } from '../hours/shop-hours.js';
import { queueStatus } from '../queue/availability.js';
import type { ShopperChannel } from './shopper-channel.js';
import type { AgentChannel } from '../agents/agent-channel.js';
import { HttpError } from '../http/errors.js';
import { newId } from '../ids.js';
import type { CallRooms } from '../livekit/rooms.js';
import { mintShopperToken } from '../livekit/tokens.js';
import type { Logger } from '../log.js';
import type { QueueRouter } from '../queue/router.js';
import type { Agent, CallRecord, Store } from '../store/store.js';
import { callData } from '../shop-webhooks/payloads.js';
import { NO_SHOP_EVENTS, type ShopEvents } from '../shop-webhooks/shop-events.js';
import type { ChatService } from '../chat/chat-service.js';
import type { CallRecorder } from '../../recordings/recording-service.js';
import { signCallKey } from './call-keys.js';

export interface CallServiceOptions {
  store: Store;
  rooms: CallRooms;
  router: QueueRouter;
  channel: AgentChannel;
  shoppers: ShopperChannel;
  hours: ShopHours;
  log: Logger;
  now: () => number;
  livekit: LivekitAccess;
  shopperTokenTtlS: number;
  agentRejoinGraceMs: number;
  /** How long a call waits for a shopper who left its room (a page change, a lost network) to come back. */
  shopperRejoinGraceMs: number;
  secret: string;
  chat: ChatService;
  recorder: CallRecorder;
  /** The shop's webhooks hear of calls queued, answered and ended. */
  events?: ShopEvents;
  /**
   * How long an ended call's room waits at most for both sides, told of the end, to leave it
   * themselves (default 2 s); it is deleted as soon as they have. A room deleted under a client
   * still in it drops its signalling connection mid-message, and Firefox's livekit-client reports
   * that as uncaught errors on the shop's page.
   */
  endedRoomLingerMs?: number;
}

/** A call's life: opened by a shopper, answered by an agent, ended by anyone or by LiveKit. */
export class CallService {
  /** Parties who left a call's room, waiting to see whether they come back; keyed by call id and identity. */
  private readonly graces = new Map<string, NodeJS.Timeout>();
  private absenceWatch: NodeJS.Timeout | undefined;
  private reconcileRetry: NodeJS.Timeout | undefined;
  /** Rooms of ended calls whose parties were still in them: deleted when they have left, or at the linger's end. */
  private readonly lingering = new Map<string, { timer: NodeJS.Timeout; parties: string[] }>();

  constructor(private readonly o: CallServiceOptions) {}

  stop(): void {
    for (const timer of this.graces.values()) clearTimeout(timer);
    this.graces.clear();
    // Stopping: nobody is left to wait for.
    for (const callId of this.lingering.keys()) void this.closeRoomNow(callId);
    clearInterval(this.absenceWatch);
    clearTimeout(this.reconcileRetry);
  }

  /** A call enters the line only while the shop is open and someone is there, or for a consultant who is. */
  private async checkOpen(request: { agentId?: string | undefined; language?: string | undefined }): Promise<void> {
    const status = await queueStatus(this.o.router, this.o.hours, this.o.now(), request.language);
    if (!status.open) {
      throw status.closedReason === 'hours'
        ? new HttpError(409, 'closed', 'Calls are closed now; leave a call-back request instead.')
        : new HttpError(409, 'no-consultants', 'No consultant is online right now; leave a call-back request instead.');
    }
    if (request.agentId === undefined) return;
    const chosen = status.consultants.find((c) => c.id === request.agentId);
    if (!chosen) throw new HttpError(404, 'consultant-not-found', 'There is no such consultant.', 'agentId');
    if (chosen.status === 'away') {
      throw new HttpError(409, 'consultant-away', `${chosen.name} is away; call the first available consultant instead.`, 'agentId');
    }
  }

  async open(
    request: { page: Page; language?: string | undefined; agentId?: string | undefined; kind?: CallKind | undefined; visitor?: string | undefined },
    origin: string | null,
  ): Promise<CreateCallResponse> {
    const { store, rooms, log } = this.o;
    const { page } = request;
    await this.checkOpen(request);
    const callId = newId('call');
    const shopper = shopperIdentity(callId);
    // The room first: a call is in the queue (and can ring someone) only once its room exists.
    try {
      await rooms.create(callId, { v: 1, state: 'waiting', shopper, ...(request.kind === 'chat' ? { chat: {} } : {}) });
    } catch (err) {
      log.error('could not create the call room', { callId, err });
      throw new HttpError(503, 'media-unavailable', 'The video service is not reachable right now. Please try again shortly.');
    }
    let created: CallRecord;
    try {
      created = await store.calls.create(
        {
          id: callId,
          page,
          origin,
          ...(request.language ? { language: request.language } : {}),
          ...(request.agentId ? { requestedAgentId: request.agentId } : {}),
          ...(request.kind ? { kind: request.kind } : {}),
          ...(request.visitor ? { visitorId: request.visitor } : {}),
        },
        this.o.now(),
      );
    } catch (err) {
      // Undoing the room is best effort: the store's error is what the shopper hears; an empty room closes by itself after LiveKit's timeout.
      await rooms.delete(callId).catch(() => undefined);
      throw err;
    }
    const token = await mintShopperToken(this.o.livekit, { room: callId, identity: shopper, ttlS: this.o.shopperTokenTtlS });
    log.info('call created', { callId, page: page.url, origin, chosen: request.agentId, language: request.language, kind: request.kind });
    void this.o.router.dispatch();
    void this.events.emit('call.queued', callData(created));
    return {
      callId,
      livekitUrl: this.o.livekit.browserUrl,
      token,
      callKey: signCallKey(this.o.secret, callId, 4 * 3600),
    };
  }

  /** Only the agent the call rings for can answer it, and only once. */
  async answer(callId: string, agent: Agent): Promise<AcceptResponse> {
    const { store, rooms, log } = this.o;
    const at = this.o.now();
    if (!(await store.calls.answer(callId, agent.id, at))) {
      const call = await store.calls.get(callId);
      if (!call) throw new HttpError(404, 'call-not-found', 'There is no such call.');
      throw new HttpError(409, 'offer-gone', 'This call is no longer ringing for you.');
    }
    this.o.router.settle(callId);
    // Before the room lets the recorder in: the first frames follow within milliseconds.
    this.o.recorder.callAnswered(callId, at);
    const shopper = shopperIdentity(callId);
    try {
      const call = await store.calls.get(callId);
      if (!call) throw new Error('the call vanished while it was answered');
      await rooms.setMetadata(callId, await this.answeredMetadata(call, agent.id));
    } catch (err) {
      // The shopper hung up in the same instant: their hang-up already ended the call and closed the room.
      if ((await store.calls.get(callId))?.state === 'ended') throw new HttpError(409, 'offer-gone', 'The shopper has just hung up.');
      log.error('could not tell the room the call was answered', { callId, err });
      await this.end(callId, 'media-error');
      throw new HttpError(503, 'media-unavailable', 'The video service did not answer; the call was ended.');
    }
    log.info('call answered', { callId, agentId: agent.id });
    // After the room was told, and off the answer's path: the faces come first, the shop's CRM a moment later.
    void this.events.emit('call.answered', async () => {
      const call = await store.calls.get(callId);
      if (!call) throw new Error(`the call ${callId} is gone`);
      return callData(call, agent);
    });
    // Off the hot path: the consoles' view of the line loses this shopper. Nobody became free
    // and nobody joined, so there is nothing to plan.
    void this.o.router.refreshLine();
    return { callId, shopperIdentity: shopper };
  }

  /** What a call's room says in the call's present state (the room keeper creates lost rooms with it). */
  async roomMetadata(call: CallRecord): Promise<RoomMetadata> {
    return call.state === 'in-call' && call.agentId ? this.answeredMetadata(call, call.agentId) : waitingMetadata(call);
  }

  /** What the room says once a consultant has the call: who the shopper admits, and the recorder both let in. */
  private async answeredMetadata(call: CallRecord, agentId: string): Promise<RoomMetadata> {
    const recorder = await this.o.recorder.identityFor(call.id);
    return {
      v: 1,
      state: 'answered',
      shopper: shopperIdentity(call.id),
      agent: agentIdentity(agentId),
      ...(recorder ? { recorder } : {}),
      ...chatPart(call),
    };
  }

  async decline(callId: string, agent: Agent): Promise<void> {
    if (!(await this.o.router.reject(callId, agent.id, 'declined'))) {
      throw new HttpError(409, 'offer-gone', 'This call is no longer ringing for you.');
    }
  }

  async hangUpAsShopper(callId: string): Promise<void> {
    const call = await this.o.store.calls.get(callId);
    if (!call) throw new HttpError(404, 'call-not-found', 'There is no such call.');
    await this.end(callId, (state) => (state === 'in-call' ? 'shopper-hung-up' : 'cancelled'));
  }

  async hangUpAsAgent(callId: string, agent: Agent): Promise<void> {
    const call = await this.o.store.calls.get(callId);
    if (!call || call.agentId !== agent.id || call.state !== 'in-call') {
      throw new HttpError(404, 'call-not-found', 'You have no such call.');
    }
    await this.end(callId, 'agent-hung-up');
  }

  /** Ends the call once (later calls are no-ops), tells both sides, frees the agent, and closes the room soon after. */
  async end(callId: string, reason: EndReason | ((state: ServerCallState) => EndReason)): Promise<void> {
    const { store, channel, router, log } = this.o;
    const at = this.o.now();
    const before = await store.calls.end(callId, reason, at);
    if (!before) return;
    router.settle(callId);
    this.o.shoppers.finish(callId);
    this.forgetGraces(callId);
    const why = typeof reason === 'function' ? reason(before.state) : reason;
    log.info('call ended', { callId, reason: why, agentId: before.agentId, wasState: before.state });
    void this.events.emit('call.ended', async () => {
      const agent = before.agentId ? await store.agents.get(before.agentId) : undefined;
      return callData({ ...before, state: 'ended', endedAt: at, endReason: why }, agent);
    });
    if (before.agentId) {
      channel.send(
        before.agentId,
        before.state === 'ringing' ? { type: 'offer-withdrawn', callId, reason: 'cancelled' } : { type: 'call-ended', callId, reason: why },
      );
    }
    await this.closeRoomWhenLeft(callId, [shopperIdentity(callId), ...(before.agentId ? [agentIdentity(before.agentId)] : [])]);
    // Also for a call put back in the line and ended while waiting: its recorder is still in the room.
    // Finishing the files takes a moment; nobody waits for it (a graceful shutdown does).
    void this.o.recorder.callEnded(callId);
    void router.dispatch();
  }

  private get events(): ShopEvents {
    return this.o.events ?? NO_SHOP_EVENTS;
  }

  /**
   * Deletes the room once the parties, told of the end, have left it on their own; at the
   * linger's end, whoever is still in it is disconnected with it. Until then a token still valid
   * could enter it again, so the wait is as short as the parties make it: nobody in it, at once.
   */
  private async closeRoomWhenLeft(callId: string, parties: string[]): Promise<void> {
    const timer = setTimeout(() => void this.closeRoomNow(callId), this.o.endedRoomLingerMs ?? 2000);
    timer.unref();
    this.lingering.set(callId, { timer, parties });
    await this.closeRoomIfLeft(callId);
  }

  private async closeRoomIfLeft(callId: string): Promise<void> {
    const waiting = this.lingering.get(callId);
    if (!waiting) return;
    const present = await this.o.rooms.participants(callId);
    if (!waiting.parties.some((identity) => present.includes(identity))) await this.closeRoomNow(callId);
  }

  private async closeRoomNow(callId: string): Promise<void> {
    const waiting = this.lingering.get(callId);
    if (!waiting) return;
    clearTimeout(waiting.timer);
    this.lingering.delete(callId);
    await this.deleteRoom(callId);
  }

  private async deleteRoom(callId: string): Promise<void> {
    try {
      await this.o.rooms.delete(callId);
    } catch (err) {
      this.o.log.warn('could not delete the call room; LiveKit closes it when empty', { callId, err });
    }
  }

  /** LiveKit says someone left a call room (closed tab, another page, lost network, kicked). */
  async participantLeft(room: string, identity: string): Promise<void> {
    // A party of an ended call leaving its room: the room may go now.
    if (this.lingering.has(room)) return this.closeRoomIfLeft(room);
    const call = await this.o.store.calls.get(room);
    const who = parseIdentity(identity);
    if (!call || call.state === 'ended' || !who) return;
    // The widget rejoins from the next page within seconds; only a shopper who stays gone ends the call.
    if (who.role === 'shopper' && identity === shopperIdentity(call.id)) await this.awaitReturn(call.id, identity, this.o.shopperRejoinGraceMs);
    // A console that reloads or changes network rejoins within seconds too.
    else if (who.role === 'agent' && call.state === 'in-call' && who.id === call.agentId) await this.awaitReturn(call.id, identity, this.o.agentRejoinGraceMs);
  }

  /**
   * Gives `identity` `graceMs` to come back. The absence is kept in the store, so that should
   * this server stop meanwhile, another decides on it (`watchAbsences`); this one keeps a timer
   * too, so that it decides on time.
   */
  private async awaitReturn(callId: string, identity: string, graceMs: number): Promise<void> {
    const until = this.o.now() + graceMs;
    await this.o.store.calls.markAbsent(callId, identity, until);
    const key = `${callId} ${identity}`;
    clearTimeout(this.graces.get(key));
    this.graces.set(
      key,
      setTimeout(() => {
        this.graces.delete(key);
        void this.absenceOver(callId, identity, until);
      }, graceMs),
    );
  }

  /**
   * Every server looks for absences whose time ran out a little while ago: those a server that
   * stopped (or died) was timing. A second later than the timers, so the timing server goes first.
   */
  watchAbsences(everyMs = 2_000, lateMs = 1_000): void {
    this.absenceWatch = setInterval(() => {
      this.o.store.calls
        .absencesDue(this.o.now() - lateMs)
        .then(async (due) => {
          for (const a of due) await this.absenceOver(a.callId, a.identity, a.until);
        })
        .catch((err: unknown) => this.o.log.warn('could not check the parties who left calls', { err }));
    }, everyMs);
  }

  /** A party's time to come back ran out: unless they are back, the shopper's call ends, or the consultant's goes back in line. */
  private async absenceOver(callId: string, identity: string, until: number): Promise<void> {
    try {
      // Exactly one server decides on each absence.
      if (!(await this.o.store.calls.takeAbsence(callId, identity, until))) return;
      const call = await this.o.store.calls.get(callId);
      const who = parseIdentity(identity);
      if (!call || call.state === 'ended' || !who) return;
      if ((await this.o.rooms.participants(callId)).includes(identity)) return;
      if (who.role === 'shopper') await this.end(callId, (state) => (state === 'in-call' ? 'shopper-left' : 'cancelled'));
      else if (call.state === 'in-call' && call.agentId === who.id) await this.putBack(callId, who.id, 'agent-left');
    } catch (err) {
      this.o.log.error('could not check a party who left a call', { callId, identity, err });
    }
  }

  private forgetGraces(callId: string): void {
    for (const [key, timer] of this.graces) {
      if (key.startsWith(`${callId} `)) {
        clearTimeout(timer);
        this.graces.delete(key);
      }
    }
  }

  /** The shopper is on another page now; the consultant's console shows it. */
  async pageSeen(callId: string, page: Page): Promise<void> {
    const call = await this.o.store.calls.get(callId);
    if (!call || call.state === 'ended') throw new HttpError(410, 'call-ended', 'This call has ended.');
    await this.o.chat.pageSeen(call, page);
  }

  /**
   * The shopper's widget comes back to its call: from another page of the shop, or after a
   * disconnect the SDK could not resume. Same room, same place in line, same consultant; the
   * page they are on now is passed to the consultant.
   */
  async rejoin(callId: string, page: Page): Promise<RejoinResponse> {
    await this.pageSeen(callId, page);
    const token = await mintShopperToken(this.o.livekit, { room: callId, identity: shopperIdentity(callId), ttlS: this.o.shopperTokenTtlS });
    this.o.log.info('shopper rejoined', { callId, page: page.url });
    return { livekitUrl: this.o.livekit.browserUrl, token };
  }

  /**
   * The call goes back to the front of the line in the same room: its consultant dropped out
   * for good, or handed it back. The shopper is told; the next free consultant is rung.
   */
  async putBack(callId: string, agentId: string, reason: 'agent-left' | 'agent-requeued'): Promise<boolean> {
    const { store, rooms, channel, shoppers, router, log } = this.o;
    const at = this.o.now();
    if (!(await store.calls.requeue(callId, agentId, reason, at))) return false;
    clearTimeout(this.graces.get(`${callId} ${agentIdentity(agentId)}`));
    this.graces.delete(`${callId} ${agentIdentity(agentId)}`);
    await store.agents.markIdle(agentId, at);
    // The room first, so that whoever hears the news finds the room already saying so.
    try {
      const call = await store.calls.get(callId);
      await rooms.setMetadata(callId, call ? waitingMetadata(call) : { v: 1, state: 'waiting', shopper: shopperIdentity(callId) });
    } catch (err) {
      log.error('could not tell the room the call is waiting again', { callId, err });
    }
    channel.send(agentId, { type: 'call-left', callId, reason: 'requeued' });
    shoppers.send(callId, { type: 'requeued', reason });
    log.info('call put back in the queue', { callId, agentId, reason });
    void router.dispatch();
    return true;
  }

  async requeueByAgent(callId: string, agent: Agent): Promise<void> {
    if (!(await this.putBack(callId, agent.id, 'agent-requeued'))) {
      throw new HttpError(404, 'call-not-found', 'You have no such call.');
    }
  }

  /**
   * Hands a call to a free colleague in the same room: the colleague joins at once, the
   * shopper is told, and the first consultant's console leaves once the colleague is in.
   */
  async transfer(callId: string, from: Agent, toId: string): Promise<void> {
    const { store, rooms, channel, shoppers, router, log } = this.o;
    const call = await store.calls.get(callId);
    if (!call || call.state !== 'in-call' || call.agentId !== from.id) throw new HttpError(404, 'call-not-found', 'You have no such call.');
    const to = await store.agents.get(toId);
    if (!to || to.disabledAt !== null) throw new HttpError(404, 'consultant-not-found', 'There is no such consultant.', 'agentId');
    const at = this.o.now();
    if (!channel.isOnline(to.id) || !(await store.calls.transfer(callId, from.id, to.id, at))) {
      throw new HttpError(409, 'consultant-unavailable', `${to.name} cannot take a call right now.`, 'agentId');
    }
    await store.agents.markIdle(from.id, at);
    // The room first: the shopper's widget admits the colleague by it, so it must be right before they join.
    try {
      await rooms.setMetadata(callId, await this.answeredMetadata(call, to.id));
    } catch (err) {
      log.error('could not tell the room about the transfer', { callId, err });
    }
    channel.send(to.id, { type: 'assignment', assignment: await router.assignment({ ...call, agentId: to.id }, to, from.name) });
    channel.send(from.id, { type: 'call-left', callId, reason: 'transferred', to: { name: to.name, identity: agentIdentity(to.id) } });
    shoppers.send(callId, { type: 'transferred', to: to.name });
    log.info('call transferred', { callId, from: from.id, to: to.id });
    void router.dispatch();
  }

  /** A shopper waiting for a chosen consultant takes the first available one instead. */
  async switchToAnyone(callId: string): Promise<void> {
    const call = await this.o.store.calls.get(callId);
    if (!call || call.state === 'ended') throw new HttpError(404, 'call-not-found', 'There is no such call.');
    if (await this.o.store.calls.switchToAnyone(callId, this.o.now())) {
      this.o.log.info('shopper switched to the first available consultant', { callId });
      void this.o.router.dispatch();
    }
  }

  async roomFinished(room: string): Promise<void> {
    const call = await this.o.store.calls.get(room);
    if (call && call.state !== 'ended') await this.end(call.id, 'room-closed');
  }

  /**
   * At start-up: rings interrupted by the restart resume with what was left of them, and calls
   * whose room vanished (LiveKit restarted with us) are ended as lost. If LiveKit cannot be
   * asked yet, the rings still resume and the room check is tried again shortly.
   */
  async reconcile(retryMs = 15_000): Promise<void> {
    const open = await this.o.store.calls.listOpen();
    for (const call of open) this.o.router.armRing(call);
    if (open.length === 0) return;
    let live: Set<string>;
    try {
      live = new Set(await this.o.rooms.list());
    } catch (err) {
      this.o.log.warn('could not list LiveKit rooms; will try again', { err, retryMs });
      // Each retry logs its own failure above and schedules the next; nothing is left to report.
      this.reconcileRetry = setTimeout(() => void this.reconcile(retryMs).catch(() => undefined), retryMs);
      return;
    }
    for (const call of open) if (!live.has(call.id)) await this.end(call.id, 'lost');
    this.o.log.info('open calls reconciled', { open: open.length, live: live.size });
  }
}

/** A chat call not yet turned into video says so in its room, with whoever asks for video now. */
export function chatPart(call: CallRecord): Pick<RoomMetadata, 'chat'> {
  if (call.kind !== 'chat' || call.videoSince !== null) return {};
  return { chat: call.videoAskedBy ? { ask: call.videoAskedBy } : {} };
}

function waitingMetadata(call: CallRecord): RoomMetadata {
  return { v: 1, state: 'waiting', shopper: shopperIdentity(call.id), ...chatPart(call) };
}
