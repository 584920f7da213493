import type { CallRecord } from '../store/store.js';

/**
 * A call as webhooks tell it: what a CRM needs to make or update a lead, and nothing of the
 * media. Times are epoch ms; the consultant by id and name.
 */
export function callData(call: CallRecord, agent?: { id: string; name: string }): Record<string, unknown> {
  return {
    callId: call.id,
    kind: call.kind,
    page: { url: call.page.url, title: call.page.title, ...(call.page.productId ? { productId: call.page.productId } : {}) },
    language: call.language,
    requestedAgentId: call.requestedAgentId,
    agent: agent ? { id: agent.id, name: agent.name } : null,
    createdAt: call.createdAt,
    answeredAt: call.answeredAt,
    endedAt: call.endedAt,
    endReason: call.endReason,
    waitMs: call.answeredAt === null ? null : call.answeredAt - call.createdAt,
    talkMs: call.answeredAt === null || call.endedAt === null ? null : call.endedAt - call.answeredAt,
  };
}
