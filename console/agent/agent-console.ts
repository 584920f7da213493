import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import type { AgentView } from '../../server/contract/auth.js';
import { AgentCall } from './agent-call.js';
import { isLive } from '../../widget/call-core/call-status.js';
import type { StageLabels } from '../../widget/call-stage/call-stage.js';
import { renderAgentChat } from './agent-chat.js';
import { agentConsoleStyles } from './agent-console.styles.js';
import { renderCallbacks } from './callbacks-view.js';
import { renderLine, renderLineCount } from './line-view.js';
import { listCameras, type Camera } from '../../widget/call-core/cameras.js';
import { pageLink } from '../shared/page-link.js';
import { renderSignIn, signInStyles, submitSignIn } from '../shared/sign-in.js';
import { ConsoleApi } from '../shared/console-api.js';
import { Ringer } from './ringer.js';
import { AgentDesk, type ActionError, type ServerError, type SignInNotice } from './desk.js';
import { DeskController } from './desk-controller.js';
import { agentStrings, type AgentStrings } from './i18n/strings.js';
import { pathOf, routes } from '../../server/contract/routes.js';
import { renderLanguageSwitch } from '../shared/language-switch.js';

/**
 * The consultant's console: sign in, say "available", hear and see a call ringing with the
 * shopper's page, accept, talk, hang up, next.
 */
export class VitrinaAgentConsole extends LitElement {
  static override styles = [agentConsoleStyles, signInStyles];

  /** Set by the chat view when the server refused a line: view state, it never leaves the chat. */
  @state() private chatError = '';
  /** A step towards video that did not reach the server. */
  @state() private videoError = '';

  private readonly api = new ConsoleApi();
  /** The console's logic (session, events, status, the call, call-backs); its controller re-renders this element and runs the desk while it is on the page. */
  private readonly desk = new DeskController(
    this,
    new AgentDesk<AgentCall>({
      api: this.api,
      ringer: new Ringer(),
      openEvents: () => new EventSource(pathOf(routes.agentEvents)),
      newCall: (assignment, agentId) => new AgentCall(assignment, agentId, this.api),
    }),
  ).desk;

  /** The ring last given the keyboard: each ring moves focus to Accept once (Enter answers, Tab reaches Decline). */
  private focusedRing: string | undefined;
  /** This device's cameras, listed once a call has the camera (before that they have no names). */
  @state() private cameras: readonly Camera[] = [];
  private camerasFor: string | undefined;
  private readonly onDeviceChange = () => void listCameras().then((cameras) => (this.cameras = cameras));

  override connectedCallback(): void {
    super.connectedCallback();
    navigator.mediaDevices?.addEventListener('devicechange', this.onDeviceChange);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    navigator.mediaDevices?.removeEventListener('devicechange', this.onDeviceChange);
  }

  protected override updated(): void {
    const call = this.desk.state.call;
    if (call?.status === 'in-call' && this.camerasFor !== call.callId) {
      this.camerasFor = call.callId;
      this.onDeviceChange();
    }
    if (call?.status !== 'ringing' || this.focusedRing === call.callId) return;
    this.focusedRing = call.callId;
    this.renderRoot.querySelector<HTMLButtonElement>('button.accept')?.focus();
  }

  protected override render() {
    const s = this.desk.state;
    if (s.checkingSession) return nothing;
    const t = agentStrings(this);
    if (!s.agent) {
      return renderSignIn(this, {
        t: { title: t.signInTitle, email: t.email, password: t.password, signIn: t.signIn },
        error: this.noticeText(s.signInNotice, t),
        onSubmit: (e) => void this.desk.signIn(() => submitSignIn(this.api, e)),
      });
    }
    const agent = s.agent;
    // In a call the status says so: shoppers cannot reach this consultant until it ends.
    const talking = s.call !== undefined && isLive(s.call.status);
    return html`
      <header>
        <h1>${t.title}</h1>
        <span class="status" data-testid="agent-status">
          <span class="dot ${talking ? 'busy' : agent.status}"></span>${talking ? t.inACall : agent.status === 'available' ? t.available : t.away}
          ${s.connected ? nothing : html`<small>${t.connecting}</small>`}
        </span>
        ${talking ? renderLineCount({ t, line: s.line, clockOffsetMs: s.clockOffsetMs }) : nothing}
        ${
          agent.status === 'available'
            ? html`<button type="button" @click=${() => void this.desk.setStatus('away')}>${t.goAway}</button>`
            : html`<button type="button" class="primary" @click=${() => void this.desk.setStatus('available')}>${t.imAvailable}</button>`
        }
        <span class="who">${agent.name}</span>
        ${renderLanguageSwitch(this)}
        <button type="button" @click=${() => void this.desk.signOut()}>${t.signOut}</button>
      </header>
      ${
        s.awayReason && agent.status === 'away'
          ? html`<p class="banner" role="alert" data-testid="away-reason">${s.awayReason === 'missed-offers' ? t.awayMissed : t.awayDisconnected}</p>`
          : nothing
      }
      <main class=${talking ? 'in-call' : ''}>
        ${this.body(agent, t)}
        ${talking ? nothing : renderLine({ t, line: s.line, clockOffsetMs: s.clockOffsetMs, unanswered: s.unanswered, shopOrigins: s.shopOrigins })}
        ${renderCallbacks(t, s.callbacks, s.shopOrigins, (id) => void this.desk.callbackDone(id))}
      </main>
    `;
  }

  private body(agent: AgentView, t: AgentStrings): TemplateResult {
    const call = this.desk.state.call;
    if (!call) {
      return html`<div class="card idle" role="status">${agent.status === 'available' ? t.waitingForShoppers : t.youAreAway}</div>`;
    }
    const page = call.shopperPage;
    const moved = page.url !== call.assignment.page.url;
    const pageInfo = html`<div class="page-info" aria-live="polite">
      <span>${moved ? t.nowOn : t.callingFrom}</span>
      <span class="title" data-testid="call-page-title">${page.title || t.untitledPage}</span>
      ${pageLink(page, this.desk.state.shopOrigins, { offShop: t.offShop, label: page.url })}
      ${page.productId ? html`<span>${t.product(page.productId)}</span>` : nothing}
    </div>`;
    switch (call.status) {
      case 'ringing':
        return html`<section class="card ringing" role="alertdialog" aria-label=${t.incomingCall}>
          <h2 data-testid="ring-title">${call.assignment.kind === 'chat' ? t.incomingChat : t.incomingVideoCall}</h2>
          ${call.assignment.kind === 'chat' ? html`<p class="hint">${t.chatOnlyHint}</p>` : nothing}
          ${call.assignment.chosen ? html`<p class="hint">${t.askedByName}</p>` : nothing} ${pageInfo}
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
        const chat =
          call.status === 'in-call' || call.status === 'reconnecting'
            ? renderAgentChat({
                t,
                api: this.api,
                lines: call.messages,
                page,
                shopOrigins: this.desk.state.shopOrigins,
                send: (message) => call.send(message),
                error: this.chatError,
                setError: (message) => (this.chatError = message),
              })
            : nothing;
        // A chat by text: the conversation takes the stage's place, and no camera or microphone runs.
        if (call.chatOnly) {
          return html`<div class="call chat-call">
            <div>
              ${this.videoOffer(call, t)}
              <div class="card chat-main">${chat}</div>
              <div class="controls">
                <button
                  type="button"
                  class="primary"
                  data-action="switch-to-video"
                  ?disabled=${call.status !== 'in-call' || call.videoRequest === 'mine'}
                  @click=${() => this.videoStep(call, () => call.askVideo())}
                >
                  ${t.switchToVideo}
                </button>
                ${this.callActions(call, t)}
              </div>
              ${this.transferMenu(t)}
            </div>
            <aside class="card">${this.callFacts(call, t)} ${pageInfo}</aside>
          </div>`;
        }
        return html`<div class="call">
          <div>
            <vitrina-call-stage class="stage" .call=${call} .labels=${stageLabels(t)}>
              ${
                call.status === 'in-call'
                  ? html`<span slot="badges" class="state-badge quality ${call.quality}" data-testid="quality">${t.yourConnection(call.quality)}</span>`
                  : nothing
              }
            </vitrina-call-stage>
            <div class="controls">
              <!-- Each says what a click does ("Unmute" while muted), so none is also a toggle: "Mute, pressed" would say the opposite. -->
              <button type="button" class=${call.microphoneOn ? '' : 'off'} @click=${() => call.setMicrophone(!call.microphoneOn)}>
                ${call.microphoneOn ? t.mute : t.unmute}
              </button>
              <button type="button" class=${call.cameraOn ? '' : 'off'} @click=${() => call.setCamera(!call.cameraOn)}>
                ${call.cameraOn ? t.cameraOff : t.cameraOn}
              </button>
              ${this.cameras.length > 1 ? cameraPicker(call, this.cameras, t) : nothing}
              ${
                canShareScreen()
                  ? html`<button
                      type="button"
                      data-action="share-screen"
                      class=${call.sharingScreen ? '' : 'off'}
                      ?disabled=${call.status !== 'in-call'}
                      @click=${() => void call.setScreenShare(!call.sharingScreen)}
                    >
                      ${call.sharingScreen ? t.stopSharing : t.shareScreen}
                    </button>`
                  : nothing
              }
              ${this.callActions(call, t)}
            </div>
            ${this.transferMenu(t)}
          </div>
          <aside class="card">${this.callFacts(call, t)} ${pageInfo} ${chat}</aside>
        </div>`;
      case 'ended':
      case 'failed':
        return html`<div class="card idle" role="status" data-testid="call-ended">
            <p>${call.status === 'failed' ? t.callFailed(call.error?.message ?? '') : t.callEnded}</p>
            <button type="button" class="primary" @click=${() => this.desk.next()}>${t.next}</button>
          </div>
          ${call.outcomeIsOurs ? html`<vitrina-call-outcome .call=${call}></vitrina-call-outcome>` : nothing}`;
    }
  }

  /** The shopper's ask for video (accept or not now), ours waiting for their answer, or their "not now"; and a step that failed. */
  private videoOffer(call: AgentCall, t: AgentStrings): TemplateResult {
    const error = this.videoError ? html`<p class="error" role="alert">${this.videoError}</p>` : nothing;
    if (call.videoRequest === 'theirs') {
      return html`<div class="card video-offer" role="group" aria-labelledby="video-offer-text">
        <p id="video-offer-text" role="alert">${t.shopperAsksVideo}</p>
        <button type="button" class="primary" data-action="accept-video" @click=${() => this.videoStep(call, () => call.answerVideo(true))}>
          ${t.acceptVideo}
        </button>
        <button type="button" data-action="decline-video" @click=${() => this.videoStep(call, () => call.answerVideo(false))}>${t.notNow}</button>
        ${error}
      </div>`;
    }
    if (call.videoRequest === 'mine')
      return html`<p class="hint" role="status" data-testid="video-asked">${t.videoAsked}</p>
        ${error}`;
    if (call.videoDeclined)
      return html`<p class="hint" role="status" data-testid="video-declined">${t.videoDeclined}</p>
        ${error}`;
    return html`${error}`;
  }

  private videoStep(call: AgentCall, step: () => Promise<void>): void {
    this.videoError = '';
    step().catch((err: unknown) => {
      // The call may have ended meanwhile: then the screen moves on by itself.
      if (this.desk.state.call === call)
        this.videoError = err instanceof Error && err.message ? `${agentStrings(this).videoStepFailed} (${err.message})` : agentStrings(this).videoStepFailed;
    });
  }

  /** Passing the call on, or ending it: the same in a video call and a chat. */
  private callActions(call: AgentCall, t: AgentStrings): TemplateResult {
    const passable = call.status === 'in-call' && !call.handedOver;
    return html`<button type="button" data-action="transfer" ?disabled=${!passable} @click=${() => void this.desk.openTransfer()}>${t.transfer}</button>
      <button type="button" data-action="requeue" ?disabled=${!passable} @click=${() => void this.desk.requeue()}>${t.backToQueue}</button>
      <button type="button" class="danger" data-action="hang-up" @click=${() => call.hangUp()}>${t.hangUp}</button>`;
  }

  /** What kind of call, and how it reached this consultant. */
  private callFacts(call: AgentCall, t: AgentStrings): TemplateResult {
    return html`${kindBadge(call.kind, t)} ${call.handedOver ? html`<p class="hint" role="status">${t.handingOver}</p>` : nothing}
    ${call.assignment.transferredFrom ? html`<p class="hint">${t.transferredBy(call.assignment.transferredFrom)}</p>` : nothing}
    ${call.assignment.chosen ? html`<p class="hint">${t.askedByName}</p>` : nothing}`;
  }

  /** The server's error in the consultant's language where we know its code, else as the server put it. */
  private explain(err: ServerError): string {
    return agentStrings(this).serverErrors[err.code] ?? err.message;
  }

  /** The sign-in page's line: why the session ended, or why signing in failed. */
  private noticeText(notice: SignInNotice | undefined, t: AgentStrings): string {
    if (!notice) return '';
    switch (notice.kind) {
      case 'session-ended':
        return t.sessionEnded[notice.reason];
      case 'server':
        return this.explain(notice);
      case 'unreachable':
        return t.unreachable;
    }
  }

  private actionErrorText(error: ActionError | undefined, t: AgentStrings): string {
    if (!error) return '';
    if (error.kind === 'server') return this.explain(error);
    return { colleagues: t.couldNotLoadColleagues, transfer: t.transferFailed, requeue: t.requeueFailed }[error.kind];
  }

  private transferMenu(t: AgentStrings): TemplateResult | typeof nothing {
    const { colleagues } = this.desk.state;
    const error = this.actionErrorText(this.desk.state.actionError, t);
    if (!colleagues) return error ? html`<p class="error" role="alert">${error}</p>` : nothing;
    const free = colleagues.filter((c) => c.status === 'available');
    return html`<div class="card transfer" role="dialog" aria-label=${t.transferTitle}>
      <h3>${t.transferTo}</h3>
      ${free.length === 0 ? html`<p class="muted">${t.noColleagueFree}</p>` : nothing}
      <ul>
        ${colleagues.map(
          (c) =>
            html`<li>
              <button type="button" data-colleague=${c.id} ?disabled=${c.status !== 'available'} @click=${() => void this.desk.transfer(c.id)}>
                ${c.name} <small>${t.colleagueStatus[c.status]}</small>
              </button>
            </li>`,
        )}
      </ul>
      ${error ? html`<p class="error" role="alert">${error}</p>` : nothing}
      <button type="button" @click=${() => this.desk.closeTransfer()}>${t.cancel}</button>
    </div>`;
  }
}

/** Phones' browsers cannot share a screen (no getDisplayMedia): the button is left out rather than failing. */
const canShareScreen = (): boolean => typeof navigator.mediaDevices?.getDisplayMedia === 'function';

/** Which camera the shopper sees: on a phone, the rear one shows the goods on the shelf. */
function cameraPicker(call: AgentCall, cameras: readonly Camera[], t: AgentStrings): TemplateResult {
  const name = (c: Camera, i: number) => (c.facing === 'rear' ? t.rearCamera : c.facing === 'front' ? t.frontCamera : c.label || t.cameraN(i + 1));
  return html`<select
    class="camera-choice"
    data-action="camera"
    aria-label=${t.cameraChoice}
    @change=${(e: Event) => void call.useCamera((e.target as HTMLSelectElement).value)}
  >
    ${cameras.map((c, i) => html`<option value=${c.id} ?selected=${c.id === call.cameraId}>${name(c, i)}</option>`)}
  </select>`;
}

/** What kind of call this is, beside it: a chat, a chat that became video, or a video call. */
function kindBadge(kind: AgentCall['kind'], t: AgentStrings): TemplateResult {
  const label = { chat: t.kindChat, 'chat-video': t.kindChatVideo, video: t.kindVideo }[kind];
  return html`<span class="kind-badge ${kind}" data-testid="call-kind">${label}</span>`;
}

/** The stage's words for the consultant: the other side is the shopper. */
function stageLabels(t: AgentStrings): StageLabels {
  return {
    peer: t.shopper,
    peerScreen: t.shopperScreen,
    you: t.you,
    peerMuted: t.shopperMuted,
    peerMutedText: t.shopperMuted,
    tapToHear: t.tapToHear,
    fullScreen: t.fullScreen,
    zoomScreen: t.zoomScreen,
    messages: {
      connecting: t.stageConnecting,
      reconnecting: t.reconnecting,
      'peer-away': t.shopperAway,
      'sound-only': t.soundOnly,
      'waiting-for-video': t.waitingForVideo,
      'video-paused': t.videoPaused,
      'peer-camera-off': t.shopperCameraOff,
    },
  };
}
