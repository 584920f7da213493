import { z } from 'zod';
import { HISTORY_SORTS } from '../store/store.js';
import { AgentIdSchema, CallIdParams } from './calls.js';

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
    pageSize: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(100, 'must be at most 100').default(25),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, { message: 'must be after from', path: ['to'] });

export const ReviewBody = z.strictObject({
  note: z.string().trim().max(4000, 'must be at most 4000 characters').nullable(),
  score: z.number({ error: 'must be a whole number from 1 to 5' }).int('must be a whole number from 1 to 5').min(1, 'must be at least 1').max(5, 'must be at most 5').nullable(),
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
