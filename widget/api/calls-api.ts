import type { ChatMessage } from '../../server/contract/chat.js';
import type { CreateCallRequest, CreateCallResponse, PageInput, RejoinResponse } from '../../server/contract/calls.js';
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

  /** A fresh token for the same call; undefined once the call has ended (410). */
  async rejoin(callId: string, callKey: string, page: PageInput): Promise<RejoinResponse | undefined> {
    let res: Response;
    try {
      res = await fetch(this.callUrl(callId, '/rejoin'), {
        method: 'POST',
        headers: { Authorization: `Bearer ${callKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ page }),
        credentials: 'omit',
      });
    } catch (err) {
      throw new CallError('server-unreachable', 'The call server did not answer', { cause: err });
    }
    if (res.status === 410 || res.status === 403 || res.status === 404) return undefined;
    if (!res.ok) throw new CallError(reasonFor(res.status, undefined), `HTTP ${res.status}`);
    return (await res.json()) as RejoinResponse;
  }

  /** The page the shopper is on now, when the shop changed it without a page load. */
  async reportPage(callId: string, callKey: string, page: PageInput): Promise<void> {
    await fetch(this.callUrl(callId, '/page'), {
      method: 'POST',
      headers: { Authorization: `Bearer ${callKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ page }),
      credentials: 'omit',
    }).catch(() => undefined);
  }

  async say(callId: string, callKey: string, text: string): Promise<ChatMessage | undefined> {
    const res = await fetch(this.callUrl(callId, '/messages'), {
      method: 'POST',
      headers: { Authorization: `Bearer ${callKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ text }),
      credentials: 'omit',
    }).catch(() => undefined);
    return res?.status === 201 ? ((await res.json()) as ChatMessage) : undefined;
  }

  async messages(callId: string, callKey: string): Promise<unknown[]> {
    const res = await fetch(this.callUrl(callId, '/messages'), { headers: { Authorization: `Bearer ${callKey}` }, credentials: 'omit' }).catch(() => undefined);
    return res?.ok ? ((await res.json()) as unknown[]) : [];
  }

  private callUrl(callId: string, path: string): URL {
    return new URL(`/api/calls/${encodeURIComponent(callId)}${path}`, this.server);
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
  async rate(callId: string, callKey: string, rating: number, comment?: string): Promise<boolean> {
    const res = await fetch(new URL(`/api/calls/${encodeURIComponent(callId)}/rating`, this.server), {
      method: 'POST',
      headers: { Authorization: `Bearer ${callKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(comment ? { rating, comment } : { rating }),
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
