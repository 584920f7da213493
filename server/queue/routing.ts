/**
 * The routing decision as a pure function: no I/O, no clock of its own. The router feeds it
 * what the store and presence say and persists what it returns.
 */

export interface WaitingCall {
  id: string;
  createdAt: number;
  /** Put back at the front of the line (its consultant dropped out or handed it back). */
  front: boolean;
  /** The shopper's language; a call goes to someone who speaks it when anyone online does. */
  language?: string;
  /** The consultant the shopper chose: the call waits for them only. */
  agentId?: string;
  /** Agent id → when they last missed or declined this call. */
  rejectedAt: ReadonlyMap<string, number>;
}

export interface FreeAgent {
  id: string;
  /** Since when the agent has had nothing to do; the longest idle is offered first. */
  idleSince: number;
  languages: readonly string[];
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

export interface PlanContext {
  now: number;
  /** How long an agent who missed or declined a call is not asked again for it. */
  cooldownMs: number;
  /** Languages spoken by any consultant online (free or busy): a call in another language goes to anyone. */
  spokenOnline: ReadonlySet<string>;
}

/** Line order: calls put back at the front first, then by arrival. */
export const lineOrder = (a: WaitingCall, b: WaitingCall): number => Number(b.front) - Number(a.front) || a.createdAt - b.createdAt || a.id.localeCompare(b.id);

/** Whether the agent could take the call at all, cool-down aside. */
export function fits(call: WaitingCall, agent: FreeAgent, spokenOnline: ReadonlySet<string>): boolean {
  if (call.agentId !== undefined) return call.agentId === agent.id;
  if (call.language === undefined || !spokenOnline.has(call.language)) return true;
  return agent.languages.includes(call.language);
}

/**
 * Calls in line order, each to the longest-idle agent who fits it and has not turned it down
 * within the cool-down; every agent gets at most one offer. A lone agent who missed a ring is
 * asked again after the cool-down, so a one-person shop never strands a waiting shopper.
 */
export function planOffers(calls: readonly WaitingCall[], agents: readonly FreeAgent[], ctx: PlanContext): Plan {
  const byIdle = [...agents].sort((a, b) => a.idleSince - b.idleSince || a.id.localeCompare(b.id));
  const inLine = [...calls].sort(lineOrder);
  const taken = new Set<string>();
  const offers: Offer[] = [];
  let retryAt: number | undefined;

  for (const call of inLine) {
    if (taken.size === byIdle.length) break;
    const agent = byIdle.find((a) => {
      if (taken.has(a.id) || !fits(call, a, ctx.spokenOnline)) return false;
      const rejected = call.rejectedAt.get(a.id);
      if (rejected === undefined || ctx.now - rejected >= ctx.cooldownMs) return true;
      retryAt = Math.min(retryAt ?? Infinity, rejected + ctx.cooldownMs);
      return false;
    });
    if (!agent) continue;
    taken.add(agent.id);
    offers.push({ callId: call.id, agentId: agent.id });
  }
  return retryAt === undefined ? { offers } : { offers, retryAt };
}

export interface LinePosition {
  /** 1 = next to be offered among the calls that compete for the same consultants. */
  position: number;
  /** Consultants online (available or busy) who could take this call. */
  servers: number;
}

/**
 * Each queued call's place in line: one plus the calls ahead of it that compete for a
 * consultant who could take it. Calls fall into a few audiences (a chosen consultant, or
 * whoever speaks a language), so this is linear in the line, not quadratic.
 */
export function linePositions(calls: readonly WaitingCall[], online: readonly FreeAgent[], spokenOnline: ReadonlySet<string>): Map<string, LinePosition> {
  const audienceOf = (call: WaitingCall): string => {
    if (call.agentId !== undefined) return `agent:${call.agentId}`;
    return call.language !== undefined && spokenOnline.has(call.language) ? `lang:${call.language}` : 'any';
  };
  const members = new Map<string, readonly FreeAgent[]>();
  const servers = (audience: string, sample: WaitingCall) => {
    let list = members.get(audience);
    if (!list) members.set(audience, (list = online.filter((a) => fits(sample, a, spokenOnline))));
    return list;
  };
  const overlap = new Map<string, boolean>();
  const compete = (a: string, b: string): boolean => {
    const key = a < b ? `${a}|${b}` : `${b}|${a}`;
    let hit = overlap.get(key);
    if (hit === undefined) {
      const left = members.get(a) ?? [];
      const right = new Set((members.get(b) ?? []).map((x) => x.id));
      // With nobody online every call waits for the same first arrival, so all compete.
      hit = a === b || online.length === 0 || left.some((x) => right.has(x.id));
      overlap.set(key, hit);
    }
    return hit;
  };

  const ahead = new Map<string, number>();
  const out = new Map<string, LinePosition>();
  for (const call of [...calls].sort(lineOrder)) {
    const audience = audienceOf(call);
    const mine = servers(audience, call);
    let before = 0;
    for (const [other, count] of ahead) if (compete(audience, other)) before += count;
    out.set(call.id, { position: before + 1, servers: mine.length });
    ahead.set(audience, (ahead.get(audience) ?? 0) + 1);
  }
  return out;
}
