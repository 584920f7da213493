import { expect, fixture, html } from '@open-wc/testing';
import type { ConsoleApi } from '../../../console/shared/console-api.js';
import { VitrinaAdminOrders } from '../../../console/admin/orders-settings.js';
import type { ApiKeyView, AttributionSettings } from '../../../server/contract/sales.js';

if (!customElements.get('vitrina-admin-orders')) customElements.define('vitrina-admin-orders', VitrinaAdminOrders);

/** The routes the card calls, answered as the server would, with every call kept. */
function fakeApi() {
  const calls: { name: string; parts?: unknown }[] = [];
  let settings: AttributionSettings = { windowDays: 30, trust: 'page-and-server' };
  const keys: ApiKeyView[] = [];
  const api = {
    call(name: string, parts?: { body?: Record<string, unknown>; params?: { keyId: string } }) {
      calls.push({ name, parts });
      switch (name) {
        case 'attributionSettings':
          return Promise.resolve(settings);
        case 'setAttributionSettings':
          settings = parts?.body as AttributionSettings;
          return Promise.resolve(settings);
        case 'apiKeys':
          return Promise.resolve([...keys]);
        case 'createApiKey': {
          const key = { id: `key_${'a'.repeat(20)}${keys.length}`, name: String(parts?.body?.name), createdAt: Date.now(), lastUsedAt: null, revokedAt: null };
          keys.unshift(key);
          return Promise.resolve({ ...key, secret: 'vsk_shown-once' });
        }
        case 'revokeApiKey': {
          const key = keys.find((k) => k.id === parts?.params?.keyId) as ApiKeyView;
          key.revokedAt = Date.now();
          return Promise.resolve(key);
        }
      }
      return Promise.reject(new Error(name));
    },
  };
  return { api: api as unknown as ConsoleApi, calls };
}

const settled = () => new Promise((r) => setTimeout(r, 30));

describe('vitrina-admin-orders', () => {
  it('saves the window and whose reports count', async () => {
    const { api, calls } = fakeApi();
    const el = await fixture<VitrinaAdminOrders>(html`<vitrina-admin-orders .api=${api}></vitrina-admin-orders>`);
    await settled();
    const root = el.shadowRoot as ShadowRoot;
    (root.querySelector('input[name=windowDays]') as HTMLInputElement).value = '14';
    (root.querySelector('input[value=server]') as HTMLInputElement).click();
    (root.querySelector('[data-form=attribution] button[type=submit]') as HTMLButtonElement).click();
    await settled();
    expect(calls.find((c) => c.name === 'setAttributionSettings')?.parts).to.deep.equal({ body: { windowDays: 14, trust: 'server' } });
  });

  it("shows a new key's secret once, lists the key without it, and revokes it", async () => {
    const { api } = fakeApi();
    const el = await fixture<VitrinaAdminOrders>(html`<vitrina-admin-orders .api=${api}></vitrina-admin-orders>`);
    await settled();
    const root = el.shadowRoot as ShadowRoot;
    expect(root.querySelector('[data-testid=api-keys]')).to.equal(null);
    (root.querySelector('[data-form=new-key] input[name=name]') as HTMLInputElement).value = 'Checkout server';
    (root.querySelector('[data-form=new-key] button') as HTMLButtonElement).click();
    await settled();
    await el.updateComplete;
    expect(root.querySelector('[data-testid=new-secret]')?.textContent).to.equal('vsk_shown-once');
    const row = root.querySelector('[data-testid=api-keys] tbody tr') as HTMLTableRowElement;
    expect(row.textContent).to.include('Checkout server');
    expect(row.textContent).not.to.include('vsk_');

    const confirm = window.confirm.bind(window);
    window.confirm = () => true;
    try {
      (row.querySelector('button.danger') as HTMLButtonElement).click();
      await settled();
      await el.updateComplete;
    } finally {
      window.confirm = confirm;
    }
    expect(root.querySelector('[data-testid=new-secret]'), 'the secret goes with its key').to.equal(null);
    expect(root.querySelector('[data-testid=api-keys] tbody tr')?.textContent).to.match(/revoked/);
  });
});
