import { z } from 'zod';
import type { AgentStatus, AgentView, SessionEndReason } from './auth.js';
import type { CallKind, EndReason, Page } from './calls.js';
import type { CallbackRequest } from './queue.js';
import { OUTCOME_NOTE_MAX, SALES_OUTCOMES } from './sales-outcome.js';

export const StatusBody = z.strictObject({ status: z.enum(['available', 'away']) });
export type StatusRequest = z.input<typeof StatusBody>;

/** What came of a call the consultant answered, and a few words for the owner (may be empty), sent again to change them. */
export const OutcomeBody = z.strictObject({
  outcome: z.enum(SALES_OUTCOMES, { error: `must be one of ${SALES_OUTCOMES.join(', ')}` }),
  note: z.string().trim().max(OUTCOME_NOTE_MAX, `must be at most ${OUTCOME_NOTE_MAX} characters`).default(''),
});
export type OutcomeRequest = z.input<typeof OutcomeBody>;

/** A call given to this agent: ringing (join the room, camera live, nothing granted) or in a call. */
export interface Assignment {
  callId: string;
  state: 'ringing' | 'in-call';
  page: Page;
  livekitUrl: string;
  token: string;
  shopperIdentity: string;
  /** How long the ring has left when this was sent (the console stops by itself if it hears nothing); only while ringing. */
  ringEndsInMs?: number;
  /** The colleague who handed this call over, for a transfer. */
  transferredFrom?: string;
  /** The shopper chose this consultant by name. */
  chosen?: boolean;
  /** How the shopper began: `chat` rings as a chat, and the console starts no camera or microphone for it. */
  kind: CallKind;
  /** When a chat call became a video call (both sides agreed), in the server's clock. */
  videoSince?: number;
}

export interface AcceptResponse {
  callId: string;
  shopperIdentity: string;
}

/** A shopper in the line, as every consultant sees it: nothing about them beyond the page and the wait. */
export interface LineEntry {
  callId: string;
  /** When they joined the line, in the server's clock (see `serverNow`). */
  since: number;
  page: Page;
  language?: string;
  /** The consultant they asked for by name: nobody else is rung for them until they switch. */
  waitingFor?: string;
  /** The consultant being rung for them now. */
  ringing?: string;
  /** Consultants who let their ring run out or declined it, while they waited. */
  unanswered: number;
  /** They asked to chat by text rather than talk. */
  chat?: true;
}

/** Events pushed to the agent console over server-sent events. */
export type AgentEvent =
  /** `shopOrigins`: pages on these are links in the console; any other page a shopper reports is shown unlinked. */
  | { type: 'hello'; agent: AgentView; assignment?: Assignment; shopOrigins: string[]; line: LineEntry[]; serverNow: number }
  /** Who waits now, to every console, whenever it changes. `serverNow` lets a console with a wrong clock count the waits right. */
  | { type: 'line'; line: LineEntry[]; serverNow: number }
  | { type: 'status'; status: AgentStatus; reason?: AwayReason }
  | { type: 'assignment'; assignment: Assignment }
  | { type: 'offer-withdrawn'; callId: string; reason: 'timeout' | 'declined' | 'cancelled' | 'offline' | 'away' }
  | { type: 'call-ended'; callId: string; reason: EndReason }
  /** The call goes on without this agent: handed to a colleague or back to the queue. */
  | { type: 'call-left'; callId: string; reason: 'transferred' | 'requeued'; to?: { name: string; identity: string } }
  | { type: 'callback'; request: CallbackRequest }
  | { type: 'callback-done'; id: string; by: string }
  /** Every session of this account ended (on any server): the console shows the sign-in page. */
  | { type: 'signed-out'; reason: SessionEndReason };

/** Why the server set an agent away, so the console can say so. */
export type AwayReason = 'missed-offers' | 'disconnected';
