/** The states a call is in, in the shopper's panel and the agent console alike. */
export const CALL_STATUSES = ['idle', 'requesting', 'queued', 'ringing', 'connecting', 'in-call', 'reconnecting', 'ended', 'failed'] as const;

export type CallStatus = (typeof CALL_STATUSES)[number];

/** Once here, a call never moves again; a new call is a new object. */
export const isFinal = (s: CallStatus): boolean => s === 'ended' || s === 'failed';

/** Joined to the other side, or on the way back to them: the two are talking. */
export const isLive = (s: CallStatus): boolean => s === 'connecting' || s === 'in-call' || s === 'reconnecting';
