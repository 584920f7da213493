import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FeedError, parseFeed, sniffFormat } from '../../../server/catalogue/feed-parsers.js';
import { YML } from './feeds.js';

const GOOGLE = `<?xml version="1.0"?>
<rss xmlns:g="http://base.google.com/ns/1.0" version="2.0">
  <channel>
    <title>Oak &amp; Linen</title>
    <item>
      <g:id>chair-ash-01</g:id>
      <g:title>Ash reading chair</g:title>
      <g:link>https://shop.example/products/reading-chair.html</g:link>
      <g:price>640.00 EUR</g:price>
      <g:image_link>https://shop.example/images/chair.jpg</g:image_link>
      <g:availability>in stock</g:availability>
    </item>
    <item>
      <g:id>sofa-linen-03</g:id>
      <title>Linen three-seat sofa</title>
      <link>https://shop.example/products/linen-sofa.html</link>
      <g:price>2190.00 EUR</g:price>
      <g:sale_price>1990.00 EUR</g:sale_price>
      <g:availability>out of stock</g:availability>
    </item>
  </channel>
</rss>`;

const ATOM = `<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:g="http://base.google.com/ns/1.0">
  <entry>
    <g:id>lamp-1</g:id>
    <title>Brass lamp</title>
    <link href="https://shop.example/p/lamp"/>
    <g:price>89 USD</g:price>
  </entry>
</feed>`;

describe('product feeds', () => {
  it('reads Yandex YML: names or vendor and model, the first picture, availability, prices in roubles', () => {
    const { products, skipped } = parseFeed(YML, 'auto');
    assert.deepEqual(products, [
      {
        sku: 'chair-ash-01',
        title: 'Кресло для чтения, ясень',
        url: 'https://shop.example/products/reading-chair.html',
        price: '64\u00a0000\u00a0₽',
        imageUrl: 'https://shop.example/images/chair-1.jpg',
        available: true,
      },
      {
        sku: 'sofa-linen-03',
        title: 'Диван Oak & Linen Linen 3',
        url: 'https://shop.example/products/linen-sofa.html',
        price: '219\u00a0000,50\u00a0₽',
        available: false,
      },
    ]);
    assert.deepEqual(skipped, { count: 1, first: 'line 23: no-link: no http(s) link to the product page' });
    assert.equal(YML.split('\n')[22]?.trim(), '<offer id="no-link">');
  });

  it('reads Google Merchant RSS and Atom: g: fields, the sale price, "15.00 USD" prices', () => {
    const rss = parseFeed(GOOGLE, 'auto').products;
    assert.deepEqual(
      rss.map((p) => [p.sku, p.title, p.price, p.available, p.imageUrl]),
      [
        ['chair-ash-01', 'Ash reading chair', '€640', true, 'https://shop.example/images/chair.jpg'],
        ['sofa-linen-03', 'Linen three-seat sofa', '€1,990', false, undefined],
      ],
    );
    assert.deepEqual(parseFeed(ATOM, 'google').products, [
      { sku: 'lamp-1', title: 'Brass lamp', url: 'https://shop.example/p/lamp', price: '$89', available: true },
    ]);
  });

  it('reads CSV with semicolons, quotes, line breaks in a field and Russian headers', () => {
    const csv =
      '\uFEFFАртикул;Название;Цена;Валюта;Ссылка;Наличие\r\nK-1;"Чайник ""Медный"";\n1,7 л";2490;RUB;https://shop.example/k1;да\r\n\r\nK-2;Чашка;390;RUB;https://shop.example/k2;нет\r\n';
    const { products } = parseFeed(csv, 'auto');
    assert.deepEqual(
      products.map((p) => [p.sku, p.title, p.price, p.available]),
      [
        ['K-1', 'Чайник "Медный";\n1,7 л', '2\u00a0490\u00a0₽', true],
        ['K-2', 'Чашка', '390\u00a0₽', true],
      ],
    );
  });

  it('reads JSON: a list, or {"products": [...]}, under the usual names', () => {
    const json = JSON.stringify({
      products: [{ id: 7, name: 'Stool', price: 45.5, currency: 'EUR', link: 'https://shop.example/s', image_link: 'https://shop.example/s.jpg' }],
    });
    assert.deepEqual(parseFeed(json, 'auto').products, [
      { sku: '7', title: 'Stool', price: '€45.50', url: 'https://shop.example/s', imageUrl: 'https://shop.example/s.jpg', available: true },
    ]);
    assert.equal(sniffFormat('  [ ]'), 'json');
  });

  it('says on which line a malformed feed goes wrong', () => {
    const where = (feed: string, format: 'auto' | 'csv' = 'auto') => {
      try {
        parseFeed(feed, format);
      } catch (err) {
        assert.ok(err instanceof FeedError, String(err));
        return [err.line, err.message];
      }
      assert.fail('read a malformed feed');
    };
    assert.equal(where(YML.replace('</offers>', ''))[0], 28, 'where </shop> closes what <offers> opened');
    assert.deepEqual(where('id,title,url\n1,Chair,https://x.test/1\n2,"Sofa,https://x.test/2\n'), [3, 'line 3: a quoted field is never closed']);
    assert.deepEqual(where('id,title,url\n1,Chair,https://x.test/1\n2,Sofa\n'), [3, 'line 3: 2 fields where the header has 3']);
    assert.deepEqual(where('name;price\nChair;10\n', 'csv'), [1, 'line 1: no "id" column (one of: id, sku, article, артикул, offer_id, product_id)']);
    assert.equal(where('[\n{"id": 1,\n"title": }\n]')[0], 3);
    assert.equal(where('{"products": [\n{"id": "a",\n}]}')[0], 3, 'a comma before the brace');
    assert.equal(where('[{"id": "a", "title": "unterminated\n}]')[0], 1);
    assert.match(String(where('[{"id": 1, "title": "No link"}]')[1]), /no product could be read \(1: no http\(s\) link/);
    assert.match(String(where('<rss><channel></channel></rss>')[1]), /the feed has no products/);
  });
});
