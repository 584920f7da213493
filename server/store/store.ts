import type { AgentStatus, Role } from '../contract/auth.js';
import type { EndReason, Page, ServerCallState } from '../contract/calls.js';

/**
 * The store's whole surface. Routes and services see only this, so that SQL dialects and
 * engines stay behind it (SQLite today; PostgreSQL for shops that run several servers).
 * Every method that changes a call writes its call_events row in the same transaction, and
 * every transition is conditional on the state it expects, so two racing requests cannot
 * both win.
 */
export interface Store {
  readonly agents: AgentRepo;
  readonly calls: CallRepo;
  close(): Promise<void>;
}

export interface Agent {
  id: string;
  email: string;
  name: string;
  role: Role;
  status: AgentStatus;
  /** Epoch ms since the agent last became free; routing offers to the longest idle first. */
  idleSince: number;
  createdAt: number;
  disabledAt: number | null;
}

export interface NewAgent {
  email: string;
  name: string;
  role: Role;
  passwordHash: string;
}

export interface AgentRepo {
  create(agent: NewAgent, at: number): Promise<Agent>;
  get(id: string): Promise<Agent | undefined>;
  /** With the password hash, for login only. */
  findForLogin(email: string): Promise<(Agent & { passwordHash: string }) | undefined>;
  count(): Promise<number>;
  /** Becoming available (or away) also restarts the idle clock. */
  setStatus(id: string, status: AgentStatus, at: number): Promise<Agent | undefined>;
  /** Moves the agent to the back of the idle order (a missed ring, a call that ended). */
  markIdle(id: string, at: number): Promise<void>;
  /** Agents that could take a call if connected: available, enabled, with no open call. */
  listFree(): Promise<Agent[]>;
}

export interface CallRecord {
  id: string;
  state: ServerCallState;
  page: Page;
  origin: string | null;
  /** The agent it rings for or who answered it. */
  agentId: string | null;
  createdAt: number;
  offeredAt: number | null;
  answeredAt: number | null;
  endedAt: number | null;
  endReason: EndReason | null;
}

export type CallEventKind = 'created' | 'offered' | 'missed' | 'declined' | 'requeued' | 'answered' | 'ended';

export interface CallEvent {
  callId: string;
  at: number;
  kind: CallEventKind;
  agentId: string | null;
  detail: string | null;
}

export interface CallRepo {
  create(call: { id: string; page: Page; origin: string | null }, at: number): Promise<CallRecord>;
  get(id: string): Promise<CallRecord | undefined>;
  /** Queued calls, oldest first. */
  listQueued(): Promise<CallRecord[]>;
  /** Everything not ended, oldest first. */
  listOpen(): Promise<CallRecord[]>;
  /** The call ringing for or answered by this agent, if any. */
  openCallOf(agentId: string): Promise<CallRecord | undefined>;
  /** When each agent last missed or declined this call (for the re-offer cool-down). */
  rejections(callId: string): Promise<Map<string, number>>;
  events(callId: string): Promise<CallEvent[]>;
  /** queued → ringing, only if the agent is available, enabled and has no other open call. */
  offer(callId: string, agentId: string, at: number): Promise<boolean>;
  /** ringing for this agent → queued again. */
  withdraw(callId: string, agentId: string, kind: 'missed' | 'declined' | 'requeued', at: number): Promise<boolean>;
  /** ringing for this agent → in-call. Exactly one of two racing accepts gets `true`. */
  answer(callId: string, agentId: string, at: number): Promise<boolean>;
  /** Any open state → ended; the record as it was before, or undefined if it was already ended. */
  end(callId: string, reason: EndReason, at: number): Promise<CallRecord | undefined>;
}
