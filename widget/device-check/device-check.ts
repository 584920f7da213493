import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
// A style property, not a style attribute: a shop's Content-Security-Policy may forbid those.
import { styleMap } from 'lit/directives/style-map.js';
import { mediaError, type CallErrorReason } from '../call-core/call-error.js';
import type { Devices } from '../call-core/call-session.js';
import { stringsFor } from '../i18n/strings.js';

const canPickSpeaker = () => typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;

/**
 * Try before you call: a preview of the camera, a live microphone level, and a choice of
 * camera, microphone and (where the browser allows) speaker. Opens the devices only while it
 * is shown, and says in plain words what to do when the browser refuses them.
 *
 * @fires vitrina-devices-change - the shopper picked another device (detail: the devices chosen)
 * @csspart preview - the camera preview
 * @csspart level - the microphone level bar
 */
export class VitrinaDeviceCheck extends LitElement {
  static override styles = css`
    :host {
      display: grid;
      gap: 8px;
    }
    video {
      width: 100%;
      aspect-ratio: 4 / 3;
      object-fit: cover;
      border-radius: 10px;
      background: var(--vitrina-stage, #111820);
      transform: scaleX(-1);
    }
    .meter {
      height: 10px;
      border-radius: 5px;
      background: var(--vitrina-control, var(--vt-subtle));
      overflow: hidden;
    }
    .meter span {
      display: block;
      height: 100%;
      background: var(--vitrina-online, var(--vt-success));
      transition: width 80ms linear;
    }
    @media (prefers-reduced-motion: reduce) {
      .meter span {
        transition: none;
      }
    }
    label {
      display: grid;
      gap: 2px;
      font-size: 14px;
    }
    select {
      min-height: 40px;
      font: inherit;
    }
    select:focus-visible {
      outline: 3px solid var(--vitrina-focus, var(--vt-focus));
    }
    .error {
      margin: 0;
      padding: 8px 12px;
      border-radius: 8px;
      background: #ffebe9;
      color: #82071e;
    }
  `;

  /** Whether the shopper means to join with their camera on (off: no preview, no camera opened). */
  @property({ type: Boolean }) camera = true;
  @property({ attribute: false }) devices: Devices = {};
  @state() private list: MediaDeviceInfo[] = [];
  @state() private problem: CallErrorReason | undefined;
  @state() private level = 0;

  private stream: MediaStream | undefined;
  private audio: AudioContext | undefined;
  private frame = 0;
  private opening = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.open();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.close();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('camera') && changed.get('camera') !== undefined) void this.open();
    const video = this.renderRoot.querySelector('video');
    if (video && video.srcObject !== (this.stream ?? null)) video.srcObject = this.stream ?? null;
  }

  protected override render() {
    const t = stringsFor(this);
    const of = (kind: MediaDeviceKind) => this.list.filter((d) => d.kind === kind && d.deviceId);
    const picker = (kind: MediaDeviceKind, label: string, key: keyof Devices) => {
      const options = of(kind);
      if (options.length === 0) return nothing;
      const current = this.devices[key] ?? this.activeId(kind) ?? '';
      return html`<label
        >${label}
        <select data-device=${key} @change=${(e: Event) => this.pick(key, (e.target as HTMLSelectElement).value)}>
          ${options.map((d, i) => html`<option value=${d.deviceId} ?selected=${d.deviceId === current}>${d.label || `${label} ${i + 1}`}</option>`)}
        </select></label
      >`;
    };
    return html`
      ${this.problem ? html`<p class="error" role="alert">${t.errors[this.problem]}</p>` : nothing}
      ${this.camera && !this.problem ? html`<video part="preview" autoplay playsinline muted aria-label=${t.cameraPreview}></video>` : nothing}
      <div
        class="meter"
        part="level"
        role="meter"
        aria-label=${t.microphoneLevel}
        aria-valuemin="0"
        aria-valuemax="100"
        aria-valuenow=${Math.round(this.level * 100)}
      >
        <span style=${styleMap({ width: `${Math.round(this.level * 100)}%` })}></span>
      </div>
      ${this.camera ? picker('videoinput', t.cameraDevice, 'cameraId') : nothing} ${picker('audioinput', t.microphoneDevice, 'microphoneId')}
      ${canPickSpeaker() ? picker('audiooutput', t.speakerDevice, 'speakerId') : nothing}
    `;
  }

  /** The device the open stream actually uses, so the list shows the truth before anything is picked. */
  private activeId(kind: MediaDeviceKind): string | undefined {
    const track = kind === 'videoinput' ? this.stream?.getVideoTracks()[0] : kind === 'audioinput' ? this.stream?.getAudioTracks()[0] : undefined;
    return track?.getSettings().deviceId;
  }

  private pick(key: keyof Devices, deviceId: string): void {
    this.devices = { ...this.devices, [key]: deviceId };
    this.dispatchEvent(new CustomEvent('vitrina-devices-change', { detail: this.devices, bubbles: true, composed: true }));
    if (key !== 'speakerId') void this.open();
  }

  private async open(): Promise<void> {
    const attempt = ++this.opening;
    this.close();
    try {
      const stream = await navigator.mediaDevices.getUserMedia({
        audio: this.devices.microphoneId ? { deviceId: { exact: this.devices.microphoneId } } : true,
        video: this.camera ? (this.devices.cameraId ? { deviceId: { exact: this.devices.cameraId } } : true) : false,
      });
      // Closed, or asked again, while the browser was asking the shopper.
      if (attempt !== this.opening || !this.isConnected) {
        for (const track of stream.getTracks()) track.stop();
        return;
      }
      this.stream = stream;
      this.problem = undefined;
      this.meter(stream);
      // Labels are only given once a permission was granted.
      this.list = await navigator.mediaDevices.enumerateDevices();
    } catch (err) {
      if (attempt === this.opening) this.problem = mediaError(err).reason;
    }
  }

  private meter(stream: MediaStream): void {
    if (stream.getAudioTracks().length === 0) return;
    const audio = new AudioContext();
    this.audio = audio;
    const analyser = audio.createAnalyser();
    analyser.fftSize = 512;
    audio.createMediaStreamSource(stream).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    const tick = () => {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const s of samples) sum += s * s;
      // RMS on a rough loudness curve: speech at arm's length fills about half the bar.
      this.level = Math.min(1, Math.sqrt(sum / samples.length) * 4);
      this.frame = requestAnimationFrame(tick);
    };
    tick();
  }

  private close(): void {
    cancelAnimationFrame(this.frame);
    // Closing an audio context already closed (the panel went away first) has nothing to do.
    void this.audio?.close().catch(() => undefined);
    this.audio = undefined;
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.stream = undefined;
    this.level = 0;
  }
}
