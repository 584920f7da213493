import { expect, fixture, html } from '@open-wc/testing';
import type { Analytics } from '../../../server/contract/admin.js';
import type { ConsoleApi } from '../../../console/shared/console-api.js';
import { VitrinaAdminAnalytics } from '../../../console/admin/analytics-view.js';

if (!customElements.get('vitrina-admin-analytics')) customElements.define('vitrina-admin-analytics', VitrinaAdminAnalytics);

const rings = { offered: 10, answered: 6, missed: 2, declined: 1, left: 1 };
const sales = {
  orders: 3,
  callsWithOrders: 2,
  conversion: 2 / 6,
  revenue: [
    { currency: 'EUR', minor: 129_000 },
    { currency: 'USD', minor: 2_000 },
  ],
  averageOrder: [
    { currency: 'EUR', minor: 64_500 },
    { currency: 'USD', minor: 2_000 },
  ],
};
const outcomes = { sold: 2, followUp: 1, noSale: 2, unsaid: 1 };
const DATA: Analytics = {
  from: 0,
  to: 86_400_000,
  targetMs: 120_000,
  total: {
    calls: 8,
    answered: 6,
    unanswered: 1,
    waiting: 1,
    answeredWithinTarget: 5,
    answerRate: 6 / 7,
    withinTarget: 5 / 7,
    medianWaitMs: 20_000,
    p90WaitMs: 90_000,
    medianTalkMs: 180_000,
    ownerScore: 4,
    shopperRating: 5,
    rings,
    sales,
    outcomes,
  },
  consultants: [
    {
      agentId: 'agt_anna',
      name: 'Anna',
      ...rings,
      answeredWithinTarget: 5,
      answerRate: 0.6,
      withinTarget: 0.5,
      medianWaitMs: 20_000,
      p90WaitMs: 90_000,
      medianTalkMs: 180_000,
      ownerScore: 4,
      shopperRating: 5,
      sales,
      outcomes,
    },
  ],
  pages: [{ url: 'https://shop.test/p/kettle', title: 'Copper kettle', calls: 8, answered: 6, sales }],
  funnel: {
    total: { shown: 400, opened: 40, started: 8, answered: 6, ordered: 2 },
    pages: [{ url: 'https://shop.test/p/kettle', title: 'Copper kettle', shown: 400, opened: 40, started: 8, answered: 6, ordered: 2 }],
  },
  days: [{ day: '1970-01-01', calls: 8, answered: 6, unanswered: 1, waiting: 1, orders: 3, revenue: sales.revenue }],
};
const api = { call: () => Promise.resolve(DATA) } as unknown as ConsoleApi;

async function mount(lang: string): Promise<ShadowRoot> {
  const wrapper = await fixture(html`<div lang=${lang}><vitrina-admin-analytics .api=${api}></vitrina-admin-analytics></div>`);
  const el = wrapper.querySelector('vitrina-admin-analytics') as VitrinaAdminAnalytics;
  for (let i = 0; i < 50 && !el.shadowRoot?.querySelector('table'); i++) await new Promise((r) => setTimeout(r, 10));
  return el.shadowRoot as ShadowRoot;
}

describe('vitrina-admin-analytics', () => {
  it('shows every ring bucket per consultant and in total, and says what each figure means', async () => {
    const root = await mount('en');
    const headers = [...root.querySelectorAll('thead th')].map((th) => th.textContent?.trim());
    expect(headers.slice(0, 6)).to.deep.equal(['Consultant', 'Offered', 'Answered', 'Missed', 'Declined', 'Shopper left']);
    const total = [...root.querySelectorAll('[data-testid=all-consultants] > *')].map((c) => c.textContent?.trim());
    expect(total.slice(0, 7)).to.deep.equal(['All consultants', '10', '6', '2', '1', '1', '60%']);
    const definitions = root.querySelector('[data-testid=definitions]') as HTMLDetailsElement;
    expect(definitions.querySelector('summary')?.textContent).to.equal('What these mean');
    const terms = [...definitions.querySelectorAll('dt')].map((dt) => dt.textContent);
    expect(terms).to.include.members(['Offered', 'Missed', 'Declined', 'Shopper left', 'Answered within 2:00']);
    expect(definitions.querySelectorAll('dd').length).to.equal(terms.length);
  });

  it("shows the orders credited to calls per consultant, beside what they said, and per page, with the period's CSV", async () => {
    const root = await mount('en');
    const tile = (id: string) => root.querySelector(`[data-testid=${id}] > div:last-child`)?.textContent?.trim();
    expect([tile('orders'), tile('revenue'), tile('conversion')]).to.deep.equal(['3', '€1,290.00 + $20.00', '33% (2)']);
    const anna = [...root.querySelectorAll('[data-testid=sales-per-consultant] tbody td')].map((td) => td.textContent?.trim());
    expect(anna).to.deep.equal(['Anna', '6', '3', '33%', '€1,290.00 + $20.00', '€645.00 + $20.00', '2', '1', '2']);
    const page = root.querySelector('[data-testid=sales-per-page] tbody a') as HTMLAnchorElement;
    expect([page.textContent, page.href]).to.deep.equal(['Copper kettle', 'https://shop.test/p/kettle']);
    const csv = new URL((root.querySelector('[data-testid=orders-csv]') as HTMLAnchorElement).href);
    expect(csv.pathname).to.equal('/api/admin/export/orders.csv');
    expect(Number(csv.searchParams.get('to')) - Number(csv.searchParams.get('from'))).to.be.within(29 * 86_400_000, 31 * 86_400_000);
  });

  it('shows the funnel from the button to an order, each step a share of the one before', async () => {
    const root = await mount('en');
    const total = [...root.querySelectorAll('[data-testid=funnel-total] > *')].map((c) => c.textContent?.trim());
    expect(total).to.deep.equal(['All pages', '400', '40 (10%)', '8 (20%)', '6 (75%)', '2 (33%)']);
  });

  it('in Russian too', async () => {
    const root = await mount('ru');
    const definitions = root.querySelector('[data-testid=definitions]') as HTMLDetailsElement;
    expect(definitions.querySelector('summary')?.textContent).to.equal('Что означают показатели');
    expect([...definitions.querySelectorAll('dt')].map((dt) => dt.textContent)).to.include.members(['Поступило', 'Пропущено', 'Отклонено', 'Покупатель ушёл']);
  });
});
