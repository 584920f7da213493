import { expect, request, test, type Browser, type Page } from '@playwright/test';
import { DEMO_AGENTS } from '../../server/accounts/demo-seed.js';
import type { WorkingHours } from '../../server/contract/queue.js';
import {
  callEvents,
  callFirstAvailable,
  expectFramesGrowing,
  queuedCallId,
  screenshotPath,
  serverUrl,
  shopUrl,
  signInAsAgent,
  watchStatuses,
} from './support.js';

const ANNA = 0;
const BORIS = 1;
const OWNER = 2;

/** A console page signed in and available; closing its context takes the consultant offline. */
async function consultant(browser: Browser, which: 0 | 1): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAsAgent(page, which);
  return {
    page,
    close: async () => {
      await page
        .getByRole('button', { name: 'Go away' })
        .click()
        .catch(() => undefined);
      await context.close();
    },
  };
}

async function shopperOn(browser: Browser, product = 'reading-chair'): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${shopUrl()}/products/${product}.html`);
  return page;
}

/** The owner's API, the way the admin page will use it. */
async function setHours(hours: WorkingHours): Promise<void> {
  const api = await request.newContext({ baseURL: serverUrl() });
  const owner = DEMO_AGENTS[OWNER];
  expect((await api.post('/api/auth/login', { data: { email: owner.email, password: owner.password } })).status()).toBe(200);
  expect((await api.put('/api/admin/hours', { data: hours })).status()).toBe(200);
  await api.dispose();
}

// A failed test must not leave a shopper waiting or a consultant available for the next one.
test.afterEach(async ({ browser }) => {
  for (const context of browser.contexts()) await context.close();
});

const ringOf = (page: Page) => page.getByRole('alertdialog', { name: 'Incoming call' });

test('a shopper who chooses Boris reaches Boris, although Anna is idle', async ({ browser }) => {
  const anna = await consultant(browser, ANNA);
  const boris = await consultant(browser, BORIS);
  const shopper = await shopperOn(browser);

  await shopper.getByRole('button', { name: 'Video call a consultant' }).click();
  // Anna may still be held by a ring an earlier test left; Boris is free.
  await expect(shopper.getByTestId('availability')).toContainText(/consultants? free now/);
  // His card, not the "Chat by text with Boris" beside it.
  const borisCard = shopper.getByRole('button', { name: /^Boris/ });
  await expect(borisCard).toContainText('Available');
  await shopper.screenshot({ path: screenshotPath('shopper-lobby-choose') });
  const callId = queuedCallId(shopper);
  await borisCard.click();

  await expect(ringOf(boris.page)).toBeVisible();
  await expect(ringOf(boris.page)).toContainText('asked for you by name');
  await expect(anna.page.getByText('Waiting for shoppers.')).toBeVisible();
  await ringOf(boris.page).getByRole('button', { name: 'Accept' }).click();
  await expectFramesGrowing(shopper.locator('vitrina-call-panel vitrina-media-view.remote video'));
  await expectFramesGrowing(boris.page.locator('vitrina-agent-console vitrina-media-view.remote video'));
  await expect(anna.page.getByRole('alertdialog')).toHaveCount(0);
  await boris.page.getByRole('button', { name: 'Transfer…' }).click();
  await boris.page.getByRole('dialog', { name: 'Transfer the call' }).waitFor();
  await boris.page.screenshot({ path: screenshotPath('console-transfer-menu') });
  await boris.page.getByRole('button', { name: 'Cancel' }).click();
  expect(callEvents(await callId)).toEqual(['created:Boris', 'offered:Boris', 'answered:Boris']);

  // The shopper's browser remembers whom they talked to, and offers them next time.
  await shopper.getByRole('button', { name: 'Hang up' }).click();
  await shopper.getByRole('button', { name: 'Close' }).first().click();
  await shopper.getByRole('button', { name: 'Video call a consultant' }).click();
  await expect(shopper.getByRole('button', { name: 'Call Boris again' })).toBeVisible();
  await shopper.screenshot({ path: screenshotPath('shopper-lobby-call-again') });

  await boris.page.getByRole('button', { name: 'Next' }).click();
  await Promise.all([anna.close(), boris.close(), shopper.context().close()]);
});

test('a ring nobody answers moves on to the second consultant', async ({ browser }) => {
  const anna = await consultant(browser, ANNA);
  const boris = await consultant(browser, BORIS);
  const shopper = await shopperOn(browser, 'linen-sofa');
  const callId = queuedCallId(shopper);
  await callFirstAvailable(shopper);
  const id = await callId;

  // Whoever rings first lets it ring out (10 s in this stack); then it rings the other.
  await expect.poll(async () => (await ringOf(anna.page).isVisible()) || (await ringOf(boris.page).isVisible())).toBe(true);
  const first = (await ringOf(anna.page).isVisible()) ? anna : boris;
  const second = first === anna ? boris : anna;
  await expect(ringOf(second.page)).toBeVisible({ timeout: 12_000 });
  await expect(ringOf(first.page)).toHaveCount(0);
  await ringOf(second.page).getByRole('button', { name: 'Accept' }).click();
  await expectFramesGrowing(shopper.locator('vitrina-call-panel vitrina-media-view.remote video'));

  const [firstName, secondName] = first === anna ? ['Anna', 'Boris'] : ['Boris', 'Anna'];
  expect(callEvents(id)).toEqual(['created', `offered:${firstName}`, `missed:${firstName}`, `offered:${secondName}`, `answered:${secondName}`]);
  await shopper.getByRole('button', { name: 'Hang up' }).click();
  await Promise.all([anna.close(), boris.close(), shopper.context().close()]);
});

test('outside working hours the shopper gets a call-back form, and the request reaches the console', { tag: '@store' }, async ({ browser }) => {
  const anna = await consultant(browser, ANNA);
  const empty = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
  await setHours({ timeZone: 'Europe/Berlin', week: { ...empty, mon: [{ from: '09:00', to: '09:01' }] }, holidays: [] });
  try {
    const shopper = await shopperOn(browser, 'linen-sofa');
    await shopper.getByRole('button', { name: 'Request a call back' }).click();
    await expect(shopper.getByText('Our consultants are not available right now.')).toBeVisible();
    await expect(shopper.getByText(/We are back Monday/)).toBeVisible();
    await shopper.getByRole('button', { name: 'Send' }).click();
    // Both problems at once, each at its field.
    await expect(shopper.getByLabel('Your name')).toHaveAccessibleDescription('Enter your name, so the consultant knows whom to ask for.');
    await expect(shopper.getByLabel('Phone')).toHaveAccessibleDescription('Give a phone number or an e-mail address.');
    await shopper.screenshot({ path: screenshotPath('shopper-callback-errors') });
    await shopper.getByLabel('Your name').fill('Mia Park');
    await shopper.getByLabel('Phone').fill('+49 30 555 0101');
    await shopper.getByLabel('When suits you').fill('weekdays after 18:00');
    await shopper.getByLabel('What is it about?').fill('Does the sofa come in green?');
    await shopper.screenshot({ path: screenshotPath('shopper-callback-form') });
    await shopper.getByRole('button', { name: 'Send' }).click();
    await expect(shopper.getByText('Thank you! We will get back to you.')).toBeVisible();

    const request = anna.page.getByTestId('callback').filter({ hasText: 'Mia Park' });
    await expect(request).toContainText('+49 30 555 0101');
    await expect(request).toContainText('Does the sofa come in green?');
    await expect(request.getByRole('link', { name: /Linen three-seat sofa/ })).toBeVisible();
    await anna.page.screenshot({ path: screenshotPath('console-callbacks') });
    await request.getByRole('button', { name: 'Done' }).click();
    await expect(request).toHaveCount(0);
    await shopper.context().close();
  } finally {
    await setHours({ timeZone: 'UTC', week: null, holidays: [] });
    await anna.close();
  }
});

test('a server restart while a shopper waits keeps them waiting, and the call still connects', { tag: '@store' }, async ({ browser }) => {
  const anna = await consultant(browser, ANNA);
  const shopper = await shopperOn(browser);
  const statuses = await watchStatuses(shopper);
  const callId = queuedCallId(shopper);
  await callFirstAvailable(shopper);
  const id = await callId;

  // Anna turns the first ring down, so the shopper waits in line (she is asked again after a cool-down).
  await ringOf(anna.page).getByRole('button', { name: 'Decline' }).click();
  await expect(shopper.getByTestId('position')).toHaveText('You are next in line.');
  await shopper.screenshot({ path: screenshotPath('shopper-waiting-in-line') });
  const restarted = await fetch(`${process.env.E2E_CONTROL_URL}/restart-server`, { method: 'POST' });
  expect(restarted.status).toBe(204);

  // Nobody reloads anything: the console and the widget reconnect by themselves, and Anna is rung again.
  await expect(ringOf(anna.page)).toBeVisible({ timeout: 20_000 });
  await expect(shopper.getByTestId('position').or(shopper.getByText('Calling a consultant…').first())).toBeVisible();
  await ringOf(anna.page).getByRole('button', { name: 'Accept' }).click();
  await expectFramesGrowing(shopper.locator('vitrina-call-panel vitrina-media-view.remote video'));
  await expectFramesGrowing(anna.page.locator('vitrina-agent-console vitrina-media-view.remote video'));
  expect(statuses).not.toContain('failed');
  expect(statuses).not.toContain('ended');
  expect(callEvents(id)).toEqual(['created', 'offered:Anna', 'declined:Anna', 'offered:Anna', 'answered:Anna']);
  await shopper.getByRole('button', { name: 'Hang up' }).click();
  await Promise.all([anna.close(), shopper.context().close()]);
});

test("the demo shop's Russian page: the widget speaks Russian, and the consultant sees that page", async ({ browser }) => {
  const anna = await consultant(browser, 0);
  const context = await browser.newContext();
  const shopper = await context.newPage();
  await shopper.goto(`${shopUrl()}/ru/products/reading-chair.html`);
  await shopper.getByRole('button', { name: 'Видеозвонок консультанту' }).click();
  await expect(shopper.getByText(/консультант\S* свобод/)).toBeVisible();
  await shopper.screenshot({ path: screenshotPath('shopper-lobby-ru') });
  await shopper.getByRole('button', { name: 'Позвонить первому свободному' }).click();
  await expect(ringOf(anna.page).getByTestId('call-page-title')).toHaveText('Кресло для чтения из ясеня — Oak & Linen');
  await shopper.getByRole('button', { name: 'Выйти из очереди' }).click();
  await expect(shopper.getByText('Вы вышли из очереди.').first()).toBeVisible();
  await Promise.all([anna.close(), context.close()]);
});
