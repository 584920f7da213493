import type { AgentEvent } from '../contract/agent.js';
import type { SessionEndReason } from '../contract/auth.js';
import type { ShopperQueueEvent } from '../contract/queue.js';
import type { HitCounter } from '../http/rate-limit.js';
import type { RecorderNews } from '../../recordings/recording-service.js';

/**
 * What Vitrina servers tell each other. A console or a widget holds its push stream open to
 * one server; whichever server decides something publishes it, and every server passes it on
 * to the streams it holds.
 */
export interface BusMessages {
  /** To an agent's consoles; `agentId: null` is every console of the team. */
  agent: { agentId: string | null; event: AgentEvent };
  /** To waiting shoppers' widgets, several calls at once (a pass over the line changes many places). */
  shoppers: { events: { callId: string; event: ShopperQueueEvent }[] };
  /** Every session of an account ended: its consoles' streams are told and closed. */
  'sessions-ended': { agentId: string; reason: SessionEndReason };
  /** The call is over: its widgets' streams are closed. */
  'shopper-finished': { callId: string };
  /** A server's open consoles, sent when they change and as a heartbeat. */
  consoles: { server: string; agents: string[] };
  /** A call was answered or ended: whichever server records it acts on it. */
  recorder: RecorderNews;
}

export type BusTopic = keyof BusMessages;

export interface Bus {
  /** Fire and forget: delivered to every server's subscribers, this one's included. */
  publish<T extends BusTopic>(topic: T, message: BusMessages[T]): void;
  subscribe<T extends BusTopic>(topic: T, handler: (message: BusMessages[T]) => void): void;
  close(): Promise<void>;
}

/** What several servers share besides the database: the bus, and the rate-limit counts (Redis). */
export type Cluster = Bus & HitCounter;

type Handlers = { [T in BusTopic]?: ((message: BusMessages[T]) => void)[] };

/** One server on its own: messages go straight to this process's subscribers. */
export class LocalBus implements Bus {
  private readonly handlers: Handlers = {};

  publish<T extends BusTopic>(topic: T, message: BusMessages[T]): void {
    for (const handler of this.handlers[topic] ?? []) handler(message);
  }

  subscribe<T extends BusTopic>(topic: T, handler: (message: BusMessages[T]) => void): void {
    (this.handlers[topic] ??= [] as NonNullable<Handlers[T]>).push(handler);
  }

  async close(): Promise<void> {}
}
