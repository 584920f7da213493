/** One shopper's call as the simulation sees it, and the plan of every shopper's arrival and choices. */
import type { EndReason } from '../../../server/contract/calls.js';
import type { SimAgent } from './consultant.js';
import type { Options } from './options.js';
import { between } from './random.js';

/** A shopper's place-in-line stream. */
export interface Feed {
  abort: AbortController;
  openedAt: number;
  firstEventAt?: number;
  messages: number;
  maxPosition: number;
  ended: boolean;
  closed: boolean;
}

export interface SimCall {
  n: number;
  arriveAtMs: number;
  holdMs: number;
  cancels: boolean;
  patienceMs: number;
  shopperEnds: boolean;
  withFeed: boolean;
  callId?: string;
  callKey?: string;
  postSentAt: number;
  postStatus?: number;
  /** When the call (last) joined the line: the click, or a decline or a missed ring. */
  waitingSince: number;
  offers: number;
  declines: number;
  timeouts: number;
  /** A consultant whose accept is on its way (its call-ended can overtake the accept's response). */
  accepting?: SimAgent;
  answeredBy?: SimAgent;
  answeredAt?: number;
  /** The shopper gave up and sent the hang-up before the simulation saw an accept succeed. */
  cancelRequested: boolean;
  /** When the shopper's hang-up (a give-up or the end of the call) was sent. */
  hangupSentAt?: number;
  /** Who hangs up the answered call. */
  ender?: 'agent' | 'shopper';
  /** A give-up crossed an accept: the server answered first, so the hang-up ends a live call. */
  raced: boolean;
  agentEndReason?: EndReason;
  agentSawEnd: boolean;
  /** The request that ends the call (consultant's end, shopper's hang-up) came back 204. */
  terminalDone: boolean;
  feed?: Feed;
  done: boolean;
}

/** Every shopper's arrival and choices, drawn up front and in a fixed order so that a seed repeats a run. */
export function planShoppers(o: Options, random: () => number): SimCall[] {
  // Arrival times of a Poisson process with exactly `shoppers` arrivals: sorted uniform draws.
  const arrivals = Array.from({ length: o.shoppers }, () => random() * o.arriveS * 1000).sort((a, b) => a - b);
  return arrivals.map((arriveAtMs, n) => ({
    n,
    arriveAtMs,
    holdMs: between(random, o.holdMs),
    cancels: random() < o.cancel,
    patienceMs: between(random, o.patienceMs),
    shopperEnds: random() < o.shopperEnds,
    withFeed: random() < o.feeds,
    postSentAt: 0,
    waitingSince: 0,
    offers: 0,
    declines: 0,
    timeouts: 0,
    cancelRequested: false,
    raced: false,
    agentSawEnd: false,
    terminalDone: false,
    done: false,
  }));
}
