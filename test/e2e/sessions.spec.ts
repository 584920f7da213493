import { expect, test } from '@playwright/test';
import { screenshotPath, serverUrl, signInAsAgent, signInAsOwner } from './support.js';

test.afterEach(async ({ browser }) => {
  for (const context of browser.contexts()) await context.close();
});

test(
  'the owner signs a consultant out everywhere: the open console shows the sign-in page, and its cookie no longer works',
  { tag: '@store' },
  async ({ browser }) => {
    const consultant = await (await browser.newContext()).newPage();
    const owner = await (await browser.newContext()).newPage();
    await signInAsAgent(consultant, 1);
    await signInAsOwner(owner);
    await owner.goto(`${serverUrl()}/console/admin/#/team`);
    const row = owner.locator('vitrina-admin-team tr', { hasText: 'boris@demo.shop' });
    await owner.screenshot({ path: screenshotPath('admin-team-sign-out-everywhere') });
    await row.getByRole('button', { name: 'Sign out everywhere' }).click();
    await expect(owner.getByText('Boris was signed out on every device.')).toBeVisible();

    // The console hears it at once, over its event stream.
    await expect(consultant.getByRole('button', { name: 'Sign in' })).toBeVisible();
    await expect(consultant.getByRole('alert')).toHaveText('The owner signed you out. Sign in again to take calls.');
    await consultant.screenshot({ path: screenshotPath('agent-console-signed-out-by-owner') });
    // Reloading does not bring the session back.
    await consultant.reload();
    await expect(consultant.getByRole('button', { name: 'Sign in' })).toBeVisible();
    expect((await consultant.request.get(`${serverUrl()}/api/auth/me`)).status()).toBe(401);

    // Signing out on one device signs the consultant out on the other one too.
    await signInAsAgent(consultant, 1);
    const phone = await (await browser.newContext()).newPage();
    await signInAsAgent(phone, 1);
    await phone.getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect(phone.getByRole('button', { name: 'Sign in' })).toBeVisible();
    await expect(consultant.getByRole('alert')).toHaveText('You signed out (on this or another device). Sign in again to take calls.');
  },
);

test('the owner reads in Activity what was done in the admin page, and by whom', { tag: '@store' }, async ({ browser }) => {
  const owner = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  await signInAsOwner(owner);
  await owner.goto(`${serverUrl()}/console/admin/#/team`);
  await owner.locator('vitrina-admin-team tr', { hasText: 'anna@demo.shop' }).getByRole('button', { name: 'Sign out everywhere' }).click();
  await owner.getByRole('link', { name: 'Activity' }).click();
  const newest = owner.getByTestId('audit-entry').first();
  await expect(newest).toContainText('Signed out everywhere: Anna <anna@demo.shop>');
  await expect(newest).toContainText('Olga (owner)');
  await owner.screenshot({ path: screenshotPath('admin-activity') });
  await owner.setViewportSize({ width: 390, height: 844 });
  await owner.screenshot({ path: screenshotPath('admin-activity-phone') });
});
