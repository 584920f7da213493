/** The product feeds a catalogue is read from; `auto` tells them apart by their first characters. No zod: the admin page lists them. */
export const FEED_FORMATS = ['auto', 'yml', 'google', 'csv', 'json'] as const;
export type FeedFormat = (typeof FEED_FORMATS)[number];
