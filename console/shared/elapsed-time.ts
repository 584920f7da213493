import { LitElement } from 'lit';
import { property } from 'lit/decorators.js';

/** "0:45", "12:03", "1:02:10": how long since `since`. */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const mmss = `${Math.floor((s % 3600) / 60)}:${String(s % 60).padStart(2, '0')}`;
  return s >= 3600 ? `${Math.floor(s / 3600)}:${mmss.padStart(5, '0')}` : mmss;
}

/**
 * A running count of the time since `since` (this browser's clock), ticking by itself: a list
 * of waits re-renders only these few characters each second, not the console around them.
 */
export class VitrinaElapsedTime extends LitElement {
  @property({ type: Number }) since = 0;
  private tick: ReturnType<typeof setInterval> | undefined;

  // Plain text: no shadow root, so the surrounding list's styles and find-in-page reach it.
  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.tick = setInterval(() => this.requestUpdate(), 1000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.tick);
  }

  protected override render(): string {
    return formatElapsed(Date.now() - this.since);
  }
}
