import type { AgentEvent } from '../contract/agent.js';
import type { SseStream } from '../push/sse.js';

/**
 * Which agents have a console open, and the push channel to them. An agent may have several
 * tabs; they count as offline when the last one closes.
 */
export class AgentChannel {
  private readonly streams = new Map<string, Set<SseStream>>();

  constructor(private readonly onOffline: (agentId: string) => void) {}

  attach(agentId: string, stream: SseStream): () => void {
    let set = this.streams.get(agentId);
    if (!set) this.streams.set(agentId, (set = new Set()));
    set.add(stream);
    return () => {
      const current = this.streams.get(agentId);
      if (!current?.delete(stream) || current.size > 0) return;
      this.streams.delete(agentId);
      this.onOffline(agentId);
    };
  }

  isOnline(agentId: string): boolean {
    return this.streams.has(agentId);
  }

  send(agentId: string, event: AgentEvent): void {
    for (const stream of this.streams.get(agentId) ?? []) stream.send(event);
  }

  /** At shutdown: ends every stream without treating the agents as gone. */
  closeAll(): void {
    const all = [...this.streams.values()];
    this.streams.clear();
    for (const set of all) for (const stream of set) stream.close();
  }
}
