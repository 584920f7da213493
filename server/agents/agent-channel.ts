import type { AgentEvent } from '../contract/agent.js';
import type { SseStream } from '../push/sse.js';

/**
 * Which agents have a console open, and the push channel to them. An agent may have several
 * tabs; they count as offline when the last one closes.
 */
export class AgentChannel {
  private readonly streams = new Map<string, Set<SseStream>>();

  constructor(private readonly on: { online: (agentId: string) => void; offline: (agentId: string) => void }) {}

  attach(agentId: string, stream: SseStream): () => void {
    let set = this.streams.get(agentId);
    if (!set) this.streams.set(agentId, (set = new Set()));
    set.add(stream);
    this.on.online(agentId);
    return () => {
      const current = this.streams.get(agentId);
      if (!current?.delete(stream) || current.size > 0) return;
      this.streams.delete(agentId);
      this.on.offline(agentId);
    };
  }

  isOnline(agentId: string): boolean {
    return this.streams.has(agentId);
  }

  send(agentId: string, event: AgentEvent): void {
    for (const stream of this.streams.get(agentId) ?? []) stream.send(event);
  }

  /** To every connected console (a call-back request concerns the whole team). */
  broadcast(event: AgentEvent): void {
    for (const set of this.streams.values()) for (const stream of set) stream.send(event);
  }

  /** At shutdown: ends every stream without treating the agents as gone. */
  closeAll(): void {
    const all = [...this.streams.values()];
    this.streams.clear();
    for (const set of all) for (const stream of set) stream.close();
  }
}
