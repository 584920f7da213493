import { z } from 'zod';
import { WEEKDAYS, type Weekday } from './weekdays.js';

export { WEEKDAYS, type Weekday };
import type { WidgetLookForShopper } from './shop.js';
import { AgentIdSchema, LanguageSchema, PageSchema } from './calls.js';
import { PHONE_PATTERN } from './people.js';

export const QueueStatusQuery = z.strictObject({ lang: LanguageSchema.optional() });

export type ConsultantStatus = 'available' | 'busy' | 'away';

/** A consultant as a shopper sees them: nothing about the account beyond a name and languages. */
export interface ConsultantCard {
  id: string;
  name: string;
  initials: string;
  languages: string[];
  status: ConsultantStatus;
}

/** What the widget asks before it offers a call: one small request, no media server involved. */
export interface QueueStatus {
  open: boolean;
  /** Why calls are closed: outside working hours (or a holiday), or nobody is at their desk. */
  closedReason?: 'hours' | 'no-consultants';
  /** The next opening, ISO 8601, when closed by the hours. */
  opensAt?: string;
  timeZone: string;
  /** Consultants available or in a call now. */
  online: number;
  /** Of those, how many are free to answer now. */
  available: number;
  /** When nobody is free: about how long a shopper who joins the line now would wait, in ms (half minutes). */
  waitMs?: number;
  consultants: ConsultantCard[];
  /** The shop's notice that calls are recorded, in the asked language; absent when nothing is recorded. */
  recordingNotice?: string;
  /** The look the owner chose for the widget. */
  look?: WidgetLookForShopper;
}

/** Pushed to a waiting shopper whenever their place in line changes. */
export type ShopperQueueEvent =
  | {
      type: 'queue';
      state: 'queued' | 'ringing';
      /** 1 = next in line. */
      position: number;
      /** Estimated wait in ms; absent when nobody who could take the call is online. */
      etaMs?: number;
      /** The consultant the shopper chose, while they wait for that one only. */
      waitingFor?: { id: string; name: string; status: ConsultantStatus };
      /** While they wait for a chosen consultant: how many others are free to answer right now. */
      othersFree?: number;
      /**
       * While it rings: the room identity of the consultant being rung, whom the widget lets
       * subscribe to its held tracks (black frames) before that console has even joined.
       */
      rungIdentity?: string;
    }
  | { type: 'requeued'; reason: 'agent-left' | 'agent-requeued' }
  | { type: 'transferred'; to: string }
  | { type: 'ended' };

export const SwitchBody = z.strictObject({ to: z.literal('first-available') });

export const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be a time such as "09:30"');
export const Interval = z.strictObject({ from: HHMM, to: HHMM }).refine((i) => i.from < i.to, { message: 'must end after it starts', path: ['to'] });
const Day = z.array(Interval).max(6, 'at most 6 intervals a day');

const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as "Europe/Berlin"');

/** The shop's promise of when someone answers. No hours at all (the default) means always open. */
export const WorkingHoursSchema = z.strictObject({
  timeZone,
  week: z.strictObject({ mon: Day, tue: Day, wed: Day, thu: Day, fri: Day, sat: Day, sun: Day }).nullable(),
  holidays: z
    .array(
      z.strictObject({
        date: z.iso.date({ error: 'must be a date such as "2026-12-25"' }),
        name: z.string().trim().max(100).default(''),
      }),
    )
    .max(366)
    .default([]),
});
export type WorkingHours = z.output<typeof WorkingHoursSchema>;

export const ALWAYS_OPEN: WorkingHours = { timeZone: 'UTC', week: null, holidays: [] };

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .optional()
    .transform((s) => (s ? s : undefined));

/** A shopper who found nobody there leaves a way to reach them. */
export const CallbackBody = z
  .strictObject({
    name: z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters'),
    phone: optionalText(40).refine((p) => p === undefined || PHONE_PATTERN.test(p), 'must be a phone number'),
    email: optionalText(254).pipe(z.email('must be an e-mail address').optional()),
    preferredTime: optionalText(100),
    note: optionalText(1000),
    language: LanguageSchema.optional(),
    page: PageSchema,
  })
  .refine((b) => b.phone !== undefined || b.email !== undefined, {
    message: 'give a phone number or an e-mail address',
    path: ['phone'],
  });
export type CallbackRequestBody = z.input<typeof CallbackBody>;

export interface CallbackRequest {
  id: string;
  name: string;
  phone?: string;
  email?: string;
  preferredTime?: string;
  note?: string;
  language?: string;
  page: { url: string; title: string; productId?: string };
  createdAt: number;
  doneAt?: number;
  doneBy?: string;
}

export const CallbackIdParams = z.strictObject({
  callbackId: z.string().regex(/^cb_[A-Za-z0-9_-]{16,40}$/, 'is not a call-back id'),
});

export const CallbackListQuery = z.strictObject({ state: z.enum(['open', 'done', 'all']).default('open') });

export const TransferBody = z.strictObject({ agentId: AgentIdSchema });
