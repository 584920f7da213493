import type { AgentStatus, Role } from '../contract/auth.js';
import type { CallKind, EndReason, Page, ServerCallState } from '../contract/calls.js';
import type { ChatContent, ChatMessage } from '../contract/chat.js';
import type { CallbackRequest } from '../contract/queue.js';
import type { AuditEntry, CallOutcome, CallSummary, HistorySort, RecordingStatus } from '../contract/admin.js';
import type { SalesOutcome } from '../contract/sales-outcome.js';
import type { ProductCard } from '../contract/chat.js';
import type { ApiKeyView, OrderSource } from '../contract/sales.js';
import type { CatalogueProduct } from '../contract/catalogue.js';
import type { WebhookDeliveryView, WebhookEndpointView, WebhookEvent } from '../contract/webhooks.js';

export type { CallOutcome, CallSummary, HistorySort, RecordingStatus };

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
  readonly callbacks: CallbackRepo;
  readonly settings: SettingsRepo;
  readonly recordings: RecordingRepo;
  readonly history: CallHistoryRepo;
  readonly chat: ChatRepo;
  readonly webhooks: WebhookRepo;
  readonly audit: AuditRepo;
  readonly sales: SalesRepo;
  readonly funnel: FunnelRepo;
  readonly outbox: WebhookOutbox;
  readonly catalogue: CatalogueRepo;
  close(): Promise<void>;
}

/** The owner's actions, kept for good (they are few, and they are the record). */
export interface AuditRepo {
  add(entry: Omit<AuditEntry, 'id'>): Promise<void>;
  /** Newest first; `before` an id for the page after it. */
  list(page: { before?: number; limit: number }): Promise<AuditEntry[]>;
}

/** Ids of webhook events already handled, kept until they could no longer be accepted anyway. */
export interface WebhookRepo {
  /** True the first time an id is seen (on any server); false for a replay. Forgets ids expired by `now`, at most once a minute. */
  firstSeen(id: string, expiresAt: number, now: number): Promise<boolean>;
}

export interface Agent {
  id: string;
  email: string;
  name: string;
  role: Role;
  status: AgentStatus;
  /** Epoch ms since the agent last became free; routing offers to the longest idle first. */
  idleSince: number;
  /** ISO 639-1 codes. */
  languages: string[];
  /** Offers missed one after another; reset by an answer or by coming back available. */
  missedInRow: number;
  createdAt: number;
  disabledAt: number | null;
  /** Carried by each console session; raised to end them all (sign-out, a new password, disabling, removal). */
  sessionVersion: number;
}

export interface NewAgent {
  email: string;
  name: string;
  role: Role;
  passwordHash: string;
  languages?: string[];
}

/** Another account has the e-mail (two servers, or two owners, adding it at once). */
export class EmailTakenError extends Error {
  constructor(readonly email: string) {
    super(`there is already an account with ${email}`);
    this.name = 'EmailTakenError';
  }
}

export interface AgentRepo {
  /** Throws EmailTakenError when the e-mail is taken, however closely two creates race. */
  create(agent: NewAgent, at: number): Promise<Agent>;
  get(id: string): Promise<Agent | undefined>;
  /** With the password hash, for login only. */
  findForLogin(email: string): Promise<(Agent & { passwordHash: string }) | undefined>;
  /** Every enabled account, by name. */
  list(): Promise<Agent[]>;
  /** Becoming available (or away) also restarts the idle clock and forgets missed offers. */
  setStatus(id: string, status: AgentStatus, at: number): Promise<Agent | undefined>;
  /** Moves the agent to the back of the idle order (a missed ring, a call that ended). */
  markIdle(id: string, at: number): Promise<void>;
  /** Counts one more missed offer in a row (and moves the agent to the back); returns the new count. */
  recordMiss(id: string, at: number): Promise<number>;
  /** Agents that could take a call if connected: available, enabled, with no open call. */
  listFree(): Promise<Agent[]>;
  /** Every account but removed ones, disabled ones too, for the owner. */
  listAll(): Promise<Agent[]>;
  /** The owner's changes to an account; a disabled account is also set away and its sessions end. */
  update(id: string, change: { name?: string; languages?: string[]; disabled?: boolean }, at: number): Promise<Agent | undefined>;
  /** Also ends every session of the account. */
  setPasswordHash(id: string, passwordHash: string): Promise<boolean>;
  /** Ends every session of the account, on every server; false if there is no such account. */
  endSessions(id: string): Promise<boolean>;
  /**
   * Removes an account for good: it can no longer sign in, its sessions end, its e-mail is free
   * again, and it leaves the team; its name stays on the calls it took. False if there was no such account.
   */
  remove(id: string, at: number): Promise<boolean>;
}

export interface CallRecord {
  id: string;
  state: ServerCallState;
  /** The page the shopper called from. */
  page: Page;
  /** The page the shopper is on now: the last one they moved to, else the one they called from. */
  pageNow: Page;
  origin: string | null;
  language: string | null;
  /** The consultant the shopper chose; the call is offered to nobody else until they switch. */
  requestedAgentId: string | null;
  /** Put back at the front of the line by a consultant who dropped out or handed it back. */
  front: boolean;
  /** The agent it rings for or who answered it. */
  agentId: string | null;
  createdAt: number;
  offeredAt: number | null;
  answeredAt: number | null;
  endedAt: number | null;
  endReason: EndReason | null;
  kind: CallKind;
  /** The side of a chat call that asked for video and waits for the other's answer. */
  videoAskedBy: VideoSide | null;
  /** When a chat call became a video call. */
  videoSince: number | null;
}

export type VideoSide = 'shopper' | 'agent';

export type CallEventKind =
  | 'created'
  | 'offered'
  | 'missed'
  | 'declined'
  | 'requeued'
  | 'answered'
  | 'transferred'
  | 'switched'
  | 'cancelled'
  | 'ended'
  | 'video-asked'
  | 'video-declined'
  | 'video-started';

export interface CallEvent {
  callId: string;
  at: number;
  kind: CallEventKind;
  agentId: string | null;
  detail: string | null;
}

export interface CallRepo {
  create(
    call: { id: string; page: Page; origin: string | null; language?: string; requestedAgentId?: string; kind?: CallKind; visitorId?: string },
    at: number,
  ): Promise<CallRecord>;
  /** One server on SQLite answers an open call from the line it keeps: the record may be shared (read it, do not change it). */
  get(id: string): Promise<CallRecord | undefined>;
  /** A waiting shopper moved to another page: the consultant who answers sees it. False once the call is answered or over. */
  movedWhileWaiting(id: string, page: Page): Promise<boolean>;
  /** Queued calls, front of the line first, then oldest first. */
  listQueued(): Promise<CallRecord[]>;
  /** How many of them there are (a newcomer's place, without reading the line). */
  countQueued(): Promise<number>;
  /**
   * Everything not ended, oldest first. This and the next two are read on every pass over the
   * line: one server on SQLite keeps them between changes, so their records may be shared with
   * later callers (read them, do not change them).
   */
  listOpen(): Promise<readonly Readonly<CallRecord>[]>;
  /** The line: calls queued or ringing, oldest first. */
  listWaiting(): Promise<readonly Readonly<CallRecord>[]>;
  /** Agents with a call ringing for them or in progress. */
  busyAgentIds(): Promise<string[]>;
  /** The call ringing for or answered by this agent, if any. */
  openCallOf(agentId: string): Promise<CallRecord | undefined>;
  /** For every queued call, when each agent last missed or declined it (for the re-offer cool-down). */
  queuedRejections(): Promise<Map<string, Map<string, number>>>;
  events(callId: string): Promise<CallEvent[]>;
  /**
   * queued → ringing, only if the agent is available, enabled, has no other open call, is the one
   * chosen (if any), and has not missed or declined this call within the last `cooldownMs`.
   */
  offer(callId: string, agentId: string, at: number, cooldownMs?: number): Promise<boolean>;
  /** ringing for this agent → queued again. */
  withdraw(callId: string, agentId: string, kind: 'missed' | 'declined' | 'requeued', at: number): Promise<boolean>;
  /** ringing for this agent → in-call. Exactly one of two racing accepts gets `true`. */
  answer(callId: string, agentId: string, at: number): Promise<boolean>;
  /** in-call with this agent → queued at the front of the line (the agent dropped out or handed it back). */
  requeue(callId: string, agentId: string, reason: 'agent-left' | 'agent-requeued', at: number): Promise<boolean>;
  /** in-call with `from` → in-call with `to`, only if `to` could take a call right now. */
  transfer(callId: string, from: string, to: string, at: number): Promise<boolean>;
  /** A chat call in progress, not yet video, nobody asking: `by` asks for video. False if any of that does not hold. */
  askVideo(callId: string, by: VideoSide, agentId: string | null, at: number): Promise<boolean>;
  /** `by` answers the other side's ask: accepted, the call is a video call from `at`; declined, nobody asks any more. */
  answerVideo(callId: string, by: VideoSide, accept: boolean, agentId: string | null, at: number): Promise<boolean>;
  /** A call waiting for a chosen consultant → waiting for anyone, keeping its place by arrival. */
  switchToAnyone(callId: string, at: number): Promise<boolean>;
  /** Mean length of the most recent answered calls, for wait estimates; undefined before the first. */
  recentHandleMs(limit: number): Promise<number | undefined>;
  /**
   * Any open state → ended; the record as it was before, or undefined if it was already ended.
   * Its consultant, if any, is idle from `at` (the back of the idle order), in the same transaction.
   * A reason that depends on the state (a shopper's hang-up is a cancel while waiting) is
   * given as a function and decided inside the transaction, so a racing accept cannot leave
   * an answered call recorded as cancelled.
   */
  end(callId: string, reason: EndReason | ((state: ServerCallState) => EndReason), at: number): Promise<CallRecord | undefined>;
  /** `identity` left the call's room and has until `until` to come back (a newer absence replaces an older one). */
  markAbsent(callId: string, identity: string, until: number): Promise<void>;
  /** Absences whose time ran out before `at`, on any server. */
  absencesDue(at: number): Promise<{ callId: string; identity: string; until: number }[]>;
  /** Takes one absence to decide on; true for exactly one taker, and only while it is the one that ran out at `until`. */
  takeAbsence(callId: string, identity: string, until: number): Promise<boolean>;
}

export interface NewCallback {
  name: string;
  phone?: string | undefined;
  email?: string | undefined;
  preferredTime?: string | undefined;
  note?: string | undefined;
  language?: string | undefined;
  page: Page;
  origin: string | null;
}

export interface CallbackRepo {
  create(request: NewCallback, at: number): Promise<CallbackRequest>;
  list(state: 'open' | 'done' | 'all', limit: number): Promise<CallbackRequest[]>;
  /** Open → done, once; `undefined` if there is no such request, `false` if it was already done. */
  markDone(id: string, agentId: string, at: number): Promise<CallbackRequest | undefined | false>;
}

/** Small shop-wide settings as JSON documents; readers validate what they get back. */
export interface SettingsRepo {
  get(key: string): Promise<unknown>;
  put(key: string, value: unknown, at: number): Promise<void>;
}

export type TrackFileStatus = 'writing' | 'complete' | 'partial';

/** One received track of a call, kept as its own file (named by `id`). */
export interface RecordedTrack {
  id: string;
  callId: string;
  /** Counts recorder sessions within the call: a recorder restarted mid-call starts the next. */
  segment: number;
  participant: string;
  source: string;
  kind: 'video' | 'audio';
  codec: string;
  /** Where the track starts on the call's recording timeline; null until its first frame. */
  offsetMs: number | null;
  durationMs: number | null;
  bytes: number | null;
  status: TrackFileStatus;
  createdAt: number;
}

export interface RecordingRepo {
  /** Marks the call as being recorded; the first start fixes the timeline's zero. Returns that zero. */
  start(callId: string, at: number): Promise<number>;
  addTrack(track: Omit<RecordedTrack, 'offsetMs' | 'durationMs' | 'bytes' | 'status' | 'createdAt'>, at: number): Promise<void>;
  trackStarted(id: string, offsetMs: number): Promise<void>;
  finishTrack(id: string, result: { status: 'complete' | 'partial'; durationMs: number; bytes: number; offsetMs?: number }): Promise<void>;
  /** Forgets a track that never got a frame worth keeping. */
  dropTrack(id: string): Promise<void>;
  /** recording → complete/partial/failed, once; a later segment may only make it worse. */
  finish(callId: string, status: 'complete' | 'partial' | 'failed'): Promise<void>;
  tracksOf(callId: string): Promise<RecordedTrack[]>;
  /**
   * Makes `holder` the call's one recorder until `until`, if nobody else holds it or their lease
   * ran out (their server is gone); renews it if `holder` already has it. True when it is theirs.
   */
  claim(callId: string, holder: string, now: number, until: number): Promise<boolean>;
  /** Gives the call's recording up, if `holder` has it. */
  release(callId: string, holder: string): Promise<void>;
  /** Who records the call now (a lease that has not run out), if anyone. */
  holder(callId: string, now: number): Promise<string | undefined>;
  /** Recordings never finished whose recorder is gone: no lease, or one that ran out. */
  unclaimed(now: number): Promise<string[]>;
  /** Finished recordings of calls that ended before `at`, oldest first. */
  expired(before: number, limit: number): Promise<string[]>;
  /** Removes the files' rows and marks the call's recording deleted. Returns the removed tracks. */
  remove(callId: string): Promise<RecordedTrack[]>;
}

export interface HistoryFilter {
  agentId?: string;
  /** Epoch ms, inclusive; `to` exclusive. */
  from?: number;
  to?: number;
  outcome?: CallOutcome;
  sort: HistorySort;
  order: 'asc' | 'desc';
  offset: number;
  limit: number;
}

/** An event that starts or may end a ring, as analytics reads it. */
export interface RingEvent {
  callId: string;
  agentId: string;
  kind: CallEventKind;
  at: number;
}

/** What analytics reads of one call created in the period. */
export interface CallFacts {
  id: string;
  createdAt: number;
  state: ServerCallState;
  agentId: string | null;
  answeredAt: number | null;
  endedAt: number | null;
  ownerScore: number | null;
  shopperRating: number | null;
  /** The page the shopper called from. */
  pageUrl: string;
  pageTitle: string;
  agentOutcome: SalesOutcome | null;
}

export interface CallHistoryRepo {
  /**
   * Calls created in [from, to) and, in the order written, their events that start or may end a
   * ring (offered, answered, missed, declined, requeued, cancelled, ended) that name a consultant.
   */
  facts(from: number, to: number): Promise<{ calls: CallFacts[]; rings: RingEvent[] }>;
  search(filter: HistoryFilter): Promise<{ total: number; calls: CallSummary[] }>;
  summary(callId: string): Promise<CallSummary | undefined>;
  /** The shopper's stars (and comment, when given), for an answered call that has ended; false otherwise. */
  rate(callId: string, rating: number, comment?: string): Promise<boolean>;
  /** The owner's note and 1–5 score for the consultant; undefined if there is no such call. */
  review(callId: string, review: { note: string | null; score: number | null }): Promise<CallSummary | undefined>;
  /**
   * What came of a call, from the consultant who answered it (the last one, after a transfer):
   * while it is answered or after it ended, never while it rings again or waits. False when the
   * call is not theirs in that sense (or there is no such call).
   */
  recordOutcome(callId: string, agentId: string, outcome: { outcome: SalesOutcome; note: string | null }): Promise<boolean>;
}

/** How long a conversation may grow: lines in all, and the shopper's among them (their page moves included). */
export interface ConversationCap {
  lines: number;
  shopperLines: number;
}

export interface ChatRepo {
  /**
   * Adds a line to the call's conversation, numbered after the last one; the consultant's lines
   * carry their id (and name when read). A page line also moves the call's `pageNow`. Undefined,
   * and nothing written, when the conversation is at its cap. Constant work, however long the conversation.
   */
  add(
    line: { id: string; callId: string; at: number; from: 'shopper' | 'agent'; agentId?: string; content: ChatContent },
    cap: ConversationCap,
  ): Promise<ChatMessage | undefined>;
  /** Up to `limit` lines after line number `after` (0: from the start), oldest first; the shopper's page moves left out if asked. */
  list(callId: string, page?: { after?: number; limit?: number; withoutPages?: boolean }): Promise<ChatMessage[]>;
}

/** A product card sent in the call an order is credited to, and whether the order has it among its items. */
export interface OrderCard extends ProductCard {
  bought: boolean;
}

export interface NewOrder {
  /** The shop's own order number: an order is kept once, whoever reports it how often. */
  orderId: string;
  callId: string;
  /** Who had the call when it ended. */
  agentId: string | null;
  valueMinor: number;
  currency: string;
  source: OrderSource;
  orderedAt: number;
  cards: OrderCard[];
}

export interface OrderRecord extends NewOrder {
  receivedAt: number;
}

/** A call an order can be credited to. */
export interface AttributableCall {
  callId: string;
  agentId: string | null;
  /** The product cards the consultant sent in it, oldest first. */
  cards: ProductCard[];
}

export interface SalesRepo {
  /** The visitor's last call answered within [from, to], with the cards sent in it. */
  lastAnsweredCall(visitorId: string, from: number, to: number): Promise<AttributableCall | undefined>;
  /**
   * Keeps an order once per order id, however close two reports of it come. The shop's server
   * has the last word over a page: its report replaces a page's (`confirmed`); anything else
   * already kept stays as it is (`duplicate`).
   */
  addOrder(order: NewOrder, at: number): Promise<'recorded' | 'confirmed' | 'duplicate'>;
  /** Orders credited to calls created in [from, to), oldest order first. */
  ordersOfCalls(from: number, to: number): Promise<OrderRecord[]>;
  createKey(key: { id: string; name: string; createdBy: string }, at: number): Promise<ApiKeyView>;
  /** Every key, revoked ones too, newest first. */
  keys(): Promise<ApiKeyView[]>;
  key(id: string): Promise<ApiKeyView | undefined>;
  /** Undefined if there is no such key; a key revoked before stays revoked since then. */
  revokeKey(id: string, at: number): Promise<ApiKeyView | undefined>;
  keyUsed(id: string, at: number): Promise<void>;
}

/** The widget's counts on one page in one hour. */
export interface FunnelCount {
  /** Epoch ms of the hour's start. */
  hour: number;
  /** The page's origin and path. */
  page: string;
  shown: number;
  opened: number;
}

export interface FunnelRepo {
  /** Adds the counts to those kept (several servers add theirs alike). */
  add(counts: readonly FunnelCount[]): Promise<void>;
  /** Per page, summed over the hours that start in [from, to). */
  between(from: number, to: number): Promise<{ page: string; shown: number; opened: number }[]>;
}

/** A delivery a server has taken to send: its endpoint's address, the body to sign and send. */
export interface ClaimedDelivery {
  id: string;
  endpointId: string;
  url: string;
  eventId: string;
  event: WebhookEvent;
  payload: string;
  attempts: number;
}

/** Webhooks to the shop's systems: its endpoints, and an outbox that outlives any server. */
export interface WebhookOutbox {
  endpoints(): Promise<WebhookEndpointView[]>;
  addEndpoint(endpoint: Omit<WebhookEndpointView, 'createdAt'>, at: number): Promise<WebhookEndpointView>;
  /** Its pending deliveries are given up with it. False if there was no such endpoint. */
  removeEndpoint(id: string, at: number): Promise<boolean>;
  endpoint(id: string): Promise<WebhookEndpointView | undefined>;
  /** The endpoints that hear this event (none: nothing to build or queue). */
  takers(type: WebhookEvent): Promise<string[]>;
  /** One pending delivery per endpoint named, due now, in one transaction. */
  enqueue(event: { id: string; type: WebhookEvent; payload: string }, endpointIds: readonly string[], at: number, newDeliveryId: () => string): Promise<void>;
  /**
   * Takes up to `limit` deliveries due by `now` for `leaseMs`: another server (or this one after
   * a crash) takes them again only once the lease has run out without an answer recorded.
   */
  claimDue(now: number, leaseMs: number, limit: number): Promise<ClaimedDelivery[]>;
  /** Records an attempt: delivered, due again at `retryAt`, or given up (`retryAt` null). */
  settle(id: string, attempt: { delivered: boolean; status: number | null; error: string | null; retryAt: number | null }, at: number): Promise<void>;
  /** Newest first. */
  deliveries(filter: { status?: WebhookDeliveryView['status']; limit: number }): Promise<WebhookDeliveryView[]>;
  /** Due again now, counted from its first attempt; false if there is no such delivery or its endpoint is gone. */
  redeliver(id: string, at: number): Promise<boolean>;
  /** Forgets delivered and given-up deliveries created before `before`; returns how many. */
  prune(before: number): Promise<number>;
}

/** The shop's catalogue as its last good feed had it. */
export interface CatalogueRepo {
  /** The whole catalogue at once: readers see the old one or the new one, never a mix. */
  replace(products: readonly CatalogueProduct[]): Promise<void>;
  /** Products whose name or SKU has every word of `query` (case and ё/е aside); names starting with it first. */
  search(query: string, limit: number): Promise<CatalogueProduct[]>;
  count(): Promise<number>;
}
