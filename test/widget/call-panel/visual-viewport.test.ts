import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { define } from '../../../widget/define.js';
import { VisualViewportController, type ViewportSource } from '../../../widget/call-panel/visual-viewport.js';

/** Stands in for window.visualViewport: the test opens the "keyboard" by shrinking it. */
class FakeViewport extends EventTarget implements ViewportSource {
  height = 844;
  offsetTop = 0;
}

const viewport = new FakeViewport();

class ViewportHost extends LitElement {
  constructor() {
    super();
    new VisualViewportController(this, viewport);
  }
}
define('test-viewport-host', ViewportHost);

describe('VisualViewportController', () => {
  it('keeps the host sized to what the shopper sees, so an on-screen keyboard does not cover the panel', async () => {
    const el = await fixture<ViewportHost>(html`<test-viewport-host></test-viewport-host>`);
    expect(el.style.getPropertyValue('--vitrina-visual-height')).to.equal('844px');
    viewport.height = 500;
    viewport.offsetTop = 120;
    viewport.dispatchEvent(new Event('resize'));
    expect(el.style.getPropertyValue('--vitrina-visual-height')).to.equal('500px');
    expect(el.style.getPropertyValue('--vitrina-visual-top')).to.equal('120px');
    el.remove();
    viewport.height = 300;
    viewport.dispatchEvent(new Event('resize'));
    expect(el.style.getPropertyValue('--vitrina-visual-height')).to.equal('500px', 'stops listening once off the page');
  });
});
