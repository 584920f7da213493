import type { CallStatus } from './call-status.js';

/**
 * Where a call may go from each status, shopper's and consultant's alike. Written from the
 * moves CallSession, ShopperCall and AgentCall make, so a move outside it is a bug in one of
 * them; CallSession refuses such a move (and logs it) rather than show the UI a call in a
 * state it cannot be in.
 *
 * - idle: the shopper starts (requesting) or picks up a saved call (connecting); the console
 *   rings (ringing) or, after a reload or a transfer, rejoins an answered call (connecting).
 * - requesting → queued: the server has put the call in line; the room is joined behind it.
 * - connecting: the room is joined; the shopper waits in it (queued) or was answered already
 *   (in-call, a call picked up on another page); the consultant has accepted (in-call).
 * - queued ⇄ ringing: the server rings a consultant and, unanswered, moves on; ringing → in-call
 *   when one answers (queued → in-call when the answer comes before the ring's news).
 * - ringing → connecting: the consultant accepted and waits for the room and the server.
 * - in-call → queued: the consultant dropped out or handed the call back (requeue); a transfer
 *   keeps the shopper in-call, and the colleague's console comes in by idle → connecting.
 * - reconnecting: from any status a room is joined in, and back to that status (or to the one a
 *   move made meanwhile led to, see `advance`).
 * - ended and failed: from every live status (a hang-up, a leave, a failure can come at any
 *   point); nothing after them, a new call is a new object.
 */
export const TRANSITIONS: { readonly [S in CallStatus]: readonly CallStatus[] } = {
  idle: ['requesting', 'connecting', 'ringing', 'ended', 'failed'],
  requesting: ['queued', 'ended', 'failed'],
  connecting: ['queued', 'in-call', 'reconnecting', 'ended', 'failed'],
  queued: ['ringing', 'in-call', 'reconnecting', 'ended', 'failed'],
  ringing: ['queued', 'connecting', 'in-call', 'reconnecting', 'ended', 'failed'],
  'in-call': ['queued', 'reconnecting', 'ended', 'failed'],
  reconnecting: ['connecting', 'queued', 'ringing', 'in-call', 'ended', 'failed'],
  ended: [],
  failed: [],
};

/** Whether the table lets a call move from `from` to `to` (staying put is no move, so never). */
export const canMove = (from: CallStatus, to: CallStatus): boolean => TRANSITIONS[from].includes(to);
