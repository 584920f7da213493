import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import type { AgentEvent, AwayReason } from '../../server/contract/agent.js';
import type { AgentStatus, AgentView } from '../../server/contract/auth.js';
import type { CallbackRequest, ConsultantCard } from '../../server/contract/queue.js';
import { CallController } from '../../widget/call-core/call-controller.js';
import { AgentCall } from './agent-call.js';
import { renderAgentChat } from './agent-chat.js';
import { agentConsoleStyles } from './agent-console.styles.js';
import { renderCallbacks } from './callbacks-view.js';
import { pageLink } from '../shared/page-link.js';
import { renderSignIn, signInStyles, submitSignIn } from '../shared/sign-in.js';
import { ApiError, ConsoleApi } from '../shared/console-api.js';
import { Ringer } from './ringer.js';
import { agentStrings, type AgentStrings } from './i18n/strings.js';
import { pathOf, routes } from '../../server/contract/routes.js';
import { renderLanguageSwitch } from '../shared/language-switch.js';

/**
 * The consultant's console: sign in, say "available", hear and see a call ringing with the
 * shopper's page, accept, talk, hang up, next.
 */
export class VitrinaAgentConsole extends LitElement {
  static override styles = [agentConsoleStyles, signInStyles];

  @state() private agent: AgentView | undefined;
  @state() private checkingSession = true;
  @state() private loginError = '';
  @state() private connected = false;
  @state() private awayReason: AwayReason | undefined;
  @state() private callbacks: CallbackRequest[] = [];
  /** Colleagues offered for a transfer, while the transfer menu is open. */
  @state() private colleagues: ConsultantCard[] | undefined;
  @state() private actionError = '';
  @state() private chatError = '';
  /** The shop's origins, from the server's hello: only their pages are links. */
  @state() private shopOrigins: ReadonlySet<string> = new Set();

  private readonly api = new ConsoleApi();
  private readonly ringer = new Ringer();
  private readonly calls = new CallController<AgentCall>(this);
  private events: EventSource | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.api.onSessionOver = () => {
      if (this.agent) this.sessionOver(agentStrings(this).sessionEnded.expired);
    };
    this.api
      .call('me')
      .then((agent) => this.signedIn(agent))
      // Not signed in (401) or offline: the sign-in form shows, and signing in says what is wrong.
      .catch(() => undefined)
      .finally(() => (this.checkingSession = false));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.events?.close();
    this.ringer.stop();
  }

  protected override render() {
    if (this.checkingSession) return nothing;
    const t = agentStrings(this);
    if (!this.agent) return renderSignIn(this, { t: { title: t.signInTitle, email: t.email, password: t.password, signIn: t.signIn }, error: this.loginError, onSubmit: (e) => void this.signIn(e) });
    const agent = this.agent;
    return html`
      <header>
        <h1>${t.title}</h1>
        <span class="status" data-testid="agent-status">
          <span class="dot ${agent.status}"></span>${agent.status === 'available' ? t.available : t.away}
          ${this.connected ? nothing : html`<small>${t.connecting}</small>`}
        </span>
        ${agent.status === 'available'
          ? html`<button type="button" @click=${() => this.setStatus('away')}>${t.goAway}</button>`
          : html`<button type="button" class="primary" @click=${() => this.setStatus('available')}>${t.imAvailable}</button>`}
        <span>${agent.name}</span>
        ${renderLanguageSwitch(this)}
        <button type="button" @click=${this.signOut}>${t.signOut}</button>
      </header>
      ${this.awayReason && agent.status === 'away'
        ? html`<p class="banner" role="alert" data-testid="away-reason">${this.awayReason === 'missed-offers' ? t.awayMissed : t.awayDisconnected}</p>`
        : nothing}
      <main>
        ${this.body(agent, t)}
        ${renderCallbacks(t, this.callbacks, this.shopOrigins, (id) => void this.callbackDone(id))}
      </main>
    `;
  }

  private body(agent: AgentView, t: AgentStrings): TemplateResult {
    const call = this.calls.call;
    if (!call) {
      return html`<div class="card idle" role="status">${agent.status === 'available' ? t.waitingForShoppers : t.youAreAway}</div>`;
    }
    const page = call.shopperPage;
    const moved = page.url !== call.assignment.page.url;
    const pageInfo = html`<div class="page-info" aria-live="polite">
      <span>${moved ? t.nowOn : t.callingFrom}</span>
      <span class="title" data-testid="call-page-title">${page.title || t.untitledPage}</span>
      ${pageLink(page, this.shopOrigins, { offShop: t.offShop, label: page.url })}
      ${page.productId ? html`<span>${t.product(page.productId)}</span>` : nothing}
    </div>`;
    switch (call.status) {
      case 'ringing':
        return html`<section class="card ringing" role="alertdialog" aria-label=${t.incomingCall}>
          <h2>${t.incomingVideoCall}</h2>
          ${call.assignment.chosen ? html`<p class="hint">${t.askedByName}</p>` : nothing}
          ${pageInfo}
          <div class="controls">
            <button type="button" class="accept" @click=${() => call.accept()}>${t.accept}</button>
            <button type="button" @click=${() => call.decline()}>${t.decline}</button>
          </div>
        </section>`;
      case 'idle':
      case 'requesting':
      case 'queued':
      case 'connecting':
      case 'in-call':
      case 'reconnecting':
        return html`<div class="call">
          <div>
            <div class="stage">
              ${call.remoteScreen
                ? html`<vitrina-media-view class="remote screen" label=${t.shopperScreen} .track=${call.remoteScreen}></vitrina-media-view>`
                : call.remoteVideo
                  ? html`<vitrina-media-view class="remote" label=${t.shopper} .track=${call.remoteVideo}></vitrina-media-view>`
                  : nothing}
              ${call.remoteAudio ? html`<vitrina-media-view kind="audio" .track=${call.remoteAudio}></vitrina-media-view>` : nothing}
              ${call.localVideo ? html`<vitrina-media-view class="self" mirror label=${t.you} .track=${call.localVideo}></vitrina-media-view>` : nothing}
              ${this.stageMessage(call, t)}
              <div class="states">
                ${call.status === 'in-call' && call.remoteMicrophoneMuted
                  ? html`<span class="state-badge" data-testid="shopper-muted">${t.shopperMuted}</span>`
                  : nothing}
                ${call.status === 'in-call' ? html`<span class="state-badge quality ${call.quality}" data-testid="quality">${t.yourConnection(call.quality)}</span>` : nothing}
              </div>
            </div>
            <div class="controls">
              <button type="button" aria-pressed=${call.microphoneOn ? 'true' : 'false'} @click=${() => call.setMicrophone(!call.microphoneOn)}>
                ${call.microphoneOn ? t.mute : t.unmute}
              </button>
              <button type="button" aria-pressed=${call.cameraOn ? 'true' : 'false'} @click=${() => call.setCamera(!call.cameraOn)}>
                ${call.cameraOn ? t.cameraOff : t.cameraOn}
              </button>
              <button
                type="button"
                data-action="share-screen"
                aria-pressed=${call.sharingScreen ? 'true' : 'false'}
                ?disabled=${call.status !== 'in-call'}
                @click=${() => void call.setScreenShare(!call.sharingScreen)}
              >
                ${call.sharingScreen ? t.stopSharing : t.shareScreen}
              </button>
              <button type="button" data-action="transfer" ?disabled=${call.status !== 'in-call' || call.handedOver} @click=${this.openTransfer}>
                ${t.transfer}
              </button>
              <button type="button" data-action="requeue" ?disabled=${call.status !== 'in-call' || call.handedOver} @click=${() => this.requeue(call)}>
                ${t.backToQueue}
              </button>
              <button type="button" class="danger" data-action="hang-up" @click=${() => call.hangUp()}>${t.hangUp}</button>
            </div>
            ${this.transferMenu(call, t)}
          </div>
          <aside class="card">
            ${call.handedOver ? html`<p class="hint" role="status">${t.handingOver}</p>` : nothing}
            ${call.assignment.transferredFrom ? html`<p class="hint">${t.transferredBy(call.assignment.transferredFrom)}</p>` : nothing}
            ${call.assignment.chosen ? html`<p class="hint">${t.askedByName}</p>` : nothing}
            ${pageInfo}
            ${call.status === 'in-call' || call.status === 'reconnecting'
              ? renderAgentChat({
                  t,
                  lines: call.messages,
                  page,
                  shopOrigins: this.shopOrigins,
                  send: (message) => call.send(message),
                  error: this.chatError,
                  setError: (message) => (this.chatError = message),
                })
              : nothing}
          </aside>
        </div>`;
      case 'ended':
      case 'failed':
        return html`<div class="card idle" role="status" data-testid="call-ended">
          <p>${call.status === 'failed' ? t.callFailed(call.error?.message ?? '') : t.callEnded}</p>
          <button type="button" class="primary" @click=${this.next}>${t.next}</button>
        </div>`;
    }
  }

  /** The server's error in the consultant's language where we know its code, else as the server put it. */
  private explain(err: ApiError): string {
    return agentStrings(this).serverErrors[err.code] ?? err.message;
  }

  /** One line over the picture, most important first. */
  private stageMessage(call: AgentCall, t: AgentStrings): TemplateResult | typeof nothing {
    const message = (text: string, testId = '') => html`<div class="message" data-testid=${testId || nothing}>${text}</div>`;
    if (call.status === 'reconnecting' || call.mediaInterrupted) return message(t.reconnecting, 'reconnecting');
    if (call.status !== 'in-call') return call.remoteVideo ? nothing : message(t.stageConnecting);
    if (call.peerPresent === false) return message(t.shopperAway, 'shopper-away');
    if (!call.remoteVideo && !call.remoteScreen) return message(t.waitingForVideo);
    if (call.remoteVideoPaused) return message(t.videoPaused, 'video-paused');
    if (!call.remoteScreen && !call.remoteCameraOn) return message(t.shopperCameraOff, 'shopper-camera-off');
    return nothing;
  }

  private transferMenu(call: AgentCall, t: AgentStrings): TemplateResult | typeof nothing {
    if (!this.colleagues) return this.actionError ? html`<p class="error" role="alert">${this.actionError}</p>` : nothing;
    const free = this.colleagues.filter((c) => c.status === 'available');
    return html`<div class="card transfer" role="dialog" aria-label=${t.transferTitle}>
      <h3>${t.transferTo}</h3>
      ${free.length === 0 ? html`<p class="muted">${t.noColleagueFree}</p>` : nothing}
      <ul>
        ${this.colleagues.map(
          (c) => html`<li>
            <button type="button" data-colleague=${c.id} ?disabled=${c.status !== 'available'} @click=${() => this.transfer(call, c.id)}>
              ${c.name} <small>${t.colleagueStatus[c.status]}</small>
            </button>
          </li>`,
        )}
      </ul>
      ${this.actionError ? html`<p class="error" role="alert">${this.actionError}</p>` : nothing}
      <button type="button" @click=${() => (this.colleagues = undefined)}>${t.cancel}</button>
    </div>`;
  }

  private async openTransfer(): Promise<void> {
    this.actionError = '';
    try {
      this.colleagues = await this.api.call('colleagues');
    } catch (err) {
      this.actionError = err instanceof ApiError ? this.explain(err) : agentStrings(this).couldNotLoadColleagues;
    }
  }

  private async transfer(call: AgentCall, agentId: string): Promise<void> {
    try {
      await call.transfer(agentId);
      this.colleagues = undefined;
      this.actionError = '';
    } catch (err) {
      this.actionError = err instanceof ApiError ? this.explain(err) : agentStrings(this).transferFailed;
      await this.openTransfer();
    }
  }

  private async requeue(call: AgentCall): Promise<void> {
    try {
      await call.requeue();
    } catch (err) {
      this.actionError = err instanceof ApiError ? this.explain(err) : agentStrings(this).requeueFailed;
    }
  }

  private async loadCallbacks(): Promise<void> {
    this.callbacks = await this.api.call('callbacks', { query: { state: 'open' } }).catch(() => this.callbacks);
  }

  private async callbackDone(id: string): Promise<void> {
    try {
      await this.api.call('callbackDone', { params: { callbackId: id } });
    } catch (err) {
      // Someone else got there first: the list catches up either way.
      if (!(err instanceof ApiError && err.status === 409)) throw err;
    }
    this.callbacks = this.callbacks.filter((r) => r.id !== id);
  }

  private async signIn(e: SubmitEvent): Promise<void> {
    this.ringer.unlock();
    try {
      const agent = await submitSignIn(this.api, e);
      this.loginError = '';
      this.signedIn(agent);
    } catch (err) {
      this.loginError = err instanceof ApiError ? this.explain(err) : agentStrings(this).unreachable;
    }
  }

  private async signOut(): Promise<void> {
    await this.setStatus('away');
    await this.api.call('logout');
    this.sessionOver();
  }

  /** The session is over (signed out here, or ended by the server): let go of everything, show the sign-in page. */
  private sessionOver(message = ''): void {
    this.events?.close();
    this.events = undefined;
    this.ringer.stop();
    void this.calls.call?.leave();
    this.calls.call = undefined;
    this.callbacks = [];
    this.agent = undefined;
    this.loginError = message;
  }

  private signedIn(agent: AgentView): void {
    this.agent = agent;
    this.events?.close();
    const events = new EventSource(pathOf(routes.agentEvents));
    this.events = events;
    events.onopen = () => (this.connected = true);
    events.onerror = () => {
      this.connected = false;
      // EventSource gives up for good on an error status (a 401 among them); a network error it retries itself.
      if (events.readyState === EventSource.CLOSED && this.events === events) void this.checkSession();
    };
    events.onmessage = (message: MessageEvent<string>) => this.onEvent(JSON.parse(message.data) as AgentEvent);
  }

  private async setStatus(status: AgentStatus): Promise<void> {
    this.ringer.unlock();
    this.awayReason = undefined;
    this.agent = await this.api.call('setStatus', { body: { status } });
  }

  /** Whether the session still holds, after the event stream was refused. */
  private async checkSession(): Promise<void> {
    try {
      this.signedIn(await this.api.call('me'));
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) this.sessionOver(agentStrings(this).sessionEnded.expired);
      else setTimeout(() => void this.checkSession(), 5_000);
    }
  }

  private onEvent(event: AgentEvent): void {
    switch (event.type) {
      case 'signed-out':
        this.sessionOver(agentStrings(this).sessionEnded[event.reason]);
        break;
      case 'hello': {
        // After a reconnect the server's word is the truth: events sent while we were away are lost.
        this.connected = true;
        this.agent = event.agent;
        this.shopOrigins = new Set(event.shopOrigins);
        void this.loadCallbacks();
        const current = this.calls.call;
        const live = current && current.status !== 'ended' && current.status !== 'failed';
        if (event.assignment && event.assignment.callId !== current?.callId) this.take(event.assignment);
        else if (!event.assignment && live) void current.leave();
        break;
      }
      case 'status':
        if (this.agent) this.agent = { ...this.agent, status: event.status };
        this.awayReason = event.reason;
        break;
      case 'assignment':
        this.take(event.assignment);
        break;
      case 'offer-withdrawn':
      case 'call-ended':
        if (this.calls.call?.callId === event.callId) void this.calls.call.leave();
        break;
      case 'call-left': {
        const call = this.calls.call;
        if (call?.callId !== event.callId) break;
        this.colleagues = undefined;
        if (event.reason === 'transferred' && event.to) void call.handOver(event.to.identity).then(() => this.next());
        else void call.leave().then(() => this.next());
        break;
      }
      case 'callback':
        if (!this.callbacks.some((r) => r.id === event.request.id)) this.callbacks = [event.request, ...this.callbacks];
        break;
      case 'callback-done':
        this.callbacks = this.callbacks.filter((r) => r.id !== event.id);
        break;
    }
  }

  private take(assignment: AgentCall['assignment']): void {
    if (!this.agent) return;
    // One call at a time: whatever the console still held is let go (its room, its camera).
    void this.calls.call?.leave();
    const call = new AgentCall(assignment, this.agent.id, this.api);
    this.calls.call = call;
    call.on('status', (status) => {
      if (this.calls.call !== call) return;
      if (status === 'ringing') this.ringer.start();
      else this.ringer.stop();
      // A missed or withdrawn ring leaves nothing to look at.
      if ((status === 'ended' || status === 'failed') && !call.wasInCall) this.next();
    });
    void call.start();
  }

  private next(): void {
    this.ringer.stop();
    this.calls.call = undefined;
  }
}
