import type { FunnelBeaconRequest } from '../../server/contract/sales.js';
import type { PathOf } from '../../server/contract/routes.js';

/**
 * This page view's steps of the shop's funnel (the button shown, the panel opened), sent in one
 * beacon when the page is hidden or left. Counts only: no cookie, no id, nothing to the media
 * server. `text/plain` keeps the beacon a simple request (no preflight).
 */
export class FunnelBeacon {
  private readonly steps = { shown: 0 as 0 | 1, opened: 0 as 0 | 1 };
  private readonly sent = { shown: 0, opened: 0 };
  private listening = false;

  constructor(private readonly server: string) {}

  mark(step: 'shown' | 'opened'): void {
    this.steps[step] = 1;
    if (this.listening) return;
    this.listening = true;
    addEventListener('pagehide', this.send);
    document.addEventListener('visibilitychange', this.send);
  }

  /** Sends what this page view has not sent yet; a page hidden and shown again sends only what came since. */
  readonly send = (e?: Event): void => {
    if (e?.type === 'visibilitychange' && document.visibilityState === 'visible') return;
    const body: FunnelBeaconRequest = {
      page: location.href,
      shown: this.steps.shown > this.sent.shown ? 1 : 0,
      opened: this.steps.opened > this.sent.opened ? 1 : 0,
    };
    if (body.shown === 0 && body.opened === 0) return;
    const path: PathOf<'funnelBeacon'> = '/api/funnel';
    try {
      if (!navigator.sendBeacon(new URL(path, this.server), new Blob([JSON.stringify(body)], { type: 'text/plain' }))) return;
    } catch {
      return; // a page whose CSP refuses our server: nothing to count
    }
    this.sent.shown = this.steps.shown;
    this.sent.opened = this.steps.opened;
  };
}
