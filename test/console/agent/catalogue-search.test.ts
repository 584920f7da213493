import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { ConsoleApi } from '../../../console/shared/console-api.js';
import { VitrinaCatalogueSearch } from '../../../console/agent/catalogue-search.js';
import type { ProductCard } from '../../../server/contract/chat.js';
import type { CatalogueProduct } from '../../../server/contract/catalogue.js';

if (!customElements.get('vitrina-catalogue-search')) customElements.define('vitrina-catalogue-search', VitrinaCatalogueSearch);

const KETTLE: CatalogueProduct = {
  sku: 'K-1',
  title: 'Copper kettle',
  price: '€89',
  url: 'https://shop.test/k',
  imageUrl: 'https://shop.test/k.jpg',
  available: true,
};
const CUPS: CatalogueProduct = { sku: 'C-6', title: 'Cups, set of 6', url: 'https://shop.test/c', available: false };

describe('vitrina-catalogue-search', () => {
  it('finds products as the consultant types, and sends one as a card with one click', async () => {
    const asked: string[] = [];
    const api = {
      call: (_name: string, parts: { query: { q: string } }) => {
        asked.push(parts.query.q);
        return Promise.resolve(parts.query.q === 'zzz' ? [] : [KETTLE, CUPS]);
      },
    } as unknown as ConsoleApi;
    const sent: ProductCard[] = [];
    const el = await fixture<VitrinaCatalogueSearch>(
      html`<vitrina-catalogue-search .api=${api} .send=${(card: ProductCard) => (sent.push(card), Promise.resolve())}></vitrina-catalogue-search>`,
    );
    const input = el.shadowRoot?.querySelector('input') as HTMLInputElement;
    for (const q of ['k', 'ke', 'kettle']) {
      input.value = q;
      input.dispatchEvent(new Event('input'));
    }
    await waitUntil(() => el.shadowRoot?.querySelectorAll('li').length === 2, 'results show');
    expect(asked, 'one request after the typing pauses').to.deep.equal(['kettle']);
    const rows = [...(el.shadowRoot?.querySelectorAll('li') ?? [])].map((li) => li.textContent?.replace(/\s+/g, ' ').trim());
    expect(rows).to.deep.equal(['Copper kettleK-1 · €89 Send', 'Cups, set of 6C-6 · out of stock Send']);

    (el.shadowRoot?.querySelector('li[data-sku="K-1"] button') as HTMLButtonElement).click();
    await waitUntil(() => (el.shadowRoot?.querySelector('li[data-sku="K-1"] button') as HTMLButtonElement).disabled, 'marked sent');
    expect(sent).to.deep.equal([{ title: 'Copper kettle', url: 'https://shop.test/k', productId: 'K-1', price: '€89', imageUrl: 'https://shop.test/k.jpg' }]);

    input.value = 'zzz';
    input.dispatchEvent(new Event('input'));
    await waitUntil(() => el.shadowRoot?.querySelector('[role=status]'), 'says nothing was found');
    expect(el.shadowRoot?.querySelector('[role=status]')?.textContent).to.equal('Nothing found in the catalogue.');
  });
});
