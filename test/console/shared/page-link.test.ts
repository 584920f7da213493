import { expect } from '@open-wc/testing';
import { render } from 'lit';
import { pageLink } from '../../../console/shared/page-link.js';

const SHOP = new Set(['https://shop.example', 'http://localhost:8081']);

function rendered(url: string, title = 'Linen sofa'): HTMLElement {
  const host = document.createElement('div');
  render(pageLink({ url, title }, SHOP, { offShop: 'not on your shop' }), host);
  return host;
}

describe('pageLink: what staff may click is what the shop owns', () => {
  it('links a page of the shop, opened apart from the console', () => {
    const a = rendered('https://shop.example/sofa?colour=grey').querySelector('a')!;
    expect(a.getAttribute('href')).to.equal('https://shop.example/sofa?colour=grey');
    expect(a.getAttribute('rel')).to.equal('noopener noreferrer');
    expect(a.textContent).to.equal('Linen sofa');
  });

  for (const url of [
    'https://shop.example.evil.test/sofa',
    'https://evil.test/login?next=https://shop.example/',
    'http://shop.example/sofa',
    'https://shop.example:8443/sofa',
    'javascript:alert(1)',
    'not a url',
  ]) {
    it(`shows ${url} as marked text, never a link`, () => {
      const host = rendered(url);
      expect(host.querySelector('a')).to.equal(null);
      const text = host.querySelector('[data-testid=off-shop-page]')!;
      expect(text.textContent).to.contain('not on your shop');
      expect(text.getAttribute('title')).to.equal(url);
    });
  }
});
