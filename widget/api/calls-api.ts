import type { PageInput } from '../../server/contract/calls.js';
import type { ErrorBody } from '../../server/contract/errors.js';
import type { PathOf, RequestOf, ResponseOf } from '../../server/contract/routes.js';
import { CallError, type CallErrorReason } from '../call-core/call-error.js';
import { readConversation } from '../call-core/chat-lines.js';

const reasonFor = (status: number, code: string | undefined): CallErrorReason => {
  if (code === 'origin-not-allowed' || code === 'origin-required') return 'origin-not-allowed';
  if (code === 'closed' || code === 'no-consultants') return 'closed';
  if (code === 'consultant-away' || code === 'consultant-not-found') return 'consultant-away';
  if (status === 429) return 'rate-limited';
  if (status === 503) return 'media-unavailable';
  return 'unknown';
};

/** The routes a shopper reaches with their call's key. */
type CallKeyRoute =
  'switchCall' | 'rejoinCall' | 'reportPage' | 'shopperSay' | 'shopperMessages' | 'rateCall' | 'hangUp' | 'shopperVideo' | 'shopperSummary' | 'emailSummary';
const id = encodeURIComponent;

/** `AbortSignal.timeout`, which came after the oldest engines a call runs in (Safari 16, Chrome 103; calls need Safari 15.4, Chrome 93). */
function abortAfter(ms: number): AbortSignal {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), ms);
  return controller.signal;
}

/** The shopper's side of our HTTP API (written out rather than built from the route table, which stays out of the widget's bundle). */
export class CallsApi {
  constructor(private readonly server: string) {}

  async create(request: RequestOf<'openCall'>['body']): Promise<ResponseOf<'openCall'>> {
    let res: Response;
    const path: PathOf<'openCall'> = '/api/calls';
    try {
      res = await fetch(new URL(path, this.server), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(request),
        credentials: 'omit',
      });
    } catch (err) {
      throw new CallError('server-unreachable', 'The call server did not answer', { cause: err });
    }
    if (!res.ok) {
      // A proxy's HTML error page is not ours: the status alone then says what went wrong.
      const body = (await res.json().catch(() => undefined)) as ErrorBody | undefined;
      throw new CallError(reasonFor(res.status, body?.error.code), body?.error.message ?? `HTTP ${res.status}`);
    }
    return (await res.json()) as ResponseOf<'openCall'>;
  }

  /** A fresh token for the same call; undefined once the call has ended (410). */
  async rejoin(callId: string, callKey: string, page: PageInput): Promise<ResponseOf<'rejoinCall'> | undefined> {
    let res: Response;
    try {
      res = await this.send(`/api/calls/${id(callId)}/rejoin`, callKey, { page });
    } catch (err) {
      throw new CallError('server-unreachable', 'The call server did not answer', { cause: err });
    }
    if (res.status === 410 || res.status === 403 || res.status === 404) return undefined;
    if (!res.ok) throw new CallError(reasonFor(res.status, undefined), `HTTP ${res.status}`);
    return (await res.json()) as ResponseOf<'rejoinCall'>;
  }

  /** The page the shopper is on now, when the shop changed it without a page load. */
  async reportPage(callId: string, callKey: string, page: PageInput): Promise<void> {
    // Best effort: the consultant misses one page move; the next rejoin or move reports the page again.
    await this.send(`/api/calls/${id(callId)}/page`, callKey, { page }).catch(() => undefined);
  }

  async say(callId: string, callKey: string, text: string): Promise<ResponseOf<'shopperSay'> | undefined> {
    // Offline: undefined tells the panel the line was not sent, and it says so.
    const res = await this.send(`/api/calls/${id(callId)}/messages`, callKey, { text }).catch(() => undefined);
    return res?.status === 201 ? ((await res.json()) as ResponseOf<'shopperSay'>) : undefined;
  }

  /** The conversation so far, read a page at a time. */
  async messages(callId: string, callKey: string): Promise<unknown[]> {
    return readConversation(async (after, limit) => {
      const res = await this.send(`/api/calls/${id(callId)}/messages`, callKey, undefined, { method: 'GET' }, { after, limit });
      return res.ok ? ((await res.json()) as unknown[]) : [];
    });
  }

  async switchToAnyone(callId: string, callKey: string): Promise<void> {
    // Offline: the shopper stays in line for the consultant they chose, which is what they had.
    await this.send(`/api/calls/${id(callId)}/switch`, callKey, { to: 'first-available' }).catch(() => undefined);
  }

  /** The shopper's stars for the call they just had; true once the server kept them. */
  async rate(callId: string, callKey: string, rating: number, comment?: string): Promise<boolean> {
    // Offline: false, and the panel lets them try again.
    const res = await this.send(`/api/calls/${id(callId)}/rating`, callKey, comment ? { rating, comment } : { rating }).catch(() => undefined);
    return res?.status === 204;
  }

  /** What the consultant showed in the call, for the shopper to keep; undefined when there is none (unanswered, offline). */
  async summary(callId: string, callKey: string): Promise<ResponseOf<'shopperSummary'> | undefined> {
    const res = await this.send(`/api/calls/${id(callId)}/summary`, callKey, undefined, { method: 'GET' }).catch(() => undefined);
    return res?.ok ? ((await res.json()) as ResponseOf<'shopperSummary'>) : undefined;
  }

  /** Has the shop's server e-mail the summary: `sent`, or why not (a bad address, too many, the mail server down or offline). */
  async emailSummary(callId: string, callKey: string, email: string, language: string | undefined): Promise<'sent' | 'bad-address' | 'too-many' | 'failed'> {
    const res = await this.send(`/api/calls/${id(callId)}/summary/email`, callKey, { email, ...(language ? { language } : {}) }).catch(() => undefined);
    if (res?.status === 204) return 'sent';
    if (res?.status === 400) return 'bad-address';
    return res?.status === 429 ? 'too-many' : 'failed';
  }

  /** A step towards video in a chat call; true once the server took it. */
  async video(callId: string, callKey: string, step: NonNullable<RequestOf<'shopperVideo'>['body']>['step']): Promise<boolean> {
    // Offline: false; the shopper's button stays and they may try again.
    const res = await this.send(`/api/calls/${id(callId)}/video`, callKey, { step }).catch(() => undefined);
    return res?.status === 204;
  }

  /** Survives the page closing (keepalive), so a shopper who leaves never leaves a call open. */
  async hangUp(callId: string, callKey: string): Promise<void> {
    // Unreachable: the shopper's departure still reaches the server as LiveKit's participant_left webhook.
    await this.send(`/api/calls/${id(callId)}/hangup`, callKey, undefined, { keepalive: true, signal: abortAfter(3000) }).catch(() => undefined);
  }

  /** A request about one call, proven to be the shopper's by its call key; a body makes it a JSON POST. */
  private send(path: PathOf<CallKeyRoute>, callKey: string, body?: unknown, init: RequestInit = {}, query: Record<string, number> = {}): Promise<Response> {
    const url = new URL(path, this.server);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, String(value));
    return fetch(url, {
      method: 'POST',
      headers: { Authorization: `Bearer ${callKey}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      credentials: 'omit',
      ...init,
    });
  }
}
