/**
 * The LiveKit webhook events the server acts on (see webhook-router.ts). LiveKit is told to send
 * only these: every other event (a room starting, each track published, each participant
 * joining, about fifteen per call) would cost a request, a signature check and a replay-guard
 * row for nothing.
 */
export const HANDLED_WEBHOOK_EVENTS = ['participant_left', 'room_finished'] as const;
