import { css, html, LitElement, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { RecordingFile } from '../../server/contract/admin.js';
import { adminStyles } from './admin.styles.js';
import { adminStrings, type AdminStrings } from './i18n/strings.js';

const SPEEDS = [1, 1.5, 2] as const;
/** A track further than this from the shared clock is moved back onto it. */
const MAX_DRIFT_S = 0.2;
/**
 * Where in a video its poster frame is taken: a camera's first frames are often dark while it
 * settles, so a second in (or half way, for a shorter track).
 */
const POSTER_S = 1;

interface Track {
  file: RecordingFile;
  el: HTMLMediaElement;
  start: number;
  end: number;
}

const clock = (s: number) => {
  const whole = Math.max(0, Math.floor(s));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
};

/**
 * Plays a call's recorded tracks as one: one clock for every file (each placed at its offset on
 * the call's timeline), one seek bar, one speed. The shared screen is shown large while it was
 * shared, the faces small beside it; every voice is heard.
 */
export class VitrinaSyncedPlayer extends LitElement {
  static override styles = [
    adminStyles,
    css`
      .stage {
        display: grid;
        grid-template-columns: minmax(0, 3fr) minmax(0, 1fr);
        gap: 8px;
        background: #0d1117;
        border-radius: 12px;
        padding: 8px;
        min-height: 200px;
      }
      .stage.no-screen {
        grid-template-columns: repeat(auto-fit, minmax(160px, 1fr));
      }
      .faces {
        display: grid;
        gap: 8px;
        align-content: start;
      }
      .tile {
        position: relative;
        background: #161b22;
        border-radius: 8px;
        overflow: hidden;
        aspect-ratio: 16 / 9;
      }
      .tile video {
        width: 100%;
        height: 100%;
        object-fit: contain;
        display: block;
      }
      .tile .who {
        position: absolute;
        left: 6px;
        bottom: 6px;
        font-size: 12px;
        color: #fff;
        background: rgba(0, 0, 0, 0.55);
        padding: 2px 6px;
        border-radius: 4px;
      }
      .tile.off video {
        visibility: hidden;
      }
      .controls {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 8px;
        margin-top: 8px;
      }
      .controls input[type='range'] {
        flex: 1 1 200px;
        min-width: 120px;
      }
      button {
        min-width: 44px;
        padding: 0 12px;
      }
      button[aria-pressed='true'] {
        background: var(--vt-primary);
        border-color: var(--vt-primary);
        color: var(--vt-primary-text);
      }
      .time {
        font-variant-numeric: tabular-nums;
        min-width: 90px;
      }
      @media (max-width: 640px) {
        .stage {
          grid-template-columns: 1fr;
        }
        .faces {
          grid-template-columns: 1fr 1fr;
        }
      }
    `,
  ];

  @property({ attribute: false }) files: RecordingFile[] = [];
  @state() private time = 0;
  @state() private playing = false;
  @state() private rate: (typeof SPEEDS)[number] = 1;
  /** Nothing played or sought yet: every video shows a still of itself, not only those the clock is inside. */
  @state() private posters = true;

  private tracks: Track[] = [];
  private anchor = { wall: 0, time: 0 };
  private frame = 0;

  get duration(): number {
    return this.tracks.reduce((max, t) => Math.max(max, t.end), 0);
  }

  /** The shared clock, in seconds on the call's timeline. */
  get currentTime(): number {
    return this.time;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.pause();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('files')) return;
    this.pause();
    for (const t of this.tracks) t.el.removeAttribute('src');
    this.tracks = this.files.map((file) => {
      const el = document.createElement(file.kind === 'video' ? 'video' : 'audio');
      // A video needs only what its poster frame takes until it plays; a call's several tracks
      // loading whole at once would hold every connection to the server.
      el.preload = file.kind === 'video' ? 'metadata' : 'auto';
      el.src = file.url;
      if (el instanceof HTMLVideoElement) el.playsInline = true;
      el.dataset.fileId = file.id;
      return { file, el, start: file.offsetMs / 1000, end: (file.offsetMs + file.durationMs) / 1000 };
    });
    // The recorder joins a moment after the answer: start where the first track does, not on black.
    this.time = this.start;
    this.posters = true;
    this.syncAll(true);
    // A seek makes the element decode that frame and paint it; play and seek put it back on the clock.
    for (const t of this.tracks) if (t.file.kind === 'video') t.el.currentTime = Math.min(POSTER_S, (t.end - t.start) / 2);
  }

  /** Where the earliest track begins. */
  get start(): number {
    return this.tracks.reduce((min, t) => Math.min(min, t.start), Infinity) % Infinity || 0;
  }

  play(): void {
    if (this.playing) return;
    if (this.time >= this.duration) this.time = this.start;
    this.playing = true;
    this.posters = false;
    this.anchor = { wall: performance.now(), time: this.time };
    this.syncAll(true);
    const tick = () => {
      if (!this.playing) return;
      this.time = Math.min(this.duration, this.anchor.time + ((performance.now() - this.anchor.wall) / 1000) * this.rate);
      this.syncAll(false);
      if (this.time >= this.duration) this.pause();
      else this.frame = requestAnimationFrame(tick);
    };
    this.frame = requestAnimationFrame(tick);
  }

  pause(): void {
    this.playing = false;
    cancelAnimationFrame(this.frame);
    for (const t of this.tracks) t.el.pause();
  }

  seek(seconds: number): void {
    this.time = Math.max(0, Math.min(this.duration, seconds));
    this.posters = false;
    this.anchor = { wall: performance.now(), time: this.time };
    this.syncAll(true);
  }

  setRate(rate: (typeof SPEEDS)[number]): void {
    this.rate = rate;
    this.anchor = { wall: performance.now(), time: this.time };
    for (const t of this.tracks) t.el.playbackRate = rate;
  }

  /** Puts every element where the clock says: playing inside its span, paused outside it. */
  private syncAll(force: boolean): void {
    for (const t of this.tracks) {
      const local = this.time - t.start;
      const inside = this.time >= t.start && this.time < t.end;
      const el = t.el;
      el.playbackRate = this.rate;
      if (!inside) {
        if (!el.paused) el.pause();
        if (force) el.currentTime = Math.max(0, Math.min(local, t.end - t.start));
        continue;
      }
      if (force || Math.abs(el.currentTime - local) > MAX_DRIFT_S) el.currentTime = local;
      // A play interrupted by the next seek is retried by the next tick of the clock.
      if (this.playing && el.paused) void el.play().catch(() => undefined);
      if (!this.playing && !el.paused) el.pause();
    }
  }

  private active(t: Track): boolean {
    return this.time >= t.start && this.time < t.end;
  }

  private tile(p: AdminStrings['player'], t: Track): TemplateResult {
    const label = t.file.source === 'screen_share' ? p.screenOf(t.file.from.name) : t.file.from.name;
    return html`<div class="tile ${this.posters || this.active(t) ? '' : 'off'}" part="tile">${t.el}<span class="who">${label}</span></div>`;
  }

  protected override render(): TemplateResult {
    const p = adminStrings(this).player;
    if (this.tracks.length === 0) return html`<p>${p.none}</p>`;
    const videos = this.tracks.filter((t) => t.file.kind === 'video');
    // One tile per sender and source: of a source's segments, the one playing now (or the first).
    const bySource = new Map<string, Track>();
    for (const t of videos) {
      const key = `${t.file.from.role}:${t.file.from.name}:${t.file.source}`;
      const held = bySource.get(key);
      if (!held || (!this.active(held) && this.active(t))) bySource.set(key, t);
    }
    const tiles = [...bySource.values()];
    const screen = tiles.find((t) => t.file.source === 'screen_share' && this.active(t));
    const faces = tiles.filter((t) => t.file.source !== 'screen_share');
    const audio = this.tracks.filter((t) => t.file.kind === 'audio').map((t) => t.el);
    return html`
      <div class="stage ${screen ? '' : 'no-screen'}" part="stage">
        ${
          screen
            ? html`<div class="main">${this.tile(p, screen)}</div>
                <div class="faces">${faces.map((t) => this.tile(p, t))}</div>`
            : faces.map((t) => this.tile(p, t))
        }
      </div>
      <div hidden>${audio}</div>
      <div class="controls" part="controls">
        <button type="button" data-action="play" @click=${() => (this.playing ? this.pause() : this.play())}>${this.playing ? p.pause : p.play}</button>
        <input
          type="range"
          aria-label=${p.position}
          min="0"
          max=${this.duration}
          step="0.1"
          .value=${String(this.time)}
          @input=${(e: Event) => this.seek(Number((e.target as HTMLInputElement).value))}
        />
        <span class="time" data-testid="time">${clock(this.time)} / ${clock(this.duration)}</span>
        <span role="group" aria-label=${p.speed}>
          ${SPEEDS.map((s) => html`<button type="button" aria-pressed=${this.rate === s} @click=${() => this.setRate(s)}>${s}×</button>`)}
        </span>
      </div>
    `;
  }
}
