import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../../widget/index.js';
import { loadPanel } from '../../../widget/call-button/load-panel.js';
import type { VitrinaCallButton } from '../../../widget/call-button/call-button.js';

// The browser's idle time, run when the test says so.
const idle: IdleRequestCallback[] = [];
window.requestIdleCallback = (callback) => idle.push(callback);

const fetched = (part: string) => performance.getEntriesByType('resource').some((e) => e.name.includes(part));

describe('the call panel, fetched before the click', () => {
  it('once the page has loaded and the browser is idle, never before; and not livekit-client, which waits for the lobby', async () => {
    const el = await fixture<VitrinaCallButton>(html`<vitrina-call-button server="http://127.0.0.1:9"></vitrina-call-button>`);
    await el.updateComplete;
    expect(idle).to.have.length(1, 'asked for idle time (the page had loaded)');
    expect(customElements.get('vitrina-call-panel')).to.equal(undefined);
    expect(fetched('call-panel-entry')).to.equal(false);
    for (const run of idle.splice(0)) run({ didTimeout: false, timeRemaining: () => 50 });
    await waitUntil(() => customElements.get('vitrina-call-panel'), 'the panel is defined', { timeout: 5000 });
    expect(fetched('call-panel-entry')).to.equal(true);
    expect(fetched('livekit-client'), 'the video library loads behind the lobby').to.equal(false);
  });

  it('is one fetch for the page: the prefetch, intent and the click share it', () => {
    expect(loadPanel()).to.equal(loadPanel());
  });
});
