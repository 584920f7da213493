import { expect, test } from '@playwright/test';
import { answeredCall, expectAccessible, screenshotPath, shopUrl, signInAsOwner } from './support.js';

test.afterEach(async ({ browser }) => {
  for (const context of browser.contexts()) await context.close();
});

test("the consultant finds a product of the shop's feed by name and sends it: the shopper's card has the feed's price and link", async ({ browser }) => {
  // The demo shop publishes a YML feed, and the demo points the catalogue at it: the owner imports it now.
  const owner = await (await browser.newContext()).newPage();
  await signInAsOwner(owner);
  await owner.getByRole('link', { name: 'Settings' }).click();
  const card = owner.getByTestId('catalogue-settings');
  await expect(card.getByLabel('Feed address')).toHaveValue(`${shopUrl()}/feed.xml`);
  await card.getByRole('button', { name: 'Import now' }).click();
  await expect(card.getByTestId('catalogue-status')).toContainText('5 products');
  await owner.screenshot({ path: screenshotPath('admin-catalogue'), fullPage: true });

  const { agent, shopper, close } = await answeredCall(browser, { agent: 1 });
  const search = agent.getByTestId('catalogue-search');
  await search.getByRole('searchbox', { name: 'Find in the catalogue' }).fill('chair grey');
  const result = search.getByRole('listitem').filter({ hasText: 'Ash reading chair, storm grey wool' });
  await expect(result).toContainText('€660');
  await result.getByRole('button', { name: 'Send' }).click();
  await expect(result.getByRole('button', { name: 'Sent ✓' })).toBeDisabled();

  const sent = shopper.getByRole('article', { name: 'Ash reading chair, storm grey wool' });
  await expect(sent).toContainText('€660');
  await expect(sent.getByRole('link').first()).toHaveAttribute('href', `${shopUrl()}/products/reading-chair.html?fabric=grey`);
  await agent.screenshot({ path: screenshotPath('console-catalogue') });
  await expectAccessible(agent);
  await close();
});
