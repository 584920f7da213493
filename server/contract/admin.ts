import { z } from 'zod';
import { AgentIdSchema, CallIdParams, LanguageSchema, type CallKind, type EndReason, type Page } from './calls.js';
import type { ChatMessage } from './chat.js';
import type { AgentStatus, Role } from './auth.js';
import type { SalesOutcome } from './sales-outcome.js';
import type { Money } from './sales.js';

export const HISTORY_SORTS = ['date', 'wait', 'talk', 'consultant', 'score'] as const;
export type HistorySort = (typeof HISTORY_SORTS)[number];
export type CallOutcome = 'answered' | 'unanswered' | 'in-progress';
export type RecordingStatus = 'recording' | 'complete' | 'partial' | 'failed' | 'deleted';

/** A call as the owner reviews it. */
export interface CallSummary {
  id: string;
  createdAt: number;
  agentId: string | null;
  agentName: string | null;
  page: Page;
  outcome: CallOutcome;
  endReason: EndReason | null;
  waitMs: number | null;
  talkMs: number | null;
  recording: RecordingStatus | null;
  ownerScore: number | null;
  ownerNote: string | null;
  shopperRating: number | null;
  shopperComment: string | null;
  /** What the consultant who answered says came of it, and their note; null until they say. */
  agentOutcome: SalesOutcome | null;
  agentNote: string | null;
  /** How the shopper began the call; a chat that became a video call keeps `chat` and has `videoSince`. */
  kind: CallKind;
  videoSince: number | null;
}

const epochMs = z.coerce.number({ error: 'must be a time in milliseconds' }).int('must be a whole number').min(0, 'must not be negative');

export const HistoryQuery = z
  .strictObject({
    agentId: AgentIdSchema.optional(),
    from: epochMs.optional(),
    to: epochMs.optional(),
    outcome: z.enum(['answered', 'unanswered', 'in-progress']).optional(),
    sort: z.enum(HISTORY_SORTS).default('date'),
    order: z.enum(['asc', 'desc']).default('desc'),
    page: z.coerce.number({ error: 'must be a page number' }).int('must be a page number').min(1, 'must be at least 1').max(100_000).default(1),
    pageSize: z.coerce
      .number({ error: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(100, 'must be at most 100')
      .default(25),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, { message: 'must be after from', path: ['to'] });

export const ReviewBody = z.strictObject({
  note: z.string().trim().max(4000, 'must be at most 4000 characters').nullable(),
  score: z
    .number({ error: 'must be a whole number from 1 to 5' })
    .int('must be a whole number from 1 to 5')
    .min(1, 'must be at least 1')
    .max(5, 'must be at most 5')
    .nullable(),
});

export { CallIdParams };

export interface TimelineEntry {
  at: number;
  kind: string;
  agentName: string | null;
  detail: string | null;
}

export interface RecordingFile {
  id: string;
  /** Who sent it: the shopper, or the consultant by name. */
  from: { role: 'shopper' | 'agent' | 'other'; name: string };
  source: string;
  kind: 'video' | 'audio';
  segment: number;
  offsetMs: number;
  durationMs: number;
  status: 'complete' | 'partial';
  url: string;
}

/** What the owner did that the audit log keeps. */
export const AUDIT_ACTIONS = [
  'recording-deleted',
  'settings-changed',
  'hours-changed',
  'origins-changed',
  'consultant-added',
  'consultant-changed',
  'consultant-disabled',
  'consultant-enabled',
  'consultant-removed',
  'password-reset',
  'sessions-ended',
  'api-key-created',
  'api-key-revoked',
  'webhook-added',
  'webhook-removed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** One row of the audit log. `target` names what was acted on (a consultant, a call, a setting); `detail` what changed, never a secret. */
export interface AuditEntry {
  id: number;
  at: number;
  actor: { id: string; name: string };
  action: AuditAction;
  target: string | null;
  detail: string | null;
}

/** Newest first, 50 at a time: `?before=<id>` for the next page. */
export const AuditQuery = z.strictObject({
  before: z.coerce.number({ error: 'must be an entry id' }).int('must be a whole number').min(1, 'must be at least 1').optional(),
  limit: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(200, 'must be at most 200').default(50),
});

/** An account as the owner manages it. */
export interface AgentAccount {
  id: string;
  email: string;
  name: string;
  role: Role;
  languages: string[];
  status: AgentStatus;
  disabled: boolean;
}

/**
 * How the rings of a period's calls ended. A ring is one consultant's phone ringing for one call;
 * every ring that has ended is in exactly one bucket: offered = answered + missed + declined + left.
 */
export interface RingFigures {
  /** Rings that have ended (one still ringing counts once it ends). */
  offered: number;
  /** The consultant took the call. */
  answered: number;
  /** Nobody took it: it rang out, or the consultant went away or offline while it rang. */
  missed: number;
  /** The consultant said no. */
  declined: number;
  /** The call ended while it rang: the shopper hung up or left. */
  left: number;
}

/**
 * What the orders credited to a set of calls add up to. Amounts are per currency (largest
 * first): a shop that sells in two currencies sees both, never a sum of the two.
 */
export interface SalesFigures {
  orders: number;
  /** Answered calls with at least one order credited to them. */
  callsWithOrders: number;
  /** callsWithOrders ÷ answered calls; null with none answered. */
  conversion: number | null;
  revenue: Money[];
  /** Revenue ÷ orders, in each currency. */
  averageOrder: Money[];
}

/** What consultants said came of their answered calls; `unsaid` where they said nothing. */
export interface OutcomeCounts {
  sold: number;
  followUp: number;
  noSale: number;
  unsaid: number;
}

/** Figures for the owner's analytics page. */
export interface ConsultantFigures extends RingFigures {
  agentId: string;
  name: string;
  /** Their answered rings where the shopper had waited at most the target. */
  answeredWithinTarget: number;
  /** answered ÷ offered; null with nothing offered. */
  answerRate: number | null;
  /** answeredWithinTarget ÷ offered: the same base as the answer rate. */
  withinTarget: number | null;
  /** Over their answered rings: how long the shopper had waited (since calling, or since put back in line). */
  medianWaitMs: number | null;
  p90WaitMs: number | null;
  /** Talk and scores: the calls they finished (a transferred call belongs to the colleague who took it over). */
  medianTalkMs: number | null;
  ownerScore: number | null;
  shopperRating: number | null;
  /** The orders credited to the calls they finished, beside what they said came of them. */
  sales: SalesFigures;
  outcomes: OutcomeCounts;
}

/** The shop's figures for a period: calls = answered + unanswered + waiting. */
export interface TotalFigures {
  /** Shoppers who called in the period. */
  calls: number;
  /** Calls a consultant took (once, however many took it in turn). */
  answered: number;
  /** Calls that ended without anyone taking them. */
  unanswered: number;
  /** Calls still waiting in line or ringing now, never yet answered. */
  waiting: number;
  /** Calls first answered within the target of the shopper calling. */
  answeredWithinTarget: number;
  /** answered ÷ (answered + unanswered): of the calls that have an outcome; null with none. */
  answerRate: number | null;
  /** answeredWithinTarget ÷ (answered + unanswered): the same base as the answer rate. */
  withinTarget: number | null;
  /** From calling to the first answer, over answered calls. */
  medianWaitMs: number | null;
  p90WaitMs: number | null;
  medianTalkMs: number | null;
  ownerScore: number | null;
  shopperRating: number | null;
  /** Every consultant's rings added up. */
  rings: RingFigures;
  sales: SalesFigures;
  outcomes: OutcomeCounts;
}

/** The calls begun from one page of the shop (its address without query or fragment), and what they sold. */
export interface PageFigures {
  url: string;
  title: string;
  calls: number;
  answered: number;
  sales: SalesFigures;
}

export interface DayFigures {
  /** YYYY-MM-DD in the shop's time zone. */
  day: string;
  /** As in the total, for the calls that began that day: calls = answered + unanswered + waiting. */
  calls: number;
  answered: number;
  unanswered: number;
  waiting: number;
  /** Orders credited to the calls begun that day, and their revenue. */
  orders: number;
  revenue: Money[];
}

/** A page's way from the widget's button to an order, over the period. */
export interface FunnelFigures {
  /** Page views where the button showed. */
  shown: number;
  /** Page views where the shopper opened the panel. */
  opened: number;
  /** Calls begun (video or chat). */
  started: number;
  answered: number;
  /** Answered calls with an order credited to them. */
  ordered: number;
}

/**
 * Everything counts for the calls begun in the period: an order placed after it still counts
 * for the call that led to it.
 */
export interface Analytics {
  from: number;
  to: number;
  targetMs: number;
  total: TotalFigures;
  consultants: ConsultantFigures[];
  /** The pages with the most calls, at most 50. */
  pages: PageFigures[];
  /** Button shown → panel opened → call started → answered → ordered, in all and for the 50 pages the button showed most on. */
  funnel: { total: FunnelFigures; pages: (FunnelFigures & { url: string; title: string })[] };
  days: DayFigures[];
}

/** One page of the owner's call list. */
export interface CallPage {
  total: number;
  page: number;
  pageSize: number;
  calls: CallSummary[];
}

/** One call as the owner reviews it. */
export interface CallDetail {
  call: CallSummary;
  timeline: TimelineEntry[];
  files: RecordingFile[];
  messages: ChatMessage[];
}

/** The one-file download of a call's recording: asked for, made in the background, then fetched. */
export type CompositeState =
  { state: 'none' } | { state: 'working'; progress: number } | { state: 'ready'; bytes: number } | { state: 'failed'; error: string };

/** A recording file is named by its id only; a path or anything else is not one. */
export const FileIdParams = z.strictObject({
  fileId: z.string().regex(/^trk_[A-Za-z0-9_-]{16,40}$/, 'is not a recording file id'),
});

export interface AuditPage {
  entries: AuditEntry[];
  /** Pass as `before` for the next, older page; absent on the last one. */
  before?: number;
}

const accountName = z.string().trim().min(1, 'is required').max(80, 'must be at most 80 characters');
const password = z.string().min(10, 'must be at least 10 characters').max(200, 'must be at most 200 characters');
const languages = z.array(LanguageSchema).min(1, 'must name at least one language').max(10, 'must be at most 10 languages');

export const NewAgentBody = z.strictObject({
  email: z
    .email('must be an e-mail address')
    .max(254)
    .transform((s) => s.toLowerCase()),
  name: accountName,
  password,
  languages: languages.default(['en']),
  role: z.enum(['agent', 'owner']).default('agent'),
});
export const AgentChangeBody = z
  .strictObject({ name: accountName.optional(), languages: languages.optional(), disabled: z.boolean().optional() })
  .refine((b) => Object.keys(b).length > 0, { message: 'must change something' });
export const PasswordBody = z.strictObject({ password });
export const AgentIdParams = z.strictObject({ agentId: AgentIdSchema });

const DAY_MS = 24 * 3600 * 1000;

/** A period of at most 400 days, `to` after `from`; either may be left out (the last 30 days up to now). */
function checkPeriod(q: { from?: number | undefined; to?: number | undefined }, ctx: z.RefinementCtx): void {
  if (q.from === undefined || q.to === undefined) return;
  if (q.from >= q.to) ctx.addIssue({ code: 'custom', message: 'must be after from', path: ['to'] });
  else if (q.to - q.from > 400 * DAY_MS) ctx.addIssue({ code: 'custom', message: 'must be at most 400 days after from', path: ['to'] });
}

export const AnalyticsQuery = z
  .strictObject({
    from: epochMs.optional(),
    to: epochMs.optional(),
    /** A call answered within this counts as answered on time; the shop's own target when absent. */
    targetS: z.coerce
      .number({ error: 'must be a number of seconds' })
      .int('must be whole seconds')
      .min(5, 'must be at least 5')
      .max(3600, 'must be at most 3600')
      .optional(),
  })
  .superRefine(checkPeriod);

/** The calls begun in a period, or the orders credited to them, as CSV. */
export const CsvExportQuery = z.strictObject({ from: epochMs.optional(), to: epochMs.optional() }).superRefine(checkPeriod);
