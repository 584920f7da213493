import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** What the panel does when the browser acts on the shop's page behind the shopper's back. */
export interface PageLifecycleHandlers {
  /** The page is being left (the shop's next page, a closed tab) or put into the back-forward cache. */
  leaving(): void;
  /** The page came back from the back-forward cache: whatever it let go of on the way out is gone. */
  restored(): void;
  /** The tab went to the background (`true`), or came back. */
  backgrounded(hidden: boolean): void;
}

/** Listens for `pagehide`, `pageshow` and `visibilitychange` while the panel is on the page. */
export class PageLifecycleController implements ReactiveController {
  constructor(
    host: ReactiveControllerHost,
    private readonly on: PageLifecycleHandlers,
  ) {
    host.addController(this);
  }

  private readonly pagehide = () => this.on.leaving();
  private readonly pageshow = (e: PageTransitionEvent) => {
    if (e.persisted) this.on.restored();
  };
  private readonly visibilitychange = () => this.on.backgrounded(document.visibilityState === 'hidden');

  hostConnected(): void {
    window.addEventListener('pagehide', this.pagehide);
    window.addEventListener('pageshow', this.pageshow);
    document.addEventListener('visibilitychange', this.visibilitychange);
  }

  hostDisconnected(): void {
    window.removeEventListener('pagehide', this.pagehide);
    window.removeEventListener('pageshow', this.pageshow);
    document.removeEventListener('visibilitychange', this.visibilitychange);
  }
}
