import { z } from 'zod';
import { ProductCardSchema } from './chat.js';
import { VisitorIdSchema } from './sales.js';

/** The product page a shopper calls from, as the widget reports it. */
export const PageSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2048, 'must be at most 2048 characters'),
  title: z.string().trim().max(300, 'must be at most 300 characters').default(''),
  productId: z.string().trim().min(1).max(128, 'must be at most 128 characters').optional(),
  /** What the page says it sells (its schema.org Product data): the consultant sends it as a card in one click. */
  product: ProductCardSchema.optional(),
});
export type Page = z.output<typeof PageSchema>;
/** A page as a browser reports it (the title may be left out). */
export type PageInput = z.input<typeof PageSchema>;

/** Languages a consultant can speak and a shopper can ask for: ISO 639-1 codes. */
export const LanguageSchema = z.string().regex(/^[a-z]{2}$/, 'must be a two-letter language code such as "en"');
export const AgentIdSchema = z.string().regex(/^agent_[A-Za-z0-9_-]{16,40}$/, 'is not a consultant id');

/** A call with camera and microphone, or text chat only (no camera, no microphone) until both sides agree to video. */
export const CALL_KINDS = ['video', 'chat'] as const;
export type CallKind = (typeof CALL_KINDS)[number];

export const CreateCallBody = z.strictObject({
  page: PageSchema,
  /** `chat`: the shopper would rather type; the call is the same call, in the same line, without media. */
  kind: z.enum(CALL_KINDS, { error: 'must be "video" or "chat"' }).default('video'),
  /** The shopper's language; the call goes to a consultant who speaks it when one is online. */
  language: LanguageSchema.optional(),
  /** A consultant the shopper chose; without it, the first available one. */
  agentId: AgentIdSchema.optional(),
  /** This browser's first-party id on the shop's origin: orders reported with it are credited to the call. */
  visitor: VisitorIdSchema.optional(),
});
export type CreateCallRequest = z.input<typeof CreateCallBody>;

export interface CreateCallResponse {
  callId: string;
  livekitUrl: string;
  /** Joins only this call's room, for a short time, publishing only camera and microphone. */
  token: string;
  /** Proves to our API that the bearer is this call's shopper (hang up). */
  callKey: string;
}

/**
 * One side's step towards turning a chat call into a video call: ask for it, or answer the other
 * side's ask. Asking when the other side has asked already is agreeing.
 */
export const VIDEO_STEPS = ['ask', 'accept', 'decline'] as const;
export const VideoStepBody = z.strictObject({ step: z.enum(VIDEO_STEPS, { error: 'must be "ask", "accept" or "decline"' }) });
export type VideoStepRequest = z.input<typeof VideoStepBody>;

/** The shopper's widget coming back to its call from another page (or after a connection the SDK gave up on). */
export const RejoinBody = z.strictObject({ page: PageSchema });

/** A fresh way into the same room: the shopper keeps their call, their place in line and their consultant. */
export interface RejoinResponse {
  livekitUrl: string;
  token: string;
}

/** The shopper's 1–5 stars for a call that was answered, given after it ends, and maybe a few words (sent again to add them). */
export const RatingBody = z.strictObject({
  rating: z
    .number({ error: 'must be a whole number from 1 to 5' })
    .int('must be a whole number from 1 to 5')
    .min(1, 'must be at least 1')
    .max(5, 'must be at most 5'),
  comment: z.string().trim().max(1000, 'must be at most 1000 characters').optional(),
});

export const CallIdParams = z.strictObject({
  callId: z.string().regex(/^call_[A-Za-z0-9_-]{16,40}$/, 'is not a call id'),
});

/** Named states a call moves through, on the server and in both browsers. */
export const CALL_STATES = ['queued', 'ringing', 'in-call', 'ended'] as const;
export type ServerCallState = (typeof CALL_STATES)[number];

export const END_REASONS = ['shopper-hung-up', 'agent-hung-up', 'shopper-left', 'agent-left', 'cancelled', 'room-closed', 'lost', 'media-error'] as const;
export type EndReason = (typeof END_REASONS)[number];

/**
 * What the server writes into the LiveKit room's metadata; both browsers watch it over their
 * open signal connection, so an accept reaches the shopper without another request.
 */
export interface RoomMetadata {
  v: 1;
  state: 'waiting' | 'answered';
  shopper: string;
  agent?: string;
  /** The hidden recorder, present while the call is answered and recorded: both sides let it receive. */
  recorder?: string;
  /**
   * Present while the call is text chat only; gone once both sides agreed to video, which is
   * when both browsers start camera and microphone. `ask` names the side waiting for the other's answer.
   */
  chat?: { ask?: 'shopper' | 'agent' };
}
