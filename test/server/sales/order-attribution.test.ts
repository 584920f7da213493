import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeAnalytics } from '../../../server/admin/analytics.js';
import { csvCell, decimal } from '../../../server/admin/csv-export.js';
import { PageOrderBody, toMinor } from '../../../server/contract/sales.js';
import { checkSignature, signBody } from '../../../server/http/vitrina-signature.js';
import { cardsBought } from '../../../server/sales/order-attribution.js';
import type { CallFacts, OrderRecord } from '../../../server/store/store.js';

describe('amounts', () => {
  it("keeps an amount in the currency's smallest unit, rounding half up past its decimals", () => {
    assert.equal(toMinor('129.9', 'EUR'), 12990);
    assert.equal(toMinor('129.905', 'EUR'), 12991);
    assert.equal(toMinor('0.004', 'EUR'), 0);
    assert.equal(toMinor('100.5', 'JPY'), 101);
    assert.equal(toMinor('1.234', 'KWD'), 1234);
    assert.equal(toMinor('999999999999.99', 'RUB'), 99999999999999);
    assert.deepEqual(
      [decimal({ currency: 'EUR', minor: 12990 }), decimal({ currency: 'JPY', minor: 101 }), decimal({ currency: 'KWD', minor: 1234 })],
      ['129.90', '101', '1.234'],
    );
  });

  it('takes the amounts shops write and refuses the rest', () => {
    const parse = (value: unknown, currency = 'eur') => PageOrderBody.safeParse({ orderId: 'A', value, currency, visitor: 'a'.repeat(22) });
    assert.deepEqual(
      ['129.90', 129.9, ' 5 ', 0].map((v) => parse(v).data?.value),
      ['129.90', '129.9', '5', '0'],
    );
    for (const bad of ['-1', '1e3', 1e21, '1,5', '', '1.2345', Number.NaN, null]) assert.equal(parse(bad).success, false, String(bad));
    assert.equal(parse('1', 'eur').data?.currency, 'EUR');
    for (const bad of ['EU', 'EURO', 'XYZ', '€']) assert.equal(parse('1', bad).success, false, bad);
  });
});

describe('cards bought', () => {
  it("matches an order's items to the call's cards by product id or by the product's page", () => {
    const cards = [
      { title: 'Kettle', url: 'https://shop.test/p/kettle', productId: 'K1' },
      { title: 'Teapot', url: 'https://shop.test/p/teapot?c=blue' },
      { title: 'Cups', url: 'https://shop.test/p/cups' },
    ];
    const bought = cardsBought(cards, [{ productId: 'K1' }, { url: 'https://shop.test/p/teapot/#reviews' }, { url: 'https://other.test/p/cups' }]);
    assert.deepEqual(
      bought.map((c) => [c.title, c.bought]),
      [
        ['Kettle', true],
        ['Teapot', true],
        ['Cups', false],
      ],
    );
  });
});

describe('Vitrina-Signature', () => {
  const body = '{"orderId":"A-1"}';
  const now = 1_764_000_000_000;
  it('verifies its own signature and nothing else', () => {
    const header = signBody('s3cret', body, now / 1000);
    assert.equal(checkSignature(header, 's3cret', body, now), 'valid');
    assert.equal(checkSignature(header, 's3cret', body + ' ', now), 'invalid');
    assert.equal(checkSignature(header, 'other', body, now), 'invalid');
    assert.equal(checkSignature(header.replace(/t=\d+/, `t=${now / 1000 + 1}`), 's3cret', body, now), 'invalid', 'the time is signed too');
    assert.equal(checkSignature(undefined, 's3cret', body, now), 'missing');
    assert.equal(checkSignature('t=1,v1=zz', 's3cret', body, now), 'invalid');
    // While a sender rotates, either of two signatures may be ours.
    assert.equal(checkSignature(`${header},v1=${'0'.repeat(64)}`, 's3cret', body, now), 'valid');
  });
  it('is stale five minutes either side of our clock', () => {
    assert.equal(checkSignature(signBody('k', body, now / 1000 - 301), 'k', body, now), 'stale');
    assert.equal(checkSignature(signBody('k', body, now / 1000 + 301), 'k', body, now), 'stale');
    assert.equal(checkSignature(signBody('k', body, now / 1000 - 299), 'k', body, now), 'valid');
  });
});

describe('CSV cells', () => {
  it('quotes what needs quoting and keeps formulas as text', () => {
    assert.deepEqual(['plain', 'a,b', 'say "hi"', 'two\nlines', '=1+1', '+7 900', '-5', '@SUM(A1)', 12, null].map(csvCell), [
      'plain',
      '"a,b"',
      '"say ""hi"""',
      '"two\nlines"',
      "'=1+1",
      "'+7 900",
      "'-5",
      "'@SUM(A1)",
      '12',
      '',
    ]);
  });
});

describe('sales in analytics', () => {
  const T0 = Date.UTC(2026, 10, 20, 9, 0);
  const call = (id: string, agentId: string | null, answered: boolean, pageUrl: string, outcome: CallFacts['agentOutcome'] = null): CallFacts => ({
    id,
    createdAt: T0,
    state: 'ended',
    agentId,
    answeredAt: answered ? T0 + 10_000 : null,
    endedAt: T0 + 100_000,
    ownerScore: null,
    shopperRating: null,
    pageUrl,
    pageTitle: pageUrl.split('/').at(-1) ?? '',
    agentOutcome: outcome,
  });
  const order = (callId: string, agentId: string, minor: number, currency = 'EUR'): OrderRecord => ({
    orderId: `${callId}-${minor}`,
    callId,
    agentId,
    valueMinor: minor,
    currency,
    source: 'server',
    orderedAt: T0 + 200_000,
    receivedAt: T0 + 200_000,
    cards: [],
  });

  it('adds up orders, revenue per currency, conversion and the average order, per consultant, per page and per day', () => {
    const calls = [
      call('c1', 'anna', true, 'https://shop.test/p/kettle', 'sold'),
      call('c2', 'anna', true, 'https://shop.test/p/kettle?utm=x', 'follow-up'),
      call('c3', 'boris', true, 'https://shop.test/p/teapot', 'sold'),
      call('c4', null, false, 'https://shop.test/p/teapot'),
    ];
    const orders = [order('c1', 'anna', 10000), order('c1', 'anna', 5000), order('c3', 'boris', 3000), order('c3', 'boris', 700, 'USD')];
    const a = computeAnalytics({
      from: T0 - 3600_000,
      to: T0 + 3600_000,
      targetMs: 60_000,
      timeZone: 'UTC',
      calls,
      rings: [],
      names: new Map([
        ['anna', 'Anna'],
        ['boris', 'Boris'],
      ]),
      orders,
    });
    assert.deepEqual(a.total.sales, {
      orders: 4,
      callsWithOrders: 2,
      conversion: 2 / 3,
      revenue: [
        { currency: 'EUR', minor: 18000 },
        { currency: 'USD', minor: 700 },
      ],
      averageOrder: [
        { currency: 'EUR', minor: 6000 },
        { currency: 'USD', minor: 700 },
      ],
    });
    assert.deepEqual(a.total.outcomes, { sold: 2, followUp: 1, noSale: 0, unsaid: 0 });
    const anna = a.consultants.find((c) => c.agentId === 'anna');
    assert.deepEqual([anna?.sales.orders, anna?.sales.conversion, anna?.sales.revenue, anna?.outcomes.sold], [2, 0.5, [{ currency: 'EUR', minor: 15000 }], 1]);
    assert.deepEqual(
      a.pages.map((p) => [p.url, p.calls, p.answered, p.sales.orders]),
      [
        ['https://shop.test/p/kettle', 2, 2, 2],
        ['https://shop.test/p/teapot', 2, 1, 2],
      ],
    );
    assert.deepEqual(
      a.days.map((d) => [d.day, d.orders, d.revenue]),
      [['2026-11-20', 4, a.total.sales.revenue]],
    );
  });
});
