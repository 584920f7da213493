/**
 * The first-party id a shopper's browser carries on the shop's own origin, from their first call
 * on (never before a click). No zod here: the widget's loader reads these.
 */

/** The cookie's name: the shop's own server reads it at checkout to report the order. */
export const VISITOR_COOKIE = 'vitrina_vid';

/** How long the cookie lives after the shopper's last call: the longest attribution window an owner may choose. */
export const VISITOR_COOKIE_DAYS = 90;
