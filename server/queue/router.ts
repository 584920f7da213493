import type { Assignment } from '../contract/agent.js';
import { agentIdentity, shopperIdentity } from '../contract/calls.js';
import type { AgentChannel } from '../agents/agent-channel.js';
import { mintAgentToken } from '../livekit/tokens.js';
import type { Logger } from '../log.js';
import type { Agent, CallRecord, Store } from '../store/store.js';
import { planOffers } from './routing.js';

export interface RouterOptions {
  store: Store;
  channel: AgentChannel;
  log: Logger;
  now: () => number;
  ringTimeoutMs: number;
  livekit: { url: string; apiKey: string; apiSecret: string };
  agentTokenTtlS: number;
}

/**
 * Matches queued calls to free, connected agents and runs the ring: offer, timeout, decline,
 * agent gone. Decisions come from the pure `planOffers`; every change goes through the store's
 * conditional transitions, so the database, not this object, is the source of truth.
 */
export class QueueRouter {
  private readonly rings = new Map<string, NodeJS.Timeout>();
  private retryTimer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(private readonly o: RouterOptions) {}

  /** Plans and sends offers. Calls made while a pass runs fold into one more pass. */
  dispatch(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.pass();
        } while (this.again && !this.stopped);
      } catch (err) {
        this.o.log.error('dispatch failed', { err });
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  /** The ring stopped for a reason other than a timeout (answered, ended). */
  settle(callId: string): void {
    clearTimeout(this.rings.get(callId));
    this.rings.delete(callId);
  }

  /** The agent declined, or the ring ran out: the call goes back to the queue, the agent to the back of the idle order. */
  async reject(callId: string, agentId: string, kind: 'missed' | 'declined'): Promise<boolean> {
    const at = this.o.now();
    if (!(await this.o.store.calls.withdraw(callId, agentId, kind, at))) return false;
    this.settle(callId);
    await this.o.store.agents.markIdle(agentId, at);
    this.o.channel.send(agentId, { type: 'offer-withdrawn', callId, reason: kind === 'missed' ? 'timeout' : 'declined' });
    this.o.log.info(`call ${kind}`, { callId, agentId });
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

  /** What the console needs to ring or rejoin a call: a fresh token for that room only. */
  async assignment(call: CallRecord, agent: Agent): Promise<Assignment> {
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
      page: call.page,
      livekitUrl: this.o.livekit.url,
      token,
      shopperIdentity: shopperIdentity(call.id),
    };
    if (state === 'ringing' && call.offeredAt !== null) {
      out.ringEndsInMs = Math.max(0, call.offeredAt + this.o.ringTimeoutMs - this.o.now());
    }
    return out;
  }

  /** Re-arms the ring timer of a call found ringing (after a restart) with what is left of its ring. */
  armRing(call: CallRecord): void {
    if (call.state !== 'ringing' || call.agentId === null) return;
    const agentId = call.agentId;
    const left = Math.max(0, (call.offeredAt ?? 0) + this.o.ringTimeoutMs - this.o.now());
    this.settle(call.id);
    this.rings.set(
      call.id,
      setTimeout(() => {
        this.reject(call.id, agentId, 'missed').catch((err: unknown) => this.o.log.error('ring timeout failed', { callId: call.id, err }));
      }, left),
    );
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.rings.values()) clearTimeout(timer);
    this.rings.clear();
    clearTimeout(this.retryTimer);
  }

  private async pass(): Promise<void> {
    const { store, channel } = this.o;
    const queued = await store.calls.listQueued();
    if (queued.length === 0) return;
    const free = (await store.agents.listFree()).filter((a) => channel.isOnline(a.id));
    if (free.length === 0) return;
    const waiting = await Promise.all(
      queued.map(async (c) => ({ id: c.id, createdAt: c.createdAt, rejectedAt: await store.calls.rejections(c.id) })),
    );
    const now = this.o.now();
    const plan = planOffers(waiting, free, now, this.o.ringTimeoutMs);
    for (const { callId, agentId } of plan.offers) {
      // Minting tokens yields to the event loop: the agent may have gone since the plan was made.
      if (!channel.isOnline(agentId) || !(await store.calls.offer(callId, agentId, now))) continue;
      const call = await store.calls.get(callId);
      const agent = free.find((a) => a.id === agentId);
      if (!call || !agent) continue;
      this.armRing(call);
      channel.send(agentId, { type: 'assignment', assignment: await this.assignment(call, agent) });
      this.o.log.info('call offered', { callId, agentId });
    }
    if (plan.retryAt !== undefined) {
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => void this.dispatch(), Math.max(0, plan.retryAt - now));
    }
  }
}
