import type { AgentEvent } from '../contract/agent.js';
import type { SessionEndReason } from '../contract/auth.js';
import type { Bus } from '../cluster/bus.js';
import type { OnlineConsoles } from '../cluster/online-consoles.js';
import type { SseStream } from '../push/sse.js';
import { StreamGroups } from '../push/stream-groups.js';

/**
 * Which agents have a console open, and the push channel to them. An agent may have several
 * tabs, on any server; they count as offline when the last one anywhere closes. Events go out
 * on the bus, so the server holding the console's stream delivers them wherever they were decided.
 */
export class AgentChannel {
  private readonly streams = new StreamGroups();

  constructor(
    private readonly o: {
      bus: Bus;
      consoles: OnlineConsoles;
      online: (agentId: string) => void;
      offline: (agentId: string) => void;
    },
  ) {
    o.bus.subscribe('agent', ({ agentId, event }) => {
      if (agentId === null) this.streams.broadcast(event);
      else this.streams.send(agentId, event);
    });
    o.bus.subscribe('sessions-ended', ({ agentId, reason }) => {
      const streams = this.streams.take(agentId);
      if (streams.length === 0) return;
      for (const stream of streams) {
        stream.send({ type: 'signed-out', reason } satisfies AgentEvent);
        stream.close();
      }
      this.lastLocalClosed(agentId);
    });
  }

  /** This server holds no console of the agent any more: offline once no server does. */
  private lastLocalClosed(agentId: string): void {
    this.o.consoles.setLocal(agentId, false);
    if (!this.o.consoles.isOnline(agentId)) this.o.offline(agentId);
  }

  attach(agentId: string, stream: SseStream): () => void {
    const detach = this.streams.add(agentId, stream);
    this.o.consoles.setLocal(agentId, true);
    this.o.online(agentId);
    return () => {
      if (detach()) this.lastLocalClosed(agentId);
    };
  }

  isOnline(agentId: string): boolean {
    return this.o.consoles.isOnline(agentId);
  }

  send(agentId: string, event: AgentEvent): void {
    this.o.bus.publish('agent', { agentId, event });
  }

  /** To every connected console (a call-back request concerns the whole team). */
  broadcast(event: AgentEvent): void {
    this.o.bus.publish('agent', { agentId: null, event });
  }

  /** Every session of the account ended: each of its consoles, on whichever server, is told and let go. */
  sessionsEnded(agentId: string, reason: SessionEndReason): void {
    this.o.bus.publish('sessions-ended', { agentId, reason });
  }

  /** At shutdown: ends this server's streams without treating the agents as gone (they reconnect). */
  closeAll(): void {
    this.streams.closeAll();
  }
}
