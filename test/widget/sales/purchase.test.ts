import { expect, fixtureCleanup, oneEvent } from '@open-wc/testing';
import { reportPurchase } from '../../../widget/sales/purchase.js';
import { VitrinaPurchase } from '../../../widget/sales/purchase-element.js';
import { readVisitorId, visitorIdForCall } from '../../../widget/sales/visitor-id.js';
import type { VitrinaPurchaseEvent } from '../../../widget/events.js';

if (!customElements.get('vitrina-purchase')) customElements.define('vitrina-purchase', VitrinaPurchase);

const forgetVisitor = () => {
  document.cookie = 'vitrina_vid=; Path=/; Max-Age=0';
};

/** The element as a thank-you page writes it, listened to before it is on the page (it reports at once). */
function purchase(attributes: Record<string, string>): { el: VitrinaPurchase; reported: Promise<VitrinaPurchaseEvent> } {
  const el = new VitrinaPurchase();
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  const reported = oneEvent<VitrinaPurchaseEvent>(el, 'vitrina-purchase');
  document.body.append(el);
  return { el, reported };
}

afterEach(() => {
  fixtureCleanup();
  document.querySelectorAll('vitrina-purchase').forEach((el) => el.remove());
});

/** Every request the page makes, answered 204 without leaving it. */
function recordRequests() {
  const sent: { url: string; init: RequestInit | undefined }[] = [];
  const original = window.fetch.bind(window);
  window.fetch = (input, init) => {
    sent.push({ url: input instanceof Request ? input.url : input.toString(), init });
    return Promise.resolve(new Response(null, { status: 204 }));
  };
  return { sent, restore: () => (window.fetch = original) };
}

describe('the visitor id', () => {
  afterEach(forgetVisitor);

  it('is made at a call, kept as a first-party cookie, and the same at the next call', () => {
    forgetVisitor();
    expect(readVisitorId()).to.equal(undefined, 'no cookie before a call');
    const id = visitorIdForCall();
    expect(id).to.match(/^[A-Za-z0-9_-]{22}$/);
    expect(document.cookie).to.include(`vitrina_vid=${id}`);
    expect(visitorIdForCall()).to.equal(id);
  });
});

describe('reporting a purchase', () => {
  afterEach(forgetVisitor);

  it('sends nothing from a browser that never called', async () => {
    forgetVisitor();
    const requests = recordRequests();
    try {
      expect(await reportPurchase({ orderId: 'A-1', value: '10', currency: 'EUR' }, 'https://calls.test')).to.equal(false);
      const event = await purchase({ 'order-id': 'A-2', value: '10', currency: 'EUR', server: 'https://calls.test' }).reported;
      expect(event.detail).to.deep.equal({ orderId: 'A-2', sent: false });
      expect(requests.sent).to.deep.equal([]);
    } finally {
      requests.restore();
    }
  });

  it("reports the thank-you page's order once, with the browser's id and the products bought", async () => {
    const visitor = visitorIdForCall();
    const requests = recordRequests();
    try {
      const { el, reported } = purchase({ 'order-id': 'A-3', value: '129.90', currency: 'EUR', 'product-ids': 'SKU-1, SKU-2', server: 'https://calls.test' });
      const event = await reported;
      expect(event.detail).to.deep.equal({ orderId: 'A-3', sent: true });
      // Moved on the page (a framework re-rendering it): not reported again.
      el.parentElement?.append(el);
      await new Promise((r) => setTimeout(r, 50));
      expect(requests.sent.map((r) => r.url)).to.deep.equal(['https://calls.test/api/orders']);
      const init = requests.sent[0]?.init;
      expect([init?.method, init?.keepalive, init?.credentials]).to.deep.equal(['POST', true, 'omit']);
      expect(JSON.parse(init?.body as string)).to.deep.equal({
        orderId: 'A-3',
        value: '129.90',
        currency: 'EUR',
        visitor,
        items: [{ productId: 'SKU-1' }, { productId: 'SKU-2' }],
      });
    } finally {
      requests.restore();
    }
  });
});
