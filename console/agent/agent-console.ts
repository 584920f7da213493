import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import type { AgentEvent } from '../../server/contract/agent.js';
import type { AgentStatus, AgentView } from '../../server/contract/auth.js';
import { CallController } from '../../widget/call-core/call-controller.js';
import { AgentCall } from './agent-call.js';
import { agentConsoleStyles } from './agent-console.styles.js';
import { ApiError, ConsoleApi } from './console-api.js';
import { Ringer } from './ringer.js';

/**
 * The consultant's console: sign in, say "available", hear and see a call ringing with the
 * shopper's page, accept, talk, hang up, next.
 */
export class VitrinaAgentConsole extends LitElement {
  static override styles = agentConsoleStyles;

  @state() private agent: AgentView | undefined;
  @state() private checkingSession = true;
  @state() private loginError = '';
  @state() private connected = false;

  private readonly api = new ConsoleApi();
  private readonly ringer = new Ringer();
  private readonly calls = new CallController<AgentCall>(this);
  private events: EventSource | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.api
      .get<AgentView>('/api/auth/me')
      .then((agent) => this.signedIn(agent))
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
    if (!this.agent) return this.loginForm();
    const agent = this.agent;
    return html`
      <header>
        <h1>Vitrina · Consultant</h1>
        <span class="status" data-testid="agent-status">
          <span class="dot ${agent.status}"></span>${agent.status === 'available' ? 'Available' : 'Away'}
          ${this.connected ? nothing : html`<small>(connecting…)</small>`}
        </span>
        ${agent.status === 'available'
          ? html`<button type="button" @click=${() => this.setStatus('away')}>Go away</button>`
          : html`<button type="button" class="primary" @click=${() => this.setStatus('available')}>I'm available</button>`}
        <span>${agent.name}</span>
        <button type="button" @click=${this.signOut}>Sign out</button>
      </header>
      <main>${this.body(agent)}</main>
    `;
  }

  private loginForm(): TemplateResult {
    return html`
      <main>
        <form class="login card" @submit=${this.signIn}>
          <h1>Vitrina · Consultant sign-in</h1>
          <label>E-mail <input name="email" type="email" autocomplete="username" required /></label>
          <label>Password <input name="password" type="password" autocomplete="current-password" required /></label>
          ${this.loginError ? html`<p class="error" role="alert">${this.loginError}</p>` : nothing}
          <button class="primary" type="submit">Sign in</button>
        </form>
      </main>
    `;
  }

  private body(agent: AgentView): TemplateResult {
    const call = this.calls.call;
    if (!call) {
      return html`<div class="card idle" role="status">
        ${agent.status === 'available'
          ? 'Waiting for shoppers. A call will ring here.'
          : 'You are away. Click “I’m available” to take calls.'}
      </div>`;
    }
    const page = call.assignment.page;
    const pageInfo = html`<div class="page-info">
      <span>Calling from</span>
      <span class="title" data-testid="call-page-title">${page.title || 'Untitled page'}</span>
      <a href=${page.url} target="_blank" rel="noopener noreferrer">${page.url}</a>
      ${page.productId ? html`<span>Product: ${page.productId}</span>` : nothing}
    </div>`;
    switch (call.status) {
      case 'ringing':
        return html`<section class="card ringing" role="alertdialog" aria-label="Incoming call">
          <h2>Incoming video call</h2>
          ${pageInfo}
          <div class="controls">
            <button type="button" class="accept" @click=${() => call.accept()}>Accept</button>
            <button type="button" @click=${() => call.decline()}>Decline</button>
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
              ${call.remoteVideo
                ? html`<vitrina-media-view class="remote" label="Shopper" .track=${call.remoteVideo}></vitrina-media-view>`
                : html`<div class="message">${call.status === 'in-call' ? 'Waiting for the shopper’s video…' : 'Connecting…'}</div>`}
              ${call.remoteAudio ? html`<vitrina-media-view kind="audio" .track=${call.remoteAudio}></vitrina-media-view>` : nothing}
              ${call.localVideo ? html`<vitrina-media-view class="self" mirror label="You" .track=${call.localVideo}></vitrina-media-view>` : nothing}
            </div>
            <div class="controls">
              <button type="button" aria-pressed=${call.microphoneOn ? 'true' : 'false'} @click=${() => call.setMicrophone(!call.microphoneOn)}>
                ${call.microphoneOn ? 'Mute' : 'Unmute'}
              </button>
              <button type="button" aria-pressed=${call.cameraOn ? 'true' : 'false'} @click=${() => call.setCamera(!call.cameraOn)}>
                ${call.cameraOn ? 'Camera off' : 'Camera on'}
              </button>
              <button type="button" class="danger" data-action="hang-up" @click=${() => call.hangUp()}>Hang up</button>
            </div>
          </div>
          <aside class="card">${pageInfo}</aside>
        </div>`;
      case 'ended':
      case 'failed':
        return html`<div class="card idle" role="status" data-testid="call-ended">
          <p>${call.status === 'failed' ? `The call could not continue: ${call.error?.message ?? ''}` : 'The call has ended.'}</p>
          <button type="button" class="primary" @click=${this.next}>Next</button>
        </div>`;
    }
  }

  private async signIn(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    this.ringer.unlock();
    const form = new FormData(e.target as HTMLFormElement);
    try {
      const agent = await this.api.post<AgentView>('/api/auth/login', {
        email: String(form.get('email') ?? ''),
        password: String(form.get('password') ?? ''),
      });
      this.loginError = '';
      this.signedIn(agent);
    } catch (err) {
      this.loginError = err instanceof ApiError ? err.message : 'Could not reach the server.';
    }
  }

  private async signOut(): Promise<void> {
    await this.setStatus('away');
    await this.api.post('/api/auth/logout');
    this.events?.close();
    this.agent = undefined;
  }

  private signedIn(agent: AgentView): void {
    this.agent = agent;
    this.events?.close();
    const events = new EventSource('/api/agent/events');
    this.events = events;
    events.onopen = () => (this.connected = true);
    events.onerror = () => (this.connected = false);
    events.onmessage = (message: MessageEvent<string>) => this.onEvent(JSON.parse(message.data) as AgentEvent);
  }

  private async setStatus(status: AgentStatus): Promise<void> {
    this.ringer.unlock();
    this.agent = await this.api.post<AgentView>('/api/agent/status', { status });
  }

  private onEvent(event: AgentEvent): void {
    switch (event.type) {
      case 'hello': {
        // After a reconnect the server's word is the truth: events sent while we were away are lost.
        this.connected = true;
        this.agent = event.agent;
        const current = this.calls.call;
        const live = current && current.status !== 'ended' && current.status !== 'failed';
        if (event.assignment && event.assignment.callId !== current?.callId) this.take(event.assignment);
        else if (!event.assignment && live) void current.leave();
        break;
      }
      case 'status':
        if (this.agent) this.agent = { ...this.agent, status: event.status };
        break;
      case 'assignment':
        this.take(event.assignment);
        break;
      case 'offer-withdrawn':
      case 'call-ended':
        if (this.calls.call?.callId === event.callId) void this.calls.call.leave();
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
