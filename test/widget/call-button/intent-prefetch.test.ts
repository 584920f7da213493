import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../../widget/index.js';
import type { VitrinaCallButton } from '../../../widget/call-button/call-button.js';

// No idle time in this page: only the shopper's intent can fetch the panel.
window.requestIdleCallback = () => 0;

describe('the call panel, fetched on intent', () => {
  // One page, one fetch: focusing the button takes the same handler, so only pointing is tried here.
  it('starts on its way when the shopper points at the button, before any click', async () => {
    const el = await fixture<VitrinaCallButton>(html`<vitrina-call-button server="http://127.0.0.1:9"></vitrina-call-button>`);
    await waitUntil(() => el.shadowRoot?.querySelector('button[part=button]'), 'the button shows', { timeout: 3000 });
    expect(customElements.get('vitrina-call-panel')).to.equal(undefined);
    el.shadowRoot!.querySelector('button[part=button]')!.dispatchEvent(new PointerEvent('pointerenter'));
    await waitUntil(() => customElements.get('vitrina-call-panel'), 'the panel is defined', { timeout: 5000 });
    expect(el.shadowRoot!.querySelector('vitrina-call-panel'), 'nothing opened').to.equal(null);
  });
});
