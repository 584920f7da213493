/** What the clients measure: latencies and counts along the way, and this process's own cost. */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ServerStats } from '../queue-server.js';

/** Milliseconds, one entry per observation (feedMessages: messages per shopper). */
export interface Samples {
  post: number[];
  /** From when a call and a consultant were both free to meet until the ring arrived. */
  assignAll: number[];
  /** assignAll split: the call joined the line while a consultant was free, or it waited for one to free up. */
  assignToIdle: number[];
  assignFreed: number[];
  clickToRing: number[];
  clickToAnswer: number[];
  accept: number[];
  end: number[];
  hangup: number[];
  feedFirst: number[];
  feedMessages: number[];
}

export function emptySamples(): Samples {
  return {
    post: [],
    assignAll: [],
    assignToIdle: [],
    assignFreed: [],
    clickToRing: [],
    clickToAnswer: [],
    accept: [],
    end: [],
    hangup: [],
    feedFirst: [],
    feedMessages: [],
  };
}

export interface Counts {
  acceptConflicts: number;
  accept503: number;
  declineConflicts: number;
  declines: number;
  timeouts: number;
  setAway: number;
  /** Rings that reached a console while it still held another call. */
  doubleOffers: number;
  ringsAheadOfEnd: number;
  acceptsAheadOfEnd: number;
  reRung: number;
  /** Rings that reached a console on another server than the call was opened on. */
  crossRings: number;
}

export function zeroCounts(): Counts {
  return {
    acceptConflicts: 0,
    accept503: 0,
    declineConflicts: 0,
    declines: 0,
    timeouts: 0,
    setAway: 0,
    doubleOffers: 0,
    ringsAheadOfEnd: 0,
    acceptsAheadOfEnd: 0,
    reRung: 0,
    crossRings: 0,
  };
}

export interface ClientCost {
  cpuS: number;
  loopP99Ms: number;
  loopMaxMs: number;
}

/**
 * Starts measuring this process (the simulated clients); the function it returns stops and
 * reads it. The latencies measured here include this event loop's delay, so the report shows it.
 */
export function meterClient(): () => ClientCost {
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const cpu = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(cpu);
    loop.disable();
    return { cpuS: (used.user + used.system) / 1e6, loopP99Ms: loop.percentile(99) / 1e6, loopMaxMs: loop.max / 1e6 };
  };
}

/** The most calls the store had in each state at once. */
export interface Peak {
  queued: number;
  ringing: number;
  'in-call': number;
}

/** The load as measured while it ran. */
export interface LoadRun {
  finishedInTime: boolean;
  loadS: number;
  peak: Peak;
  client: ClientCost;
  serverStats: ServerStats[];
}
