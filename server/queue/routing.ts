/**
 * The routing decision as a pure function: no I/O, no clock of its own. The router feeds it
 * what the store and presence say and persists what it returns.
 */

export interface WaitingCall {
  id: string;
  createdAt: number;
  /** Agent id → when they last missed or declined this call. */
  rejectedAt: ReadonlyMap<string, number>;
}

export interface FreeAgent {
  id: string;
  /** Since when the agent has had nothing to do; the longest idle is offered first. */
  idleSince: number;
}

export interface Offer {
  callId: string;
  agentId: string;
}

export interface Plan {
  offers: Offer[];
  /** When a call held back only by a cool-down becomes offerable again; plan again then. */
  retryAt?: number;
}

/**
 * Oldest call first, each to the longest-idle agent who has not turned that call down within
 * `cooldownMs`; every agent gets at most one offer. A lone agent who missed a ring is asked
 * again after the cool-down, so a one-person shop never strands a waiting shopper.
 */
export function planOffers(calls: readonly WaitingCall[], agents: readonly FreeAgent[], now: number, cooldownMs: number): Plan {
  const byIdle = [...agents].sort((a, b) => a.idleSince - b.idleSince || a.id.localeCompare(b.id));
  const byAge = [...calls].sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  const taken = new Set<string>();
  const offers: Offer[] = [];
  let retryAt: number | undefined;

  for (const call of byAge) {
    if (taken.size === byIdle.length) break;
    const agent = byIdle.find((a) => {
      if (taken.has(a.id)) return false;
      const rejected = call.rejectedAt.get(a.id);
      if (rejected === undefined || now - rejected >= cooldownMs) return true;
      retryAt = Math.min(retryAt ?? Infinity, rejected + cooldownMs);
      return false;
    });
    if (!agent) continue;
    taken.add(agent.id);
    offers.push({ callId: call.id, agentId: agent.id });
  }
  return retryAt === undefined ? { offers } : { offers, retryAt };
}
