import type { CallKind, PageInput } from '../../server/contract/calls.js';
import type { ConsultantStatus, ShopperQueueEvent } from '../../server/contract/queue.js';
import { CallsApi } from '../api/calls-api.js';
import { canVideoCall } from './browser-support.js';
import { devicesGranted } from './device-permission.js';
import { markStep } from './call-marks.js';
import { CallError } from './call-error.js';
import { isFinal } from './call-status.js';
import { nextPaint } from './next-paint.js';
import { CallSession, CHAT_ONLY, type MediaChoice } from './call-session.js';
import { rememberConsultant } from './last-consultant.js';
import { QueueFeed } from './queue-feed.js';
import type { PathOf } from '../../server/contract/routes.js';
import { parseIdentity } from '../../server/contract/identities.js';
import { forgetCall, saveCall, type SavedCall } from './saved-call.js';
import { visitorIdForCall } from '../sales/visitor-id.js';
import type { ShopperSummary } from '../../server/contract/call-summary.js';

/** Where the shopper stands while waiting, as the server last pushed it. */
export interface Place {
  position: number;
  etaMs?: number;
  waitingFor?: { id: string; name: string; status: ConsultantStatus };
  /** Others who could answer right now, while the chosen consultant cannot. */
  othersFree?: number;
}

/** Something worth telling the shopper once: a handover, a consultant who dropped out. */
export type CallNotice = { kind: 'transferred'; to: string } | { kind: 'requeued'; reason: 'agent-left' | 'agent-requeued' };

export interface StartOptions {
  media?: MediaChoice;
  /** A consultant the shopper chose; otherwise the first available. */
  agentId?: string;
  /** Two-letter code, as `languageOf` gives it. */
  language?: string;
  /** `chat`: text only, no camera or microphone asked for (`media` is then ignored), until both sides agree to video. */
  kind?: CallKind;
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
  /** The consultant being rung now, as the server last said. */
  private rungIdentity: string | undefined;
  private _notice: CallNotice | undefined;
  private remembered: string | undefined;
  private _minimised = false;
  private historyLoaded = false;
  private saved = '';
  private reportedUrl = '';
  private pageWatch: ReturnType<typeof setInterval> | undefined;
  private _suspended = false;

  /**
   * While we wait, the consultant being rung: named by our server's place-in-line event as the
   * ring starts (so the grant is in place before that console joins), and any consultant in
   * the room (only the server mints a consultant a token for it, only for the one it rings).
   */
  protected override previewTo(present: readonly string[]): string[] {
    const agents = present.filter((identity) => parseIdentity(identity)?.role === 'agent');
    return this.rungIdentity && !agents.includes(this.rungIdentity) ? [...agents, this.rungIdentity] : agents;
  }

  constructor(
    private readonly server: string,
    /** Where the shopper is now: reported again whenever the call is rejoined. */
    private readonly page: () => PageInput,
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
      this.save();
    });
    this.on('status', (status) => {
      if (isFinal(status)) {
        this.feed?.close();
        clearInterval(this.pageWatch);
        forgetCall(this.server);
      }
      if (status === 'in-call' && !this.historyLoaded && this.ids) {
        // Lines sent while we were on another page (or before a rejoin) are in the store.
        this.historyLoaded = true;
        void this.api.messages(this.ids.callId, this.ids.callKey).then((lines) => this.addLines(lines));
      }
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
  /** The shopper shrank the panel to a small floating view; the next page opens it the same way. */
  get minimised(): boolean {
    return this._minimised;
  }
  set minimised(value: boolean) {
    this._minimised = value;
    this.save();
    this.emit('media');
  }

  async start(options: StartOptions = {}): Promise<void> {
    this.moveTo('requesting');
    markStep('call-start');
    let media: Promise<void> | undefined;
    try {
      // Before the camera and before the server: a call put in line here would ring a consultant and never connect.
      if (!canVideoCall()) throw new CallError('unsupported-browser', 'This browser has no RTCPeerConnection');
      const chat = options.kind === 'chat';
      const choice = chat ? CHAT_ONLY : options.media;
      media = this.prepareMedia(choice);
      // Failures are thrown where the media is awaited (here, or in join after the connect).
      media.catch(() => undefined);
      // A prompt the shopper has yet to answer comes before the line: a call queued behind an
      // open prompt could ring a consultant for nobody. Devices already granted start while the
      // call is created and the room joined.
      if (!(await devicesGranted(choice))) await media;
      this.assertLive();
      const call = await this.api.create({
        page: this.page(),
        ...(chat ? { kind: 'chat' as const } : {}),
        ...(options.agentId ? { agentId: options.agentId } : {}),
        ...(options.language ? { language: options.language } : {}),
        ...visitorField(),
      });
      markStep('call-created');
      this.ids = { callId: call.callId, callKey: call.callKey };
      this.save();
      this.follow();
      // The server has the call in its line, and rings for it, from here: the shopper waits while
      // the room is joined and camera and microphone are published behind it. An answer that comes
      // first shows the consultant as soon as the room is joined; a join that fails ends the call.
      this.moveTo('queued');
      await nextPaint();
      await this.join(call.livekitUrl, call.token, media);
    } catch (err) {
      // Whatever stopped the start (a hang-up meanwhile, a failure), the server must not keep the call.
      if (this.ids) await this.api.hangUp(this.ids.callId, this.ids.callKey);
      // When the devices failed too, theirs is the reason to show: the one the shopper can act on.
      const mediaError = await media?.then(
        () => undefined,
        (e: unknown) => e,
      );
      this.stopped(mediaError ?? err);
    }
  }

  /**
   * Picks up a call this tab started on another page of the shop: same call, same place in
   * line, same consultant. The consultant sees the page the shopper is on now.
   */
  async resume(saved: SavedCall): Promise<void> {
    this.ids = { callId: saved.callId, callKey: saved.callKey };
    this._minimised = saved.minimised;
    this.moveTo('connecting');
    try {
      const fresh = await this.api.rejoin(saved.callId, saved.callKey, this.page());
      if (!fresh) {
        this.moveTo('ended');
        return;
      }
      // The microphone is always made, so that a shopper who had muted it can unmute it here; a chat asks for nothing.
      await this.prepareMedia(saved.media.chatOnly ? CHAT_ONLY : { ...saved.media, microphone: true });
      if (!saved.media.microphone) await this.localAudio?.mute();
      this.follow();
      await this.join(fresh.livekitUrl, fresh.token);
      // Joined and not answered meanwhile: in line now (or once a reconnect that came during the join is over).
      if (this.settledStatus === 'connecting') this.advance('queued');
    } catch (err) {
      this.stopped(err);
    }
  }

  protected override async freshToken(): Promise<{ url: string; token: string } | undefined> {
    if (!this.ids) return undefined;
    const fresh = await this.api.rejoin(this.ids.callId, this.ids.callKey, this.page());
    return fresh && { url: fresh.livekitUrl, token: fresh.token };
  }

  /** A chat line to the consultant; it shows once the server has kept it. */
  async say(text: string): Promise<boolean> {
    if (!this.ids || !text.trim()) return false;
    const line = await this.api.say(this.ids.callId, this.ids.callKey, text);
    if (line) this.addLines([line]);
    return !!line;
  }

  /** Asks the consultant to turn this chat into a video call (or agrees, when they asked first). */
  async askVideo(): Promise<void> {
    await this.videoStep('ask');
  }

  /** The consultant's ask for video: yes (both start camera and microphone) or not now. */
  async answerVideo(accept: boolean): Promise<void> {
    await this.videoStep(accept ? 'accept' : 'decline');
  }

  private async videoStep(step: 'ask' | 'accept' | 'decline'): Promise<void> {
    if (!this.ids) return;
    // The room's metadata brings the outcome, to both sides alike.
    await this.api.video(this.ids.callId, this.ids.callKey, step);
  }

  /** Let go for a page change or the back-forward cache: a new ShopperCall picks the saved call up. */
  get suspended(): boolean {
    return this._suspended;
  }

  /**
   * The page is going away (`pagehide`): leave the room now rather than when the connection times
   * out, so the consultant sees the shopper changing pages at once, and free the camera for the next
   * page. The call stays saved for that page, or for this one if it comes back from the back-forward cache.
   */
  suspend(): void {
    if (!this.ids || isFinal(this.status) || this._suspended) return;
    this.save();
    // Before letting go: its camera and microphone going off is not the shopper's choice, and must not be saved as one.
    this._suspended = true;
    this.feed?.close();
    clearInterval(this.pageWatch);
    this.release();
  }

  /** Kept for the next page: the call, and whether camera and microphone were on. */
  private save(): void {
    if (!this.ids || isFinal(this.status) || this.status === 'reconnecting' || this._suspended) return;
    const { devices, audioOnly, chatOnly } = this.mediaChoice;
    const media = {
      camera: this.cameraOn,
      microphone: this.microphoneOn,
      ...(devices ? { devices } : {}),
      ...(audioOnly ? { audioOnly } : {}),
      ...(chatOnly ? { chatOnly } : {}),
    };
    const call: SavedCall = { ...this.ids, media, minimised: this._minimised };
    const json = JSON.stringify(call);
    if (json === this.saved) return;
    this.saved = json;
    saveCall(this.server, call);
  }

  /**
   * A shop built as a single-page app changes product without loading a page, so the next
   * page's rejoin never comes: the address is watched instead (once a second, nothing on the
   * host page patched) and a change is passed to the consultant.
   */
  private watchPage(): void {
    clearInterval(this.pageWatch);
    this.reportedUrl = this.page().url;
    this.pageWatch = setInterval(() => {
      const page = this.page();
      if (!this.ids || page.url === this.reportedUrl) return;
      this.reportedUrl = page.url;
      void this.api.reportPage(this.ids.callId, this.ids.callKey, page);
    }, 1000);
  }

  /** Our server's pushes about the place in line. */
  private follow(): void {
    if (!this.ids) return;
    this.watchPage();
    this.feed?.close();
    const path: PathOf<'callEvents'> = `/api/calls/${encodeURIComponent(this.ids.callId)}/events`;
    this.feed = new QueueFeed(new URL(path, this.server), this.ids.callKey, (e) => this.onQueueEvent(e));
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
  async summary(): Promise<ShopperSummary | undefined> {
    return this.ids ? this.api.summary(this.ids.callId, this.ids.callKey) : undefined;
  }

  async emailSummary(email: string, language: string | undefined): Promise<'sent' | 'bad-address' | 'too-many' | 'failed'> {
    return this.ids ? this.api.emailSummary(this.ids.callId, this.ids.callKey, email, language) : 'failed';
  }

  async rate(rating: number, comment?: string): Promise<boolean> {
    return this.ids ? this.api.rate(this.ids.callId, this.ids.callKey, rating, comment) : false;
  }

  /** Tells the server before the call shows as ended, so the call is recorded as hung up and the stars that follow are taken. */
  async hangUp(): Promise<void> {
    this.feed?.close();
    const ids = this.ids;
    await this.endFromHere(async () => {
      if (ids) await this.api.hangUp(ids.callId, ids.callKey);
    });
  }

  private onQueueEvent(e: ShopperQueueEvent): void {
    switch (e.type) {
      case 'queue':
        this._place = {
          position: e.position,
          ...(e.etaMs === undefined ? {} : { etaMs: e.etaMs }),
          ...(e.waitingFor ? { waitingFor: e.waitingFor } : {}),
          ...(e.othersFree ? { othersFree: e.othersFree } : {}),
        };
        if (e.rungIdentity !== this.rungIdentity) {
          this.rungIdentity = e.rungIdentity;
          this.previewChanged();
        }
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
        this.endedElsewhere();
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

/** The browser's first-party id, so that the shop's orders can be credited to this call; none where cookies are refused. */
function visitorField(): { visitor?: string } {
  const visitor = visitorIdForCall();
  return visitor ? { visitor } : {};
}
