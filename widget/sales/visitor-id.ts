import { VISITOR_COOKIE, VISITOR_COOKIE_DAYS } from '../../server/contract/visitor.js';

const ID = /^[A-Za-z0-9_-]{22,64}$/;

/** This browser's Vitrina id on the shop's origin, if a call has set it; undefined when there is none or cookies are blocked. */
export function readVisitorId(doc: Document = document): string | undefined {
  try {
    for (const part of doc.cookie.split(';')) {
      const [name, value] = part.trim().split('=', 2);
      if (name === VISITOR_COOKIE && value && ID.test(value)) return value;
    }
  } catch {
    // A sandboxed frame: no cookies at all.
  }
  return undefined;
}

/**
 * The id a call carries, made at the shopper's first call (a click, never on page load) and kept
 * for another 90 days at each. A first-party cookie, so that the shop's own server sees it at
 * checkout; 128 random bits that say nothing about the shopper.
 */
export function visitorIdForCall(doc: Document = document): string | undefined {
  const id = readVisitorId(doc) ?? newId();
  const secure = doc.location?.protocol === 'https:' ? '; Secure' : '';
  try {
    doc.cookie = `${VISITOR_COOKIE}=${id}; Path=/; Max-Age=${VISITOR_COOKIE_DAYS * 86_400}; SameSite=Lax${secure}`;
  } catch {
    return undefined;
  }
  // Cookies refused (the shopper's settings): the call goes without one, and no order can be credited to it.
  return readVisitorId(doc);
}

function newId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}
