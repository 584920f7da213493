import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../widget/index.js';
import '../../widget/call-panel/call-panel-entry.js';
import { ShopperCall } from '../../widget/call-core/shopper-call.js';
import type { VitrinaCallButton } from '../../widget/call-button/call-button.js';
import type { VitrinaCallPanel } from '../../widget/call-panel/call-panel.js';

/** Takes `name` off `owner` for a test, as a browser that never had it; `restore` puts it back. */
function without(owner: object, name: string): { remove: () => void; restore: () => void } {
  const original = Object.getOwnPropertyDescriptor(owner, name);
  return {
    remove: () => Object.defineProperty(owner, name, { value: undefined, configurable: true, writable: true }),
    restore: () => original && Object.defineProperty(owner, name, original),
  };
}

/**
 * Browsers that cannot make the call: one without WebRTC (Debian's WebKitGTK, Firefox with peer
 * connections disabled, a privacy extension), where `RTCPeerConnection` is simply not there (the
 * WebKit suite shows it on a real engine, test/e2e/webkit/); and one with WebRTC but older than
 * livekit-client needs, as Safari before 15.4 (iOS 14, 15.0–15.3) is: no `Object.hasOwn`, which
 * livekit-client's signalling calls on every connect.
 */
const browsers = [
  { name: 'a browser without WebRTC', ...without(window, 'RTCPeerConnection') },
  { name: 'a browser with WebRTC older than Safari 15.4 (no Object.hasOwn)', ...without(Object, 'hasOwn') },
];

const anna = { id: 'agent_aaaaaaaaaaaaaaaaaaaaaa', name: 'Anna', initials: 'A', languages: ['en'], status: 'available' as const };
const open = { open: true, timeZone: 'UTC', online: 1, consultants: [anna] };
const server = 'http://127.0.0.1:9';

async function lobby(queue: object, lang = 'en') {
  const el = await fixture<VitrinaCallPanel>(html`<vitrina-call-panel lang=${lang} .server=${server} .queue=${queue}></vitrina-call-panel>`);
  const root = el.shadowRoot!;
  return { el, root, text: () => root.textContent ?? '' };
}

for (const browser of browsers)
  describe(browser.name, () => {
    beforeEach(browser.remove);
    afterEach(browser.restore);

    it('the button offers a call-back, not a video call', async () => {
      const el = await fixture<VitrinaCallButton>(html`<vitrina-call-button server=${server}></vitrina-call-button>`);
      await waitUntil(() => el.shadowRoot?.querySelector('button[part=button]'), 'the button shows', { timeout: 3000 });
      expect(el.shadowRoot!.querySelector('button[part=button]')!.textContent).to.contain('Request a call back');
    });

    it('with consultants online: says the browser cannot call, where to call from, and shows the call-back form; no call buttons', async () => {
      const { el, root, text } = await lobby(open);
      expect(root.querySelector('[data-testid=no-video-calls]')!.textContent).to.equal('This browser cannot make video calls.');
      expect(text()).to.contain('open this page in an up-to-date Chrome, Safari, Firefox or Edge');
      for (const action of ['call-first', 'call-again', 'check-devices', 'callback']) expect(root.querySelector(`[data-action=${action}]`)).to.equal(null);
      expect(root.querySelector('button.consultant')).to.equal(null);
      const form = root.querySelector('vitrina-callback-form')!;
      await (form as unknown as { updateComplete: Promise<unknown> }).updateComplete;
      expect(form.shadowRoot!.querySelector('input[name=name]')).to.not.equal(null);
      // axe itself needs what the older browser lacks; what it checks is already drawn.
      browser.restore();
      await expect(el).shadowDom.to.be.accessible();
    });

    it("in the shopper's language", async () => {
      const { root } = await lobby(open, 'ru');
      expect(root.querySelector('[data-testid=no-video-calls]')!.textContent).to.equal('В этом браузере видеозвонки не работают.');
    });

    it('when the shop is closed anyway, the lobby says that (and still takes a call-back)', async () => {
      const { root, text } = await lobby({ ...open, open: false, closedReason: 'no-consultants', online: 0, consultants: [] });
      expect(text()).to.contain('All our consultants are away right now.');
      expect(root.querySelector('[data-testid=no-video-calls]')).to.equal(null);
      expect(root.querySelector('vitrina-callback-form')).to.not.equal(null);
    });

    it('a call started anyway fails at once with the reason, before any camera or server request', async () => {
      const requests: string[] = [];
      const originalFetch = window.fetch.bind(window);
      const originalMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
      let cameras = 0;
      window.fetch = async (input, init) => {
        requests.push(input instanceof Request ? input.url : input.toString());
        return originalFetch(input, init);
      };
      navigator.mediaDevices.getUserMedia = async (constraints) => {
        cameras += 1;
        return originalMedia(constraints);
      };
      try {
        const call = new ShopperCall(server, () => ({ url: location.href, title: 'test' }));
        await call.start();
        expect(call.status).to.equal('failed');
        expect(call.error?.reason).to.equal('unsupported-browser');
        expect(requests).to.deep.equal([]);
        expect(cameras).to.equal(0);
        const el = await fixture<VitrinaCallPanel>(html`<vitrina-call-panel .server=${server} .call=${call}></vitrina-call-panel>`);
        expect(el.shadowRoot!.querySelector('[role=alert]')!.textContent).to.contain('This browser cannot make video calls.');
        expect(el.shadowRoot!.querySelector('[data-action=to-lobby]')!.textContent).to.contain('Request a call back');
      } finally {
        window.fetch = originalFetch;
        navigator.mediaDevices.getUserMedia = originalMedia;
      }
    });
  });
