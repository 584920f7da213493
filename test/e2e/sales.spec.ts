import { expect, test } from '@playwright/test';
import { answeredCall, expectAccessible, screenshotPath, shopUrl, signInAsOwner, storeRows } from './support.js';

test.afterEach(async ({ browser }) => {
  for (const context of browser.contexts()) await context.close();
});

const visitorCookie = async (page: import('@playwright/test').Page) => (await page.context().cookies(shopUrl())).find((c) => c.name === 'vitrina_vid');

test(
  'an order placed after the call is credited to it, its consultant and the card bought, and the owner sees the revenue',
  { tag: '@store' },
  async ({ browser }) => {
    // Before any click the widget sets no cookie.
    const shopperContext = await browser.newContext();
    const before = await shopperContext.newPage();
    await before.goto(`${shopUrl()}/products/linen-sofa.html`);
    await expect(before.getByRole('button', { name: /Video call a consultant|Request a call back/ })).toBeVisible();
    expect(await visitorCookie(before)).toBeUndefined();
    await before.close();

    const { agent, shopper, callId, close } = await answeredCall(browser, { agent: 2, shopperContext });
    const cookie = await visitorCookie(shopper);
    expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect([cookie?.sameSite, cookie?.httpOnly]).toEqual(['Lax', false]);
    expect(storeRows<{ visitor_id: string }>('SELECT visitor_id FROM calls WHERE id = ?', [callId])[0]?.visitor_id).toBe(cookie?.value);

    // The consultant sends the page's product; the shopper puts it in the shop's cart from the call and hangs up.
    await agent.getByTestId('page-product').getByRole('button', { name: 'Send this card' }).click();
    const card = shopper.getByRole('article', { name: 'Linen three-seat sofa' });
    await card.getByRole('button', { name: 'Add to cart' }).click();
    await expect(shopper.locator('[data-cart-count]')).toHaveText('1');
    await shopper.getByRole('button', { name: 'Hang up' }).click();
    await expect(shopper.getByText('The call has ended.').first()).toBeVisible();
    // What the consultant showed stays with the shopper after the call.
    const kept = shopper.getByRole('region', { name: 'From your call' });
    await expect(kept.getByRole('link', { name: 'Linen three-seat sofa' })).toHaveAttribute('href', /\/products\/linen-sofa\.html$/);
    await shopper.screenshot({ path: screenshotPath('shopper-summary') });

    // Checkout on the shop's own pages; the thank-you page's <vitrina-purchase> reports the order.
    await shopper.goto(`${shopUrl()}/checkout.html`);
    await expect(shopper.locator('[data-cart-total]')).toHaveText('€ 2190.00');
    const reported = shopper.waitForEvent('request', (r) => r.url().endsWith('/api/orders'));
    await shopper.getByRole('button', { name: 'Place the order' }).click();
    await expect(shopper.getByRole('heading', { name: 'Thank you for your order' })).toBeVisible();
    expect((await (await reported).response())?.status()).toBe(204);
    const orderId = (await shopper.locator('[data-order-line]').textContent())?.match(/OL-[A-Z0-9]+/)?.[0] ?? '';
    await expect
      .poll(
        () =>
          storeRows<{ call_id: string; value_minor: number; currency: string; source: string; cards: string }>('SELECT * FROM orders WHERE order_id = ?', [
            orderId,
          ])[0],
      )
      .toMatchObject({ call_id: callId, value_minor: 219000, currency: 'EUR', source: 'page' });
    const cards = JSON.parse(storeRows<{ cards: string }>('SELECT cards FROM orders WHERE order_id = ?', [orderId])[0]?.cards ?? '[]') as {
      title: string;
      bought: boolean;
    }[];
    expect(cards.map((c) => [c.title, c.bought])).toEqual([['Linen three-seat sofa', true]]);
    // A reload of the thank-you page is the same order.
    await shopper.reload();
    await expect(shopper.getByRole('heading', { name: 'Thank you for your order' })).toBeVisible();
    await expect.poll(() => storeRows('SELECT order_id FROM orders WHERE order_id = ?', [orderId]).length).toBe(1);

    const owner = await (await browser.newContext()).newPage();
    await signInAsOwner(owner);
    await owner.getByRole('link', { name: 'Analytics' }).click();
    const row = owner.getByTestId('sales-per-consultant').locator('tbody tr').filter({ hasText: 'Olga' });
    await expect(row).toContainText('€2,190.00');
    await owner.screenshot({ path: screenshotPath('admin-sales'), fullPage: true });
    await expectAccessible(owner);
    // The CSV the owner downloads has the order.
    const csv = await owner.request.get(await owner.getByTestId('orders-csv').evaluate((a: HTMLAnchorElement) => a.href));
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toContain(`${orderId},`);
    await close();
  },
);
