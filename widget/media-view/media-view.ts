import { css, html, LitElement, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import type { Track } from 'livekit-client';

/**
 * Plays one LiveKit track: a `<video>` for video, an invisible `<audio>` for sound.
 *
 * @csspart video - the video element
 * @cssproperty --vitrina-video-fit - object-fit of the video (default: cover)
 */
export class VitrinaMediaView extends LitElement {
  static override styles = css`
    :host {
      display: block;
      position: relative;
      overflow: hidden;
      background: #000;
    }
    :host([kind='audio']) {
      display: none;
    }
    video {
      display: block;
      width: 100%;
      height: 100%;
      object-fit: var(--vitrina-video-fit, cover);
    }
    :host([mirror]) video {
      transform: scaleX(-1);
    }
  `;

  @property({ attribute: false }) track: Track | undefined;
  /** Mirrors the picture, as people expect of their own camera. */
  @property({ type: Boolean, reflect: true }) mirror = false;
  @property({ reflect: true }) kind: 'video' | 'audio' = 'video';
  @property() label = '';
  /** The speaker to play sound on (an audio output device id); the browser's default when empty. */
  @property({ attribute: false }) sinkId: string | undefined;

  private attached: { track: Track; element: HTMLMediaElement } | undefined;

  protected override render() {
    return this.kind === 'audio' ? html`<audio autoplay></audio>` : html`<video part="video" autoplay playsinline muted aria-label=${this.label}></video>`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('track') || changed.has('kind')) this.attach();
    if ((changed.has('sinkId') || changed.has('kind')) && this.sinkId) {
      const audio = this.renderRoot.querySelector<HTMLAudioElement & { setSinkId?(id: string): Promise<void> }>('audio');
      // A speaker unplugged since it was chosen: the browser keeps playing on the default one.
      void audio?.setSinkId?.(this.sinkId).catch(() => undefined);
    }
  }

  // A host page may move the element (disconnect, then connect): the picture must come back.
  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) this.attach();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.detach();
  }

  private attach(): void {
    this.detach();
    const element = this.renderRoot.querySelector<HTMLMediaElement>(this.kind === 'audio' ? 'audio' : 'video');
    if (this.track && element) {
      this.track.attach(element);
      this.attached = { track: this.track, element };
    }
  }

  private detach(): void {
    this.attached?.track.detach(this.attached.element);
    this.attached = undefined;
  }
}
