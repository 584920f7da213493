import { expect, test, type Browser, type Page } from '@playwright/test';
import { callEvents, consultantRemote, expectFramesGrowing, readCallRow, shopperRemote, unbroken, watchStatuses } from '../../e2e/support.js';
import { Tally } from '../support/tally.js';
import { answer, closeAllContexts, consultantIn, consultantInOwnBrowser, expectPlayable, openCalls, ringing, shopperCalling } from './support/scene.js';

const tally = new Tally();
test.afterAll(() => void tally.flush());
test.afterEach(closeAllContexts);

/** Boris comes online after the fault; the shopper, still in line, is offered to him and he answers. */
async function borisAnswers(browser: Browser, shopper: Page): Promise<Page> {
  const boris = await consultantIn(browser, 1);
  await expect(ringing(boris)).toBeVisible({ timeout: 20_000 });
  await answer(boris);
  await expectFramesGrowing(shopperRemote(shopper));
  await expectFramesGrowing(consultantRemote(boris));
  return boris;
}

test("the consultant's browser is killed while their console rings: the ring moves on and the shopper is served by the next consultant", async ({
  browser,
}) => {
  const anna = await consultantInOwnBrowser(0);
  try {
    const shopper = await shopperCalling(browser);
    const statuses = await watchStatuses(shopper.page);
    await expect(ringing(anna.page)).toBeVisible();
    anna.kill();

    const boris = await borisAnswers(browser, shopper.page);
    const events = callEvents(shopper.callId);
    const served = events.at(-1) === 'answered:Boris' && unbroken(statuses);
    tally.count("consultant's browser killed mid-ring: shopper kept waiting, then served by another", { handled: served, lost: served ? 0 : 1 });
    expect(events).toEqual(expect.arrayContaining(['offered:Anna', 'offered:Boris', 'answered:Boris']));
    expect(unbroken(statuses)).toBe(true);
    await boris.getByRole('button', { name: 'Hang up' }).click();
    await expect.poll(() => readCallRow(shopper.callId)?.state).toBe('ended');
  } finally {
    await anna.browser.close().catch(() => undefined);
  }
});

test("the consultant's browser is killed mid-call: the shopper is told, put first in line, and served by the next consultant; the recording keeps both parts", async ({
  browser,
}) => {
  const anna = await consultantInOwnBrowser(0);
  try {
    const shopper = await shopperCalling(browser);
    await answer(anna.page);
    await expectFramesGrowing(shopperRemote(shopper.page));
    const statuses = await watchStatuses(shopper.page);
    await shopper.page.waitForTimeout(2000);
    anna.kill();

    // After the consultant's rejoin grace the shopper hears what happened and waits first in line.
    await expect(shopper.page.getByText('Your consultant was disconnected. You are first in line for the next one.').first()).toBeVisible({ timeout: 30_000 });
    const boris = await borisAnswers(browser, shopper.page);
    const events = callEvents(shopper.callId);
    const served = events.includes('answered:Anna') && events.at(-1) === 'answered:Boris' && unbroken(statuses);
    tally.count("consultant's browser killed mid-call: shopper told, requeued first, served by another", { handled: served, lost: served ? 0 : 1 });
    expect(events).toEqual(expect.arrayContaining(['answered:Anna', 'answered:Boris']));
    expect(unbroken(statuses)).toBe(true);

    await boris.getByRole('button', { name: 'Hang up' }).click();
    await expect.poll(() => readCallRow(shopper.callId)?.recording, { timeout: 30_000 }).not.toBe('recording');
    const seconds = expectPlayable(shopper.callId);
    tally.count("consultant's browser killed mid-call: recording finished, every file playable", { handled: seconds.every((s) => s > 0) });
    await expect.poll(() => openCalls(), { timeout: 20_000 }).toEqual([]);
  } finally {
    await anna.browser.close().catch(() => undefined);
  }
});
