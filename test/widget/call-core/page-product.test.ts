import { expect } from '@open-wc/testing';
import { readPageProduct } from '../../../widget/call-core/page-product.js';

/** A document of its own with these JSON-LD blocks, based at a shop's product page. */
function pageWith(...blocks: string[]): Document {
  const doc = document.implementation.createHTMLDocument('Shop');
  const base = doc.createElement('base');
  base.href = 'https://shop.test/products/chair.html';
  doc.head.append(base);
  for (const block of blocks) {
    const script = doc.createElement('script');
    script.type = 'application/ld+json';
    script.textContent = block;
    doc.head.append(script);
  }
  return doc;
}

const chair = {
  '@context': 'https://schema.org',
  '@type': 'Product',
  name: 'Ash reading chair',
  image: ['/images/chair.svg', '/images/chair-2.svg'],
  sku: 'chair-ash-01',
  offers: { '@type': 'Offer', price: '640', priceCurrency: 'EUR' },
};

describe('readPageProduct', () => {
  it("makes a card of the page's Product: its name, price in the shopper's language, first picture (absolute) and SKU", () => {
    const card = readPageProduct(pageWith(JSON.stringify(chair)), 'en');
    expect(card).to.deep.equal({
      title: 'Ash reading chair',
      url: 'https://shop.test/products/chair.html',
      price: '€640',
      imageUrl: 'https://shop.test/images/chair.svg',
      productId: 'chair-ash-01',
    });
    expect(readPageProduct(pageWith(JSON.stringify({ ...chair, offers: [{ price: 12.5, priceCurrency: 'RUB' }] })), 'ru')?.price).to.equal('12,50\u00a0₽');
  });

  it("finds it in a @graph, as a WebPage's mainEntity, or after a block that is not JSON or not a product", () => {
    const inGraph = JSON.stringify({ '@context': 'https://schema.org', '@graph': [{ '@type': 'BreadcrumbList' }, chair] });
    const asMainEntity = JSON.stringify({ '@type': 'WebPage', mainEntity: { ...chair, '@type': ['Product', 'Thing'] } });
    for (const doc of [
      pageWith(inGraph),
      pageWith(asMainEntity),
      pageWith('{not json', JSON.stringify({ '@type': 'Organization', name: 'Oak' }), JSON.stringify(chair)),
    ]) {
      expect(readPageProduct(doc, 'en')?.title).to.equal('Ash reading chair');
    }
  });

  it('gives nothing for a page without Product data, or whose product has no name', () => {
    expect(readPageProduct(pageWith(), 'en')).to.equal(undefined);
    expect(readPageProduct(pageWith(JSON.stringify({ ...chair, name: '' })), 'en')).to.equal(undefined);
  });

  it('leaves out what the server would refuse rather than losing the call: a javascript: picture, an overlong price, a huge SKU', () => {
    const odd = {
      ...chair,
      image: { url: 'javascript:alert(1)' },
      offers: { price: 'x'.repeat(41) },
      sku: 's'.repeat(129),
      url: 'https://shop.test/p/chair?ref=ld',
    };
    expect(readPageProduct(pageWith(JSON.stringify(odd)), 'en')).to.deep.equal({ title: 'Ash reading chair', url: 'https://shop.test/p/chair?ref=ld' });
    expect(readPageProduct(pageWith(JSON.stringify({ ...chair, name: 'n'.repeat(201) })), 'en')).to.equal(undefined);
  });

  it("keeps the shop's own price string when the currency is not given", () => {
    expect(readPageProduct(pageWith(JSON.stringify({ ...chair, offers: { price: '640.00' } })), 'en')?.price).to.equal('640.00');
  });
});
