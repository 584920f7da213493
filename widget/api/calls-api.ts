import type { CreateCallRequest, CreateCallResponse } from '../../server/contract/calls.js';
import type { ErrorBody } from '../../server/http/errors.js';
import { CallError, type CallErrorReason } from '../call-core/call-error.js';

const reasonFor = (status: number, code: string | undefined): CallErrorReason => {
  if (code === 'origin-not-allowed' || code === 'origin-required') return 'origin-not-allowed';
  if (code === 'closed' || code === 'no-consultants') return 'closed';
  if (code === 'consultant-away' || code === 'consultant-not-found') return 'consultant-away';
  if (status === 429) return 'rate-limited';
  if (status === 503) return 'media-unavailable';
  return 'unknown';
};

/** The shopper's side of our HTTP API. */
export class CallsApi {
  constructor(private readonly server: string) {}

  async create(request: CreateCallRequest): Promise<CreateCallResponse> {
    let res: Response;
    try {
      res = await fetch(new URL('/api/calls', this.server), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(request),
        credentials: 'omit',
      });
    } catch (err) {
      throw new CallError('server-unreachable', 'The call server did not answer', { cause: err });
    }
    if (!res.ok) {
      const body = (await res.json().catch(() => undefined)) as ErrorBody | undefined;
      throw new CallError(reasonFor(res.status, body?.error.code), body?.error.message ?? `HTTP ${res.status}`);
    }
    return (await res.json()) as CreateCallResponse;
  }

  async switchToAnyone(callId: string, callKey: string): Promise<void> {
    await fetch(new URL(`/api/calls/${encodeURIComponent(callId)}/switch`, this.server), {
      method: 'POST',
      headers: { Authorization: `Bearer ${callKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ to: 'first-available' }),
      credentials: 'omit',
    }).catch(() => undefined);
  }

  /** The shopper's stars for the call they just had; true once the server kept them. */
  async rate(callId: string, callKey: string, rating: number): Promise<boolean> {
    const res = await fetch(new URL(`/api/calls/${encodeURIComponent(callId)}/rating`, this.server), {
      method: 'POST',
      headers: { Authorization: `Bearer ${callKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ rating }),
      credentials: 'omit',
    }).catch(() => undefined);
    return res?.status === 204;
  }

  /** Survives the page closing (keepalive), so a shopper who leaves never leaves a call open. */
  async hangUp(callId: string, callKey: string): Promise<void> {
    await fetch(new URL(`/api/calls/${encodeURIComponent(callId)}/hangup`, this.server), {
      method: 'POST',
      headers: { Authorization: `Bearer ${callKey}` },
      credentials: 'omit',
      keepalive: true,
      signal: AbortSignal.timeout(3000),
    }).catch(() => undefined);
  }
}
