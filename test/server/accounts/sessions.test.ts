import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Request, Response } from 'express';
import { createSessions, SESSION_COOKIE } from '../../../server/accounts/sessions.js';
import type { Agent, Store } from '../../../server/store/store.js';

const agent: Agent = {
  id: 'agent-1',
  email: 'ann@shop.test',
  name: 'Ann',
  role: 'agent',
  status: 'available',
  idleSince: 0,
  languages: [],
  missedInRow: 0,
  createdAt: 0,
  disabledAt: null,
  sessionVersion: 1,
};

/** The cookie `issue` sets, as the browser sends it back. */
function issuedCookie(sessions: ReturnType<typeof createSessions>): string {
  let cookie = '';
  sessions.issue({ cookie: (name: string, value: string) => (cookie = `${name}=${encodeURIComponent(value)}`) } as unknown as Response, agent);
  return cookie;
}

const requestWith = (cookie: string) => ({ headers: { cookie } }) as Request;

describe('session cookies', () => {
  // accountOf reads only the cookie, so no store is asked.
  const sessions = (ttlS: number) =>
    createSessions({ secret: 'a session secret long enough to sign with', ttlS, secureCookies: false, store: {} as Store, onEnded: () => {} });

  it('a cookie checked before still expires on time', async () => {
    const s = sessions(1);
    const cookie = issuedCookie(s);
    assert.equal(s.accountOf(requestWith(cookie)), agent.id);
    assert.equal(s.accountOf(requestWith(cookie)), agent.id, 'the second time, from the checked ones');
    await new Promise((r) => setTimeout(r, 2100));
    assert.equal(s.accountOf(requestWith(cookie)), undefined);
  });

  it('a cookie changed by one character is refused, though the genuine one was checked', () => {
    const s = sessions(3600);
    const cookie = issuedCookie(s);
    assert.equal(s.accountOf(requestWith(cookie)), agent.id);
    const forged = cookie.slice(0, -2) + (cookie.at(-2) === 'A' ? 'B' : 'A') + cookie.at(-1);
    assert.equal(s.accountOf(requestWith(forged)), undefined);
    assert.equal(s.accountOf(requestWith(`${SESSION_COOKIE}=not-a-token`)), undefined);
  });
});
