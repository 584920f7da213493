import { z } from 'zod';

export const OriginSchema = z
  .string()
  .max(300, 'must be at most 300 characters')
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.origin === value && (url.protocol === 'https:' || url.protocol === 'http:');
    } catch {
      return false;
    }
  }, 'must be an origin such as https://shop.example (scheme, host and port, no path)');

/** The shop pages allowed to embed the widget, besides those in the server's environment. */
export const ShopOriginsSchema = z.strictObject({
  origins: z.array(OriginSchema).max(50, 'at most 50 origins'),
});
export type ShopOriginsValue = z.infer<typeof ShopOriginsSchema>;

const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour such as #1f6feb');
const greeting = z.string().trim().max(120, 'must be at most 120 characters');

/** How the widget looks on the shop's pages; the page's own CSS still wins where it sets the same thing. */
export const WidgetLookSchema = z.strictObject({
  accent: colour,
  accentText: colour,
  position: z.enum(['bottom-right', 'bottom-left']),
  /** Shown at the top of the panel; empty for the built-in words. */
  greeting: z.strictObject({ en: greeting, ru: greeting }),
});
export type WidgetLook = z.infer<typeof WidgetLookSchema>;

export const DEFAULT_LOOK: WidgetLook = { accent: '#1f6feb', accentText: '#ffffff', position: 'bottom-right', greeting: { en: '', ru: '' } };

/** The look as one shopper's widget needs it: the greeting in their language only. */
export interface WidgetLookForShopper {
  accent: string;
  accentText: string;
  position: WidgetLook['position'];
  greeting?: string;
}

export const OriginCheckBody = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2048),
});

/** The shop's promise for answering: analytics counts calls answered within it. */
export const ServiceTargetSchema = z.strictObject({
  answerWithinS: z.number({ error: 'must be a number of seconds' }).int('must be whole seconds').min(5, 'must be at least 5').max(3600, 'must be at most 3600'),
});
export type ServiceTarget = z.infer<typeof ServiceTargetSchema>;
export const DEFAULT_SERVICE_TARGET: ServiceTarget = { answerWithinS: 120 };

/** The owner's recording settings. */
const recordingNotice = z.string().trim().min(1, 'must not be empty').max(300, 'must be at most 300 characters');

export const RecordingSettingsSchema = z.strictObject({
  /** Off: no call is recorded and shoppers are not told they would be. */
  enabled: z.boolean(),
  /** Shown to the shopper before a consultant joins, in their language. */
  notice: z.strictObject({ en: recordingNotice, ru: recordingNotice }),
  /** Recordings older than this are deleted by the server. */
  retentionDays: z
    .number({ error: 'must be a number of days' })
    .int('must be a whole number of days')
    .min(1, 'must be at least 1')
    .max(3650, 'must be at most 3650'),
});
export type RecordingSettingsValue = z.infer<typeof RecordingSettingsSchema>;

/** The shop's origins as the owner sees them: those fixed by the server's settings, and their own list. */
export interface OriginsView {
  fixed: string[];
  origins: string[];
}

/** What the owner pastes into their shop's pages, and the Content-Security-Policy those pages need. */
export interface InstallInfo {
  widgetUrl: string;
  snippet: string;
  csp: string[];
}

export interface OriginCheck {
  origin: string;
  allowed: boolean;
}
