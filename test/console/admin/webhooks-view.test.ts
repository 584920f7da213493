import { expect, fixture, html } from '@open-wc/testing';
import type { ConsoleApi } from '../../../console/shared/console-api.js';
import { VitrinaAdminWebhooks } from '../../../console/admin/webhooks-view.js';
import type { WebhookDeliveryView, WebhookEndpointView } from '../../../server/contract/webhooks.js';

if (!customElements.get('vitrina-admin-webhooks')) customElements.define('vitrina-admin-webhooks', VitrinaAdminWebhooks);

const DELIVERY: WebhookDeliveryView = {
  id: 'dlv_AAAAAAAAAAAAAAAAAAAAAA',
  endpointId: 'whe_AAAAAAAAAAAAAAAAAAAAAA',
  url: 'https://crm.test/hooks',
  eventId: 'evt_AAAAAAAAAAAAAAAAAAAAAA',
  event: 'call.ended',
  status: 'pending',
  attempts: 2,
  nextAttemptAt: Date.now() + 30_000,
  lastStatus: 503,
  lastError: 'HTTP 503: not now',
  createdAt: Date.now(),
  deliveredAt: null,
};

function fakeApi() {
  const calls: { name: string; parts?: unknown }[] = [];
  const endpoints: WebhookEndpointView[] = [];
  const api = {
    call(name: string, parts?: { body?: Omit<WebhookEndpointView, 'id' | 'createdAt'> }) {
      calls.push({ name, parts });
      switch (name) {
        case 'webhookEndpoints':
          return Promise.resolve([...endpoints]);
        case 'webhookDeliveries':
          return Promise.resolve([DELIVERY]);
        case 'addWebhookEndpoint': {
          const e = { ...(parts?.body as Omit<WebhookEndpointView, 'id' | 'createdAt'>), id: 'whe_BBBBBBBBBBBBBBBBBBBBBB', createdAt: Date.now() };
          endpoints.push(e);
          return Promise.resolve({ ...e, secret: 'whsec_once' });
        }
        case 'redeliverWebhook':
          return Promise.resolve(undefined);
      }
      return Promise.reject(new Error(name));
    },
  };
  return { api: api as unknown as ConsoleApi, calls };
}

const settled = () => new Promise((r) => setTimeout(r, 30));

describe('vitrina-admin-webhooks', () => {
  it('adds an endpoint for the events ticked, with its signing secret shown', async () => {
    const { api, calls } = fakeApi();
    const el = await fixture<VitrinaAdminWebhooks>(html`<vitrina-admin-webhooks .api=${api}></vitrina-admin-webhooks>`);
    await settled();
    const root = el.shadowRoot as ShadowRoot;
    (root.querySelector('input[name=url]') as HTMLInputElement).value = 'https://crm.test/hooks';
    for (const box of root.querySelectorAll<HTMLInputElement>('input[name=events]')) box.checked = ['call.ended', 'order.attributed'].includes(box.value);
    (root.querySelector('[data-form=new-webhook] button[type=submit]') as HTMLButtonElement).click();
    await settled();
    await el.updateComplete;
    expect(calls.find((c) => c.name === 'addWebhookEndpoint')?.parts).to.deep.equal({
      body: { url: 'https://crm.test/hooks', events: ['call.ended', 'order.attributed'], description: '' },
    });
    expect(root.querySelector('[data-testid=webhook-secret]')?.textContent).to.equal('whsec_once');
  });

  it('lists deliveries with their last answer and sends one again', async () => {
    const { api, calls } = fakeApi();
    const el = await fixture<VitrinaAdminWebhooks>(html`<vitrina-admin-webhooks .api=${api}></vitrina-admin-webhooks>`);
    await settled();
    const row = el.shadowRoot?.querySelector(`[data-delivery-id=${DELIVERY.id}]`) as HTMLTableRowElement;
    expect(row.textContent).to.include('HTTP 503: not now');
    expect(row.textContent).to.include('Waiting to be sent again');
    row.querySelector('button')?.click();
    await settled();
    expect(calls.filter((c) => c.name === 'redeliverWebhook').map((c) => c.parts)).to.deep.equal([{ params: { deliveryId: DELIVERY.id } }]);
  });
});
