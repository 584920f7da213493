import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../widget/index.js';
import type { VitrinaCallButton } from '../../widget/call-button/call-button.js';

// Idle time never comes in this file: here the panel loads only when a test asks for it (see load-panel.test.ts).
window.requestIdleCallback = () => 0;

/** The button, once the element has heard from the server (or given up on it). */
const shadowButton = async (el: Element) => {
  await waitUntil(() => el.shadowRoot?.querySelector('button[part=button]'), 'the button shows', { timeout: 3000 });
  return el.shadowRoot!.querySelector('button[part=button]') as HTMLButtonElement;
};

describe('<vitrina-call-button>', () => {
  it('is one labelled button that takes no room in the page flow', async () => {
    const el = await fixture<VitrinaCallButton>(html`<vitrina-call-button></vitrina-call-button>`);
    expect((await shadowButton(el)).textContent).to.contain('Video call a consultant');
    expect(getComputedStyle(el).position).to.equal('fixed');
    await expect(el).shadowDom.to.be.accessible();
  });

  it('speaks the language of its lang attribute or of the page', async () => {
    const ru = await fixture<VitrinaCallButton>(html`<vitrina-call-button lang="ru-RU"></vitrina-call-button>`);
    expect((await shadowButton(ru)).textContent).to.contain('Видеозвонок консультанту');
    const inRussianPage = await fixture(html`<div lang="ru"><vitrina-call-button></vitrina-call-button></div>`);
    expect((await shadowButton(inRussianPage.querySelector('vitrina-call-button')!)).textContent).to.contain('Видеозвонок');
  });

  it("speaks the browser's language on a page that declares none", async () => {
    const root = document.documentElement;
    const pageLang = root.getAttribute('lang');
    root.removeAttribute('lang');
    Object.defineProperty(navigator, 'language', { value: 'ru-RU', configurable: true });
    try {
      const el = await fixture<VitrinaCallButton>(html`<vitrina-call-button></vitrina-call-button>`);
      expect((await shadowButton(el)).textContent).to.contain('Видеозвонок консультанту');
    } finally {
      delete (navigator as { language?: string }).language;
      if (pageLang !== null) root.setAttribute('lang', pageLang);
    }
  });

  it('follows the shop without a reload: a consultant coming online turns "Request a call back" into a call button', async () => {
    let open = false;
    let asked = 0;
    const original = window.fetch.bind(window);
    window.fetch = async (input, init) => {
      const url = input instanceof Request ? input.url : input.toString();
      if (!url.includes('/api/queue/status')) return original(input, init);
      asked += 1;
      const status = open
        ? { open: true, timeZone: 'UTC', online: 1, available: 1, consultants: [] }
        : { open: false, closedReason: 'no-consultants', timeZone: 'UTC', online: 0, available: 0, consultants: [] };
      return new Response(JSON.stringify(status), { headers: { 'Content-Type': 'application/json' } });
    };
    try {
      const el = await fixture<VitrinaCallButton>(html`<vitrina-call-button server="https://vitrina.test" refresh-every="0.1"></vitrina-call-button>`);
      const button = await shadowButton(el);
      await waitUntil(() => button.textContent.includes('Request a call back'), 'closed at first');
      open = true;
      await waitUntil(() => button.textContent.includes('Video call a consultant'), 'the label follows the shop', { timeout: 3000 });
      expect(asked).to.be.at.least(2);
      el.remove();
      const after = asked;
      await new Promise((r) => setTimeout(r, 300));
      expect(asked).to.equal(after, 'a button taken off the page asks nothing more');
    } finally {
      window.fetch = original;
    }
  });

  it("wears the owner's look, except where the shop page set its own", async () => {
    const look = { accent: '#8a5a2b', accentText: '#fffff0', position: 'bottom-left' as const };
    const plain = await fixture<VitrinaCallButton>(html`<vitrina-call-button server="http://127.0.0.1:9" .look=${look}></vitrina-call-button>`);
    expect(getComputedStyle(await shadowButton(plain)).backgroundColor).to.equal('rgb(138, 90, 43)');
    expect(plain.getAttribute('position')).to.equal('bottom-left');
    const styled = await fixture(
      html`<div>
        <style>
          .own {
            --vitrina-accent: rgb(1, 2, 3);
          }
        </style>
        <vitrina-call-button class="own" position="bottom-right" server="http://127.0.0.1:9" .look=${look}></vitrina-call-button>
      </div>`,
    );
    const own = styled.querySelector('vitrina-call-button') as VitrinaCallButton;
    await own.updateComplete;
    expect(getComputedStyle(await shadowButton(own)).backgroundColor).to.equal('rgb(1, 2, 3)', "the page's colour wins");
    expect(getComputedStyle(await shadowButton(own)).color).to.equal('rgb(255, 255, 240)', "the owner's where the page is silent");
    expect(own.getAttribute('position')).to.equal('bottom-right', "the page's corner wins");
  });

  it('loads the call panel on the click when nothing fetched it before, and says so while it loads', async () => {
    const el = await fixture<VitrinaCallButton>(html`<vitrina-call-button server="http://127.0.0.1:9"></vitrina-call-button>`);
    expect(customElements.get('vitrina-call-panel')).to.equal(undefined);
    expect(el.shadowRoot!.querySelector('vitrina-call-panel')).to.equal(null);
    const button = await shadowButton(el);
    setTimeout(() => button.click());
    await oneEvent(el, 'vitrina-open');
    // While the panel's code loads (seconds on a slow phone), the button stays and says so.
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('vitrina-call-panel')).to.equal(null);
    expect(button.hidden).to.equal(false);
    expect(button.getAttribute('aria-busy')).to.equal('true');
    expect(button.textContent).to.contain('Opening…');
    await waitUntil(() => el.shadowRoot!.querySelector('vitrina-call-panel'), 'the panel appears');
    expect(customElements.get('vitrina-call-panel')).to.not.equal(undefined);
    expect(button.hidden).to.equal(true);
  });

  it('shows a human message when the call server cannot be reached, and gives the button back on close', async () => {
    const el = await fixture<VitrinaCallButton>(html`<vitrina-call-button server="http://127.0.0.1:9"></vitrina-call-button>`);
    (await shadowButton(el)).click();
    await waitUntil(() => el.shadowRoot!.querySelector('vitrina-call-panel')?.shadowRoot?.querySelector('[role=alert]'), 'an error', {
      timeout: 8000,
    });
    const panel = el.shadowRoot!.querySelector('vitrina-call-panel')!;
    expect(panel.shadowRoot!.querySelector('[role=alert]')!.textContent).to.contain('could not reach the video service');
    expect(panel.shadowRoot!.querySelector('[data-action=retry]')).to.not.equal(null);
    setTimeout(() => (panel.shadowRoot!.querySelector('[data-action=close]') as HTMLButtonElement).click());
    await oneEvent(el, 'vitrina-close');
    const again = await shadowButton(el);
    await waitUntil(() => !again.hidden, 'the button is back');
  });
});
