import type { CreateCallRequest } from '../../server/contract/calls.js';
import type { ConsultantStatus, ShopperQueueEvent } from '../../server/contract/queue.js';
import { CallsApi } from '../api/calls-api.js';
import { CallError } from './call-error.js';
import { CallSession, type MediaChoice } from './call-session.js';
import { rememberConsultant } from './last-consultant.js';
import { QueueFeed } from './queue-feed.js';

/** Where the shopper stands while waiting, as the server last pushed it. */
export interface Place {
  position: number;
  etaMs?: number;
  waitingFor?: { id: string; name: string; status: ConsultantStatus };
}

/** Something worth telling the shopper once: a handover, a consultant who dropped out. */
export type CallNotice = { kind: 'transferred'; to: string } | { kind: 'requeued'; reason: 'agent-left' | 'agent-requeued' };

export interface StartOptions {
  media?: MediaChoice;
  /** A consultant the shopper chose; otherwise the first available. */
  agentId?: string;
  /** Two-letter code, as `languageOf` gives it. */
  language?: string;
}

/**
 * The shopper's call: camera first, then a call from the server, then waiting inside the room
 * (with the place in line pushed to us) until the room's metadata names the consultant.
 */
export class ShopperCall extends CallSession {
  private readonly api: CallsApi;
  private ids: { callId: string; callKey: string } | undefined;
  private feed: QueueFeed | undefined;
  private _place: Place | undefined;
  private _notice: CallNotice | undefined;
  private remembered: string | undefined;

  constructor(
    private readonly server: string,
    log?: Pick<Console, 'debug' | 'warn'>,
  ) {
    super(log);
    this.api = new CallsApi(server);
    this.on('metadata', (meta) => {
      if (meta.state === 'answered' && meta.agent) {
        this.admit(meta.agent);
        this.advance('in-call');
        this.rememberPeer(meta.agent);
      } else if (meta.state === 'waiting' && this.wasInCall) {
        this.unadmit();
        this.advance('queued');
      }
    });
    this.on('media', () => {
      const agent = this.metadata?.agent;
      if (agent && this.status === 'in-call') this.rememberPeer(agent);
    });
    this.on('status', (status) => {
      if (status === 'ended' || status === 'failed') this.feed?.close();
    });
  }

  get callId(): string | undefined {
    return this.ids?.callId;
  }
  get place(): Place | undefined {
    return this._place;
  }
  get notice(): CallNotice | undefined {
    return this._notice;
  }

  async start(page: CreateCallRequest['page'], options: StartOptions = {}): Promise<void> {
    this.setStatus('requesting');
    try {
      await this.prepareMedia(options.media);
      const call = await this.api.create({
        page,
        ...(options.agentId ? { agentId: options.agentId } : {}),
        ...(options.language ? { language: options.language } : {}),
      });
      this.ids = { callId: call.callId, callKey: call.callKey };
      this.feed = new QueueFeed(new URL(`/api/calls/${encodeURIComponent(call.callId)}/events`, this.server), call.callKey, (e) =>
        this.onQueueEvent(e),
      );
      this.setStatus('connecting');
      await this.join(call.livekitUrl, call.token);
      if (this.status === 'connecting') this.setStatus('queued');
    } catch (err) {
      // Whatever stopped the start (a hang-up meanwhile, a failure), the server must not keep the call.
      if (this.ids) await this.api.hangUp(this.ids.callId, this.ids.callKey);
      if (err instanceof CallError && err.reason === 'cancelled') return;
      this.fail(err instanceof CallError ? err : new CallError('unknown', String(err), { cause: err }));
    }
  }

  /** Stops waiting for the chosen consultant and takes whoever is free first, keeping the place in line. */
  async switchToAnyone(): Promise<void> {
    if (!this.ids) return;
    await this.api.switchToAnyone(this.ids.callId, this.ids.callKey);
    if (this._place) {
      const { waitingFor: _dropped, ...rest } = this._place;
      this._place = rest;
      this.emit('media');
    }
  }

  /** Stars for a call that took place; the server refuses any other. */
  async rate(rating: number): Promise<boolean> {
    return this.ids ? this.api.rate(this.ids.callId, this.ids.callKey, rating) : false;
  }

  /** Tells the server first, so the call is recorded as hung up rather than as a shopper who vanished. */
  async hangUp(): Promise<void> {
    this.feed?.close();
    if (this.ids) await this.api.hangUp(this.ids.callId, this.ids.callKey);
    await this.leave();
  }

  private onQueueEvent(e: ShopperQueueEvent): void {
    switch (e.type) {
      case 'queue':
        this._place = {
          position: e.position,
          ...(e.etaMs === undefined ? {} : { etaMs: e.etaMs }),
          ...(e.waitingFor ? { waitingFor: e.waitingFor } : {}),
        };
        if (e.state === 'ringing' && this.status === 'queued') this.advance('ringing');
        else if (e.state === 'queued' && this.status === 'ringing') this.advance('queued');
        break;
      case 'requeued':
        this._notice = { kind: 'requeued', reason: e.reason };
        break;
      case 'transferred':
        this._notice = { kind: 'transferred', to: e.to };
        break;
      case 'ended':
        return;
    }
    // Place and notices re-render the panel the same way media changes do.
    this.emit('media');
  }

  /** Once per consultant, as soon as their name is known (it arrives with them in the room). */
  private rememberPeer(identity: string): void {
    const name = this.peerName;
    if (!name || this.remembered === identity) return;
    this.remembered = identity;
    rememberConsultant(this.server, { id: identity.replace(/^agent-/, ''), name });
  }
}
