import type { CallEventKind, RingEvent } from '../store/store.js';

/** How a ring ended: the four buckets every ended ring falls in exactly once. */
export type RingOutcome = 'answered' | 'missed' | 'declined' | 'left';

export interface EndedRing {
  callId: string;
  agentId: string;
  outcome: RingOutcome;
  /** For an answered ring, how long the shopper had been waiting: since the call began, or since it was put back in line. */
  waitMs: number | null;
}

/**
 * Pairs every 'offered' with the event that ended that ring. A call rings one consultant at a
 * time, and the store leaves a ring only by answer, withdraw (missed, declined, or requeued when
 * the consultant went away or offline) or the call's end, each writing its event in the same
 * transaction; so the event after an 'offered' says how the ring ended, and each ring lands in
 * one bucket however old the history. A ring still ringing has no outcome yet and is left out.
 */
export function endedRings(events: readonly RingEvent[], createdAt: ReadonlyMap<string, number>): EndedRing[] {
  const out: EndedRing[] = [];
  const open = new Map<string, RingEvent>();
  const waitingSince = new Map<string, number>();
  for (const e of events) {
    const ring = open.get(e.callId);
    if (!ring) {
      if (e.kind === 'offered') open.set(e.callId, e);
      // Dropped out of or handed back by a consultant: the shopper waits anew from here.
      else if (e.kind === 'requeued') waitingSince.set(e.callId, e.at);
      continue;
    }
    const outcome = outcomeOf(e.kind);
    if (!outcome) continue;
    open.delete(e.callId);
    const since = waitingSince.get(e.callId) ?? createdAt.get(e.callId) ?? ring.at;
    out.push({ callId: e.callId, agentId: ring.agentId, outcome, waitMs: outcome === 'answered' ? e.at - since : null });
  }
  return out;
}

function outcomeOf(kind: CallEventKind): RingOutcome | undefined {
  switch (kind) {
    case 'answered':
    case 'missed':
    case 'declined':
      return kind;
    // The consultant went away or offline while it rang: for the shopper, a ring nobody took.
    case 'requeued':
      return 'missed';
    // The call ended while it rang: the shopper hung up or left (or the call was lost).
    case 'cancelled':
    case 'ended':
      return 'left';
    default:
      return undefined;
  }
}
