import type { AgentEvent } from '../contract/agent.js';
import type { SseStream } from '../push/sse.js';
import { StreamGroups } from '../push/stream-groups.js';

/**
 * Which agents have a console open, and the push channel to them. An agent may have several
 * tabs; they count as offline when the last one closes.
 */
export class AgentChannel {
  private readonly streams = new StreamGroups();

  constructor(private readonly on: { online: (agentId: string) => void; offline: (agentId: string) => void }) {}

  attach(agentId: string, stream: SseStream): () => void {
    const detach = this.streams.add(agentId, stream);
    this.on.online(agentId);
    return () => {
      if (detach()) this.on.offline(agentId);
    };
  }

  isOnline(agentId: string): boolean {
    return this.streams.has(agentId);
  }

  send(agentId: string, event: AgentEvent): void {
    this.streams.send(agentId, event);
  }

  /** To every connected console (a call-back request concerns the whole team). */
  broadcast(event: AgentEvent): void {
    this.streams.broadcast(event);
  }

  /** At shutdown: ends every stream without treating the agents as gone. */
  closeAll(): void {
    this.streams.closeAll();
  }
}
