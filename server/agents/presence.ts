import type { AgentStatus } from '../contract/auth.js';
import type { AwayReason } from '../contract/agent.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import type { AgentChannel } from './agent-channel.js';

export interface PresenceOptions {
  store: Store;
  channel: AgentChannel;
  log: Logger;
  now: () => number;
  /** How long a console may be gone (a reload, a network change) before its agent counts as away. */
  offlineGraceMs: number;
  /** The agent can no longer take the call ringing for them (if any); the queue moves it on. */
  onUnavailable: (agentId: string, why: 'offline' | 'away') => void;
  /** The agent can take calls again. */
  onAvailable: (agentId: string) => void;
}

/** An agent's availability: what they say, and what their console's connection says. */
export class Presence {
  private readonly goneTimers = new Map<string, NodeJS.Timeout>();
  private watch: NodeJS.Timeout | undefined;

  constructor(private readonly o: PresenceOptions) {}

  /** The agent's choice from the console, or the server's (with a reason the console shows). */
  async setStatus(agentId: string, status: AgentStatus, reason?: AwayReason) {
    const agent = await this.o.store.agents.setStatus(agentId, status, this.o.now());
    this.o.channel.send(agentId, reason ? { type: 'status', status, reason } : { type: 'status', status });
    this.o.log.info('agent status', { agentId, status, reason });
    if (status === 'available') this.o.onAvailable(agentId);
    else this.o.onUnavailable(agentId, 'away');
    return agent;
  }

  connected(agentId: string): void {
    clearTimeout(this.goneTimers.get(agentId));
    this.goneTimers.delete(agentId);
  }

  /** The last console closed: a ringing offer moves on at once, the status after a grace period. */
  disconnected(agentId: string): void {
    this.o.onUnavailable(agentId, 'offline');
    this.expectBack(agentId);
  }

  /**
   * Agents who are available with no console open anywhere get the grace to come back, once:
   * after a restart nobody's console is connected yet, and when another server dies its
   * consoles are gone from every server's view without any of them seeing a disconnect.
   */
  async expectConsoles(): Promise<void> {
    for (const agent of await this.o.store.agents.list()) {
      if (agent.status === 'available' && !this.o.channel.isOnline(agent.id) && !this.goneTimers.has(agent.id)) this.expectBack(agent.id);
    }
  }

  /** Looks for consoles gone with a server that died, every `everyMs`. */
  watchConsoles(everyMs = 5_000): void {
    this.watch = setInterval(() => {
      this.expectConsoles().catch((err: unknown) => this.o.log.warn('could not check which consoles are gone', { err }));
    }, everyMs);
  }

  stop(): void {
    clearInterval(this.watch);
    for (const timer of this.goneTimers.values()) clearTimeout(timer);
    this.goneTimers.clear();
  }

  private expectBack(agentId: string): void {
    clearTimeout(this.goneTimers.get(agentId));
    this.goneTimers.set(
      agentId,
      setTimeout(() => {
        this.goneTimers.delete(agentId);
        if (this.o.channel.isOnline(agentId)) return;
        this.o.store.agents
          .get(agentId)
          .then((agent) => (agent?.status === 'available' ? this.setStatus(agentId, 'away', 'disconnected') : undefined))
          .catch((err: unknown) => this.o.log.error('could not set a disconnected agent away', { agentId, err }));
      }, this.o.offlineGraceMs),
    );
  }
}
