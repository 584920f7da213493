import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../../widget/index.js';
import type { VitrinaCallButton } from '../../../widget/call-button/call-button.js';

/** Every beacon the page sends, kept instead of sent. */
function recordBeacons() {
  const sent: { url: string; body: unknown; type: string }[] = [];
  const original = navigator.sendBeacon.bind(navigator);
  const pending: Promise<void>[] = [];
  navigator.sendBeacon = (url, data) => {
    const blob = data as Blob;
    pending.push(blob.text().then((text) => void sent.push({ url: String(url), body: JSON.parse(text) as unknown, type: blob.type })));
    return true;
  };
  return { sent, settled: () => Promise.all(pending), restore: () => (navigator.sendBeacon = original) };
}

const leave = () => window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }));

describe("the shop's funnel, counted by the button", () => {
  it('sends one beacon as the page is left: the button shown, then the panel opened, each counted once', async () => {
    const beacons = recordBeacons();
    try {
      const el = await fixture<VitrinaCallButton>(html`<vitrina-call-button server="http://127.0.0.1:9"></vitrina-call-button>`);
      await waitUntil(() => el.shadowRoot?.querySelector('button[part=button]'), 'the button shows', { timeout: 3000 });
      const button = el.shadowRoot?.querySelector<HTMLButtonElement>('button[part=button]');
      expect(beacons.sent, 'nothing while the page is in use').to.deep.equal([]);
      leave();
      leave();
      await beacons.settled();
      expect(beacons.sent).to.deep.equal([{ url: 'http://127.0.0.1:9/api/funnel', body: { page: location.href, shown: 1, opened: 0 }, type: 'text/plain' }]);

      // Back from the back-forward cache, the shopper opens the panel: only that is new.
      button?.click();
      leave();
      await beacons.settled();
      expect(beacons.sent.map((b) => b.body)).to.deep.equal([
        { page: location.href, shown: 1, opened: 0 },
        { page: location.href, shown: 0, opened: 1 },
      ]);
      expect(document.cookie).not.to.include('vitrina');
    } finally {
      beacons.restore();
    }
  });

  it("counts nothing for the admin page's preview", async () => {
    const beacons = recordBeacons();
    try {
      const el = await fixture<VitrinaCallButton>(html`<vitrina-call-button preview server="http://127.0.0.1:9"></vitrina-call-button>`);
      await waitUntil(() => el.shadowRoot?.querySelector('button[part=button]'), 'the button shows', { timeout: 3000 });
      leave();
      await beacons.settled();
      expect(beacons.sent).to.deep.equal([]);
    } finally {
      beacons.restore();
    }
  });
});
