import { html, nothing, type TemplateResult } from 'lit';
import type { ConsultantCard, QueueStatus } from '../../server/contract/queue.js';
import type { LastConsultant } from '../call-core/last-consultant.js';
import type { Strings } from '../i18n/en.js';

export interface LobbyOptions {
  t: Strings;
  status: QueueStatus | undefined;
  last: LastConsultant | undefined;
  cameraOff: boolean;
  audioOnly: boolean;
  /** The device check, while the shopper has it open. */
  deviceCheck: TemplateResult | undefined;
  locale: string;
  /** Whether this browser can make a call at all (see canVideoCall). */
  canCall: boolean;
  call(agentId?: string): void;
  /** The same line and the same call, by text only: no camera, no microphone. */
  chat(agentId?: string): void;
  callback(): void;
  /** Shown in place of the call buttons when calls are closed. */
  callbackForm: TemplateResult;
  toggleCamera(): void;
  toggleAudioOnly(): void;
  toggleDeviceCheck(): void;
}

/** When the shop opens next, in the shopper's words and clock: "on Monday at 09:00". */
function opening(iso: string, locale: string): string {
  const when = new Date(iso);
  try {
    return new Intl.DateTimeFormat(locale, { weekday: 'long', hour: '2-digit', minute: '2-digit' }).format(when);
  } catch {
    return when.toLocaleString();
  }
}

const card = (c: ConsultantCard, o: LobbyOptions) =>
  html`<li>
    <button type="button" class="consultant" data-consultant=${c.id} ?disabled=${c.status === 'away'} @click=${() => o.call(c.id)}>
      <span class="avatar" aria-hidden="true">${c.initials}</span>
      <span class="who"><strong>${c.name}</strong><small>${c.languages.map((l) => l.toUpperCase()).join(' · ')}</small></span>
      <span class="state ${c.status}">${o.t.consultantStatus[c.status]}</span>
    </button>
    <button
      type="button"
      class="chat-with"
      data-chat-consultant=${c.id}
      ?disabled=${c.status === 'away'}
      aria-label=${o.t.chatWith(c.name)}
      title=${o.t.chatWith(c.name)}
      @click=${() => o.chat(c.id)}
    >
      ${o.t.chat}
    </button>
  </li>`;

/** Shown wherever the shopper decides to call or waits: the shop records calls, and says so before anyone joins. */
export const recordingNotice = (status: QueueStatus | undefined) =>
  status?.recordingNotice ? html`<p class="recording-notice" part="recording-notice" data-testid="recording-notice">${status.recordingNotice}</p>` : nothing;

/**
 * The truth about who can answer: how many are free now, or that all are busy and about how long
 * the wait is (never "1 consultant online" for the one who is in a call).
 */
function availability(status: QueueStatus, t: Strings): TemplateResult {
  // An older server says nothing of who is free: "online" is all it knows.
  const free = status.available ?? status.online;
  if (free > 0) return html`<p class="online" data-testid="availability"><span class="dot" aria-hidden="true"></span>${t.freeNow(free)}</p>`;
  const minutes = status.waitMs === undefined ? undefined : Math.max(1, Math.round(status.waitMs / 60_000));
  return html`<p class="online busy" data-testid="availability"><span class="dot" aria-hidden="true"></span>${t.allBusy(minutes)}</p>`;
}

/** Before a call: open or closed, first available or a chosen consultant, or a call-back (also where the browser cannot call). */
export function renderLobby(o: LobbyOptions): TemplateResult {
  const { t, status } = o;
  if (!status) return html`<div class="lobby"><div class="spinner dark" role="progressbar" aria-label=${t.connecting}></div></div>`;
  if (!status.open) {
    return html`<div class="lobby">
      <p class="lead">${status.closedReason === 'hours' ? t.closedHours : t.noConsultants}</p>
      ${status.opensAt ? html`<p>${t.opensAt(opening(status.opensAt, o.locale))}</p>` : nothing} ${o.callbackForm}
    </div>`;
  }
  // Open, but not for this browser: say so before anything is offered, and take a call-back instead.
  if (!o.canCall) {
    return html`<div class="lobby">
      <p class="lead" data-testid="no-video-calls">${t.noVideoCalls}</p>
      <p>${t.noVideoCallsHint}</p>
      ${o.callbackForm}
    </div>`;
  }
  const again = o.last && status.consultants.find((c) => c.id === o.last?.id && c.status !== 'away');
  return html`<div class="lobby">
    <p class="lead">${status.look?.greeting || t.lobbyTitle}</p>
    ${availability(status, t)}
    ${
      again
        ? html`<button type="button" class="primary wide" data-action="call-again" @click=${() => o.call(again.id)}>${t.callAgain(again.name)}</button>`
        : nothing
    }
    <button type="button" class="${again ? '' : 'primary'} wide" data-action="call-first" @click=${() => o.call()}>${t.firstAvailable}</button>
    <button type="button" class="wide" data-action="chat-first" @click=${() => o.chat()}>${t.chatInstead}</button>
    <label class="check"
      ><input type="checkbox" .checked=${o.cameraOff || o.audioOnly} ?disabled=${o.audioOnly} @change=${o.toggleCamera} />${t.cameraOffJoin}</label
    >
    <label class="check"><input type="checkbox" .checked=${o.audioOnly} @change=${o.toggleAudioOnly} />${t.audioOnly}</label>
    <button type="button" class="link" data-action="check-devices" aria-expanded=${o.deviceCheck ? 'true' : 'false'} @click=${o.toggleDeviceCheck}>
      ${o.deviceCheck ? t.hideDeviceCheck : t.checkDevices}
    </button>
    ${o.deviceCheck ?? nothing} ${recordingNotice(status)}
    ${
      status.consultants.length > 0
        ? html`<h2>${t.orChoose}</h2>
            <ul class="consultants">
              ${status.consultants.slice(0, 8).map((c) => card(c, o))}
            </ul>`
        : nothing
    }
    <button type="button" class="link" data-action="callback" @click=${o.callback}>${t.callbackInstead}</button>
  </div>`;
}
