import type { Bus } from './bus.js';

/**
 * Which agents have a console open on any server. Each server announces its own consoles when
 * they change and every `heartbeatMs`; a server not heard from for three heartbeats is taken
 * as gone, and its consoles with it (they reconnect to a server that is still there).
 */
export class OnlineConsoles {
  private readonly local = new Set<string>();
  private readonly remote = new Map<string, { agents: Set<string>; heardAt: number }>();
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(private readonly o: { bus: Bus; server: string; now: () => number; heartbeatMs?: number }) {
    o.bus.subscribe('consoles', ({ server, agents }) => {
      if (server === o.server) return;
      // Our own clock, not the sender's: servers' clocks may disagree.
      this.remote.set(server, { agents: new Set(agents), heardAt: o.now() });
    });
  }

  start(): void {
    this.announce();
    this.heartbeat = setInterval(() => this.announce(), this.heartbeatMs);
  }

  /** This server's first console of the agent opened, or its last one closed. */
  setLocal(agentId: string, open: boolean): void {
    if (open === this.local.has(agentId)) return;
    if (open) this.local.add(agentId);
    else this.local.delete(agentId);
    this.announce();
  }

  isOnline(agentId: string): boolean {
    if (this.local.has(agentId)) return true;
    const fresh = this.o.now() - 3 * this.heartbeatMs;
    for (const { agents, heardAt } of this.remote.values()) if (heardAt >= fresh && agents.has(agentId)) return true;
    return false;
  }

  /** Tells the others this server holds no consoles any more (it is shutting down). */
  stop(): void {
    clearInterval(this.heartbeat);
    this.local.clear();
    this.announce();
  }

  private get heartbeatMs(): number {
    return this.o.heartbeatMs ?? 2_000;
  }

  private announce(): void {
    this.o.bus.publish('consoles', { server: this.o.server, agents: [...this.local] });
  }
}
