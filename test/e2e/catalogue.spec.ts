import { expect, test } from '@playwright/test';
import { answeredCall, expectAccessible, screenshotPath, shopUrl, signInAsOwner } from './support.js';

test.afterEach(async ({ browser }) => {
  for (const context of browser.contexts()) await context.close();
});

test("the consultant finds a product of the shop's feed by name and sends it: the shopper's card has the feed's price and link", async ({ browser }) => {
  // The owner uploads the shop's feed in the admin page.
  const owner = await (await browser.newContext()).newPage();
  await signInAsOwner(owner);
  await owner.getByRole('link', { name: 'Settings' }).click();
  const card = owner.getByTestId('catalogue-settings');
  const feed = [
    'sku;name;price;currency;link;image',
    `lamp-brass-02;Brass reading lamp;189;EUR;${shopUrl()}/products/reading-chair.html?lamp=1;${shopUrl()}/images/reading-chair.svg`,
    `chair-ash-01;Ash reading chair;640;EUR;${shopUrl()}/products/reading-chair.html;`,
  ].join('\n');
  await card.locator('input[type=file]').setInputFiles({ name: 'feed.csv', mimeType: 'text/csv', buffer: Buffer.from(feed) });
  await expect(card.getByTestId('catalogue-status')).toContainText('2 products');
  await owner.screenshot({ path: screenshotPath('admin-catalogue'), fullPage: true });

  const { agent, shopper, close } = await answeredCall(browser, { agent: 1 });
  const search = agent.getByTestId('catalogue-search');
  await search.getByRole('searchbox', { name: 'Find in the catalogue' }).fill('brass lamp');
  const result = search.getByRole('listitem').filter({ hasText: 'Brass reading lamp' });
  await expect(result).toContainText('€189');
  await result.getByRole('button', { name: 'Send' }).click();
  await expect(result.getByRole('button', { name: 'Sent ✓' })).toBeDisabled();

  const sent = shopper.getByRole('article', { name: 'Brass reading lamp' });
  await expect(sent).toContainText('€189');
  await expect(sent.getByRole('link').first()).toHaveAttribute('href', `${shopUrl()}/products/reading-chair.html?lamp=1`);
  await agent.screenshot({ path: screenshotPath('console-catalogue') });
  await expectAccessible(agent);
  await close();
});
