import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** The part of VisualViewport read here, so a test can stand in for the browser's. */
export type ViewportSource = Pick<VisualViewport, 'height' | 'offsetTop' | 'addEventListener' | 'removeEventListener'>;

/**
 * Keeps `--vitrina-visual-top` and `--vitrina-visual-height` on the host equal to the visual
 * viewport. iPhone Safari's on-screen keyboard shrinks only that viewport, not the layout one a
 * `position: fixed` panel is sized by, so without this the keyboard covers the chat input.
 */
export class VisualViewportController implements ReactiveController {
  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly viewport: ViewportSource | null = window.visualViewport,
  ) {
    host.addController(this);
  }

  private readonly update = () => {
    if (!this.viewport) return;
    this.host.style.setProperty('--vitrina-visual-top', `${this.viewport.offsetTop}px`);
    this.host.style.setProperty('--vitrina-visual-height', `${this.viewport.height}px`);
  };

  hostConnected(): void {
    this.viewport?.addEventListener('resize', this.update);
    this.viewport?.addEventListener('scroll', this.update);
    this.update();
  }

  hostDisconnected(): void {
    this.viewport?.removeEventListener('resize', this.update);
    this.viewport?.removeEventListener('scroll', this.update);
  }
}
