import { z } from 'zod';
import type { AgentStatus, AgentView } from './auth.js';
import type { EndReason, Page } from './calls.js';

export const StatusBody = z.strictObject({ status: z.enum(['available', 'away']) });
export type StatusRequest = z.input<typeof StatusBody>;

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
}

export interface AcceptResponse {
  callId: string;
  shopperIdentity: string;
}

/** Events pushed to the agent console over server-sent events. */
export type AgentEvent =
  | { type: 'hello'; agent: AgentView; assignment?: Assignment }
  | { type: 'status'; status: AgentStatus; reason?: string }
  | { type: 'assignment'; assignment: Assignment }
  | { type: 'offer-withdrawn'; callId: string; reason: 'timeout' | 'declined' | 'cancelled' | 'offline' | 'away' }
  | { type: 'call-ended'; callId: string; reason: EndReason };
