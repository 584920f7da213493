import type { LivekitAccess } from '../livekit/nodes.js';
import type { Assignment, AwayReason, LineEntry } from '../contract/agent.js';
import { agentIdentity, shopperIdentity } from '../contract/identities.js';
import type { ConsultantStatus, ShopperQueueEvent } from '../contract/queue.js';
import type { AgentChannel } from '../agents/agent-channel.js';
import type { ShopperChannel } from '../calls/shopper-channel.js';
import { mintAgentToken } from '../livekit/tokens.js';
import type { Logger } from '../log.js';
import type { Agent, CallRecord, Store } from '../store/store.js';
import { Pacer } from './pacer.js';
import { linePositions, planOffers, type FreeAgent, type WaitingCall } from './routing.js';

/** Until the shop has answered calls of its own, a wait estimate assumes calls of this length. */
const DEFAULT_HANDLE_MS = 3 * 60_000;

/** The wait at a place in line, rounded up to half minutes: a shopper needs a sense of scale, and each change costs a message. */
const waitEstimateMs = (position: number, handleMs: number, servers: number): number => Math.ceil((position * handleMs) / servers / 30_000) * 30_000;

export interface RouterOptions {
  store: Store;
  channel: AgentChannel;
  shoppers: ShopperChannel;
  log: Logger;
  now: () => number;
  ringTimeoutMs: number;
  /** Missing this many offers in a row sets an agent away. */
  maxMissedOffers: number;
  livekit: LivekitAccess;
  agentTokenTtlS: number;
  setAway: (agentId: string, reason: AwayReason) => Promise<unknown>;
  /** A call started ringing someone (the recorder joins then, to be ready at the answer). */
  onRing?: (callId: string) => void;
  /** The consoles' line and the shoppers' places go out at most this often (250 ms); see `Pacer`. */
  lineEveryMs?: number;
}

/** Who is there right now, as the queue sees it. */
export interface Team {
  agents: Agent[];
  /** Agents with a call ringing for them or in progress. */
  busy: Set<string>;
  /** Online and either available or busy: the people who will serve the line. */
  serving: Agent[];
  statusOf(agent: Agent): ConsultantStatus;
}

/** What one pass knew, from which the consoles' line is made when it is sent. */
interface LineInput {
  open: readonly CallRecord[];
  team: Team;
  rejections: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

/** What one pass knew, from which the shoppers' places are made when they are sent. */
interface PlacesInput {
  open: readonly CallRecord[];
  /** Calls this pass rang, and whom. */
  offered: ReadonlyMap<string, string>;
  team: Team;
  spoken: ReadonlySet<string>;
  handleMs: number;
}

const toFree = (a: Agent): FreeAgent => ({ id: a.id, idleSince: a.idleSince, languages: a.languages });

const toWaiting = (c: CallRecord, rejectedAt: ReadonlyMap<string, number> = new Map()): WaitingCall => ({
  id: c.id,
  createdAt: c.createdAt,
  front: c.front,
  rejectedAt,
  ...(c.language ? { language: c.language } : {}),
  ...(c.requestedAgentId ? { agentId: c.requestedAgentId } : {}),
});

/**
 * Matches queued calls to free, connected agents, runs the ring (offer, timeout, decline,
 * agent gone) and tells waiting shoppers their place in line. Decisions come from the pure
 * `planOffers`; every change goes through the store's conditional transitions, so the
 * database, not this object, is the source of truth.
 */
export class QueueRouter {
  private readonly rings = new Map<string, NodeJS.Timeout>();
  private retryTimer: NodeJS.Timeout | undefined;
  private ringWatch: NodeJS.Timeout | undefined;
  /** The passes asked for and not yet done, from the first ask until the last pass ends. */
  private running: Promise<void> | undefined;
  /** What the next pass must do: plan and tell everyone, or only show the consoles the line. */
  private wanted: 'plan' | 'line' | undefined;
  private stopped = false;
  /** The line this server last told the consoles, to keep unchanged ones off the bus. */
  private publishedLine = '';
  /**
   * The consoles' line and the shoppers' places are made and sent from the newest pass only,
   * at most every `lineEveryMs`: made on every pass, they were O(line) work per pass, and a
   * burst of hang-ups moved everyone behind them once per hang-up.
   */
  private readonly linePacer: Pacer<LineInput>;
  private readonly placesPacer: Pacer<PlacesInput>;

  constructor(private readonly o: RouterOptions) {
    const everyMs = o.lineEveryMs ?? 250;
    this.linePacer = new Pacer(everyMs, (input) => this.publishLine(input));
    this.placesPacer = new Pacer(everyMs, (input) => this.publishPlaces(input));
  }

  /**
   * Plans and sends offers, then updates shoppers' places and the consoles' line. Asks made in
   * the same turn of the event loop, or while a pass runs, fold into one pass after it: under
   * load many requests arrive per turn, and each pass reads the whole line, so one per event
   * would cost O(line) each. Planning sorts the line itself, so folding changes no order.
   */
  dispatch(): Promise<void> {
    this.wanted = 'plan';
    return this.schedule();
  }

  /**
   * Only the consoles' view of the line changed (an answer: the call leaves the line, and
   * nobody became free or joined it), so nothing needs planning and no place moves.
   */
  refreshLine(): Promise<void> {
    this.wanted ??= 'line';
    return this.schedule();
  }

  private schedule(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    // A pass under way reads `wanted` again when it ends.
    if (this.running) return this.running;
    this.running = (async () => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      try {
        while (this.wanted !== undefined && !this.stopped) {
          const what = this.wanted;
          this.wanted = undefined;
          if (what === 'plan') await this.pass();
          else await this.lineOnly();
        }
      } catch (err) {
        this.o.log.error('dispatch failed', { err });
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  /**
   * The team now, and how long a shopper who joined the line now would wait when nobody is free:
   * everyone queued before them, served by the consultants online, at the recent pace. What the
   * lobby says before the shopper commits (the line's own estimates follow once they are in it).
   */
  async outlook(): Promise<{ team: Team; newcomerWaitMs: number | undefined }> {
    const team = await this.team();
    const free = team.serving.some((a) => team.statusOf(a) === 'available');
    if (free || team.serving.length === 0) return { team, newcomerWaitMs: undefined };
    const ahead = await this.o.store.calls.countQueued();
    const handleMs = (await this.o.store.calls.recentHandleMs(50)) ?? DEFAULT_HANDLE_MS;
    return { team, newcomerWaitMs: waitEstimateMs(ahead + 1, handleMs, team.serving.length) };
  }

  async team(): Promise<Team> {
    const [agents, busyIds] = await Promise.all([this.o.store.agents.list(), this.o.store.calls.busyAgentIds()]);
    const busy = new Set(busyIds);
    const online = (a: Agent) => this.o.channel.isOnline(a.id);
    const serving = agents.filter((a) => online(a) && (a.status === 'available' || busy.has(a.id)));
    return {
      agents,
      busy,
      serving,
      statusOf: (a) => (!online(a) ? 'away' : busy.has(a.id) ? 'busy' : a.status === 'available' ? 'available' : 'away'),
    };
  }

  /** Who waits now, for a console that just connected. */
  async line(): Promise<{ line: LineEntry[]; serverNow: number }> {
    const waiting = await this.o.store.calls.listWaiting();
    return { line: this.lineOf(waiting, await this.team(), await this.rejectionsOf(waiting)), serverNow: this.o.now() };
  }

  /** The ring stopped for a reason other than a timeout (answered, ended). */
  settle(callId: string): void {
    clearTimeout(this.rings.get(callId));
    this.rings.delete(callId);
  }

  /**
   * The agent declined, or the ring ran out: the call goes back to the queue, the agent to the
   * back of the idle order; too many misses in a row and the agent is set away.
   */
  async reject(callId: string, agentId: string, kind: 'missed' | 'declined'): Promise<boolean> {
    const { store, channel, log } = this.o;
    const at = this.o.now();
    if (!(await store.calls.withdraw(callId, agentId, kind, at))) return false;
    this.settle(callId);
    channel.send(agentId, { type: 'offer-withdrawn', callId, reason: kind === 'missed' ? 'timeout' : 'declined' });
    log.info(`call ${kind}`, { callId, agentId });
    if (kind === 'declined') await store.agents.markIdle(agentId, at);
    else if ((await store.agents.recordMiss(agentId, at)) >= this.o.maxMissedOffers) await this.o.setAway(agentId, 'missed-offers');
    void this.dispatch();
    return true;
  }

  /** The agent's last console closed, or they went away: a ringing offer moves on at once. */
  async agentUnavailable(agentId: string, why: 'offline' | 'away'): Promise<void> {
    const call = await this.o.store.calls.openCallOf(agentId);
    if (call?.state === 'ringing' && (await this.o.store.calls.withdraw(call.id, agentId, 'requeued', this.o.now()))) {
      this.settle(call.id);
      this.o.channel.send(agentId, { type: 'offer-withdrawn', callId: call.id, reason: why });
      this.o.log.info(`call requeued: agent ${why} while ringing`, { callId: call.id, agentId });
    }
    void this.dispatch();
  }

  /** What the console needs to ring or join a call: a fresh token for that room only. */
  async assignment(call: CallRecord, agent: Agent, transferredFrom?: string): Promise<Assignment> {
    const token = await mintAgentToken(this.o.livekit, {
      room: call.id,
      identity: agentIdentity(agent.id),
      name: agent.name,
      ttlS: this.o.agentTokenTtlS,
    });
    const state = call.state === 'in-call' ? 'in-call' : 'ringing';
    const out: Assignment = {
      callId: call.id,
      state,
      page: call.pageNow,
      livekitUrl: this.o.livekit.browserUrl,
      token,
      shopperIdentity: shopperIdentity(call.id),
      ...(transferredFrom ? { transferredFrom } : {}),
      ...(call.requestedAgentId === agent.id ? { chosen: true } : {}),
      kind: call.kind,
      ...(call.videoSince === null ? {} : { videoSince: call.videoSince }),
    };
    if (state === 'ringing' && call.offeredAt !== null) {
      out.ringEndsInMs = Math.max(0, call.offeredAt + this.o.ringTimeoutMs - this.o.now());
    }
    return out;
  }

  /** Times a ringing call with what is left of its ring: offered here, found at start-up, or offered by another server. */
  armRing(call: CallRecord): void {
    if (call.state !== 'ringing' || call.agentId === null) return;
    const agentId = call.agentId;
    const left = Math.max(0, (call.offeredAt ?? 0) + this.o.ringTimeoutMs - this.o.now());
    this.settle(call.id);
    this.rings.set(
      call.id,
      setTimeout(() => {
        this.rings.delete(call.id);
        this.reject(call.id, agentId, 'missed').catch((err: unknown) => this.o.log.error('ring timeout failed', { callId: call.id, err }));
      }, left),
    );
  }

  /**
   * Every server times every ring, not only the ones it offered: a ring offered by a server
   * that then died still runs out. The store lets exactly one of them move the call on.
   */
  watchRings(everyMs = 2_000): void {
    this.ringWatch = setInterval(() => {
      this.o.store.calls
        .listWaiting()
        .then((waiting) => {
          for (const call of waiting) if (call.state === 'ringing' && !this.rings.has(call.id)) this.armRing(call);
        })
        .catch((err: unknown) => this.o.log.warn('could not check the rings', { err }));
    }, everyMs);
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.ringWatch);
    for (const timer of this.rings.values()) clearTimeout(timer);
    this.rings.clear();
    clearTimeout(this.retryTimer);
    this.linePacer.stop();
    this.placesPacer.stop();
  }

  private async pass(): Promise<void> {
    const { store, channel } = this.o;
    // Only the line and who is busy: the calls in progress matter to a pass only through their consultants.
    const open = await store.calls.listWaiting();
    const team = await this.team();
    const spoken = new Set(team.serving.flatMap((a) => a.languages));
    const free = team.serving.filter((a) => a.status === 'available' && !team.busy.has(a.id));
    const queued = open.filter((c) => c.state === 'queued');
    const rejections = await this.rejectionsOf(open);
    const now = this.o.now();
    const plan = planOffers(
      queued.map((c) => toWaiting(c, rejections.get(c.id))),
      free.map(toFree),
      { now, cooldownMs: this.o.ringTimeoutMs, spokenOnline: spoken },
    );
    const offered = new Map<string, string>();
    for (const { callId, agentId } of plan.offers) {
      // Minting tokens yields to the event loop: the agent may have gone since the plan was made,
      // and another server may have rung them for this call meanwhile; the ring starts now, not at the plan.
      if (!channel.isOnline(agentId) || !(await store.calls.offer(callId, agentId, this.o.now(), this.o.ringTimeoutMs))) continue;
      const call = await store.calls.get(callId);
      const agent = free.find((a) => a.id === agentId);
      if (!call || !agent) continue;
      offered.set(callId, agentId);
      team.busy.add(agentId);
      this.armRing(call);
      channel.send(agentId, { type: 'assignment', assignment: await this.assignment(call, agent) });
      this.o.onRing?.(callId);
      this.o.log.info('call offered', { callId, agentId });
    }
    if (plan.retryAt !== undefined) {
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => void this.dispatch(), Math.max(0, plan.retryAt - now));
    }
    const stillQueued = queued.some((c) => !offered.has(c.id));
    const handleMs = stillQueued ? ((await store.calls.recentHandleMs(50)) ?? DEFAULT_HANDLE_MS) : DEFAULT_HANDLE_MS;
    this.placesPacer.offer({ open, offered, team, spoken, handleMs });
    const rung = (c: CallRecord): CallRecord => (offered.has(c.id) ? { ...c, state: 'ringing', agentId: offered.get(c.id) ?? null } : c);
    this.linePacer.offer({ open: open.map(rung), team, rejections });
  }

  private async lineOnly(): Promise<void> {
    const waiting = await this.o.store.calls.listWaiting();
    this.linePacer.offer({ open: waiting, team: await this.team(), rejections: await this.rejectionsOf(waiting) });
  }

  /** Who turned down each queued call; one read, and none with nobody queued. */
  private rejectionsOf(open: readonly CallRecord[]): Promise<Map<string, Map<string, number>>> {
    return open.some((c) => c.state === 'queued') ? this.o.store.calls.queuedRejections() : Promise.resolve(new Map<string, Map<string, number>>());
  }

  private lineOf(open: readonly CallRecord[], team: Team, rejections: ReadonlyMap<string, ReadonlyMap<string, number>>): LineEntry[] {
    const names = new Map(team.agents.map((a) => [a.id, a.name]));
    return open
      .filter((c) => c.state === 'queued' || c.state === 'ringing')
      .sort((a, b) => a.createdAt - b.createdAt)
      .map((c) => {
        const waitingFor = c.requestedAgentId ? names.get(c.requestedAgentId) : undefined;
        const ringing = c.state === 'ringing' && c.agentId ? names.get(c.agentId) : undefined;
        return {
          callId: c.id,
          since: c.createdAt,
          page: c.pageNow,
          ...(c.language ? { language: c.language } : {}),
          ...(waitingFor ? { waitingFor } : {}),
          ...(ringing ? { ringing } : {}),
          unanswered: rejections.get(c.id)?.size ?? 0,
          ...(c.kind === 'chat' ? { chat: true as const } : {}),
        };
      });
  }

  /** Every console sees the line change: a shopper joining, being rung, answered, giving up. */
  private publishLine({ open, team, rejections }: LineInput): boolean {
    const line = this.lineOf(open, team, rejections);
    const key = JSON.stringify(line);
    if (key === this.publishedLine) return false;
    this.publishedLine = key;
    this.o.channel.broadcast({ type: 'line', line, serverNow: this.o.now() });
    return true;
  }

  /** Tells every waiting shopper their place and estimated wait; the channel drops unchanged ones. */
  private publishPlaces({ open, offered, team, spoken, handleMs }: PlacesInput): boolean {
    const waiting = open.filter((c) => c.state === 'queued' && !offered.has(c.id));
    const places = linePositions(
      waiting.map((c) => toWaiting(c)),
      team.serving.map(toFree),
      spoken,
    );
    const byId = new Map(team.agents.map((a) => [a.id, a]));
    const free = team.serving.filter((a) => a.status === 'available' && !team.busy.has(a.id));
    const events = new Map<string, Extract<ShopperQueueEvent, { type: 'queue' }>>();
    for (const call of open) {
      if (call.state === 'in-call') continue;
      const chosen = call.requestedAgentId ? byId.get(call.requestedAgentId) : undefined;
      // Someone else free while the chosen one is not: the shopper hears of it at once and may switch.
      const othersFree = chosen ? free.filter((a) => a.id !== chosen.id).length : 0;
      const waitingFor = chosen
        ? { waitingFor: { id: chosen.id, name: chosen.name, status: team.statusOf(chosen) }, ...(othersFree > 0 ? { othersFree } : {}) }
        : {};
      const place = places.get(call.id);
      if (call.state === 'ringing' || offered.has(call.id) || !place) {
        const rungId = offered.get(call.id) ?? (call.state === 'ringing' ? call.agentId : null);
        events.set(call.id, { type: 'queue', state: 'ringing', position: 0, ...waitingFor, ...(rungId ? { rungIdentity: agentIdentity(rungId) } : {}) });
        continue;
      }
      const etaMs = place.servers > 0 ? waitEstimateMs(place.position, handleMs, place.servers) : undefined;
      events.set(call.id, {
        type: 'queue',
        state: 'queued',
        position: place.position,
        ...(etaMs === undefined ? {} : { etaMs }),
        ...waitingFor,
      });
    }
    return this.o.shoppers.sendPlaces(events);
  }
}
