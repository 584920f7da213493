/**
 * How the people of a call are shown and reached. No zod here, so the widget's bundle can take it:
 * the server's schemas and the browsers share these rules.
 */

/** Up to two initials of a name, for an avatar without a photo ("Anna Berg" → "AB"). */
export const initialsOf = (name: string): string =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase() ?? '')
    .join('');

/**
 * What counts as a phone number in a call-back request: digits, spaces, brackets, dots and dashes,
 * an optional leading +, at least five. The server's schema holds requests to it, and the widget's
 * form checks it before sending.
 */
export const PHONE_PATTERN = /^\+?[\d\s().-]{5,}$/;
