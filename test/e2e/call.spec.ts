import { expect, test } from '@playwright/test';
import { expectFramesGrowing, expectLiveAudio, readCallRow, shopUrl, signInAsAgent } from './support.js';

test('a shopper on a product page and a consultant see and hear each other, then hang up', async ({ browser }) => {
  const agentContext = await browser.newContext();
  const shopperContext = await browser.newContext();
  const agent = await agentContext.newPage();
  const shopper = await shopperContext.newPage();

  await signInAsAgent(agent);

  await shopper.goto(`${shopUrl()}/products/reading-chair.html`);
  const callStatus = shopper.evaluate(
    () =>
      new Promise<string>((resolve) =>
        document.addEventListener('vitrina-call-status', (e) => {
          if (e.detail.status === 'queued' && e.detail.callId) resolve(e.detail.callId);
        }),
      ),
  );
  await shopper.getByRole('button', { name: 'Video call a consultant' }).click();
  await expect(shopper.getByText('Waiting for a consultant…').first()).toBeVisible();
  const callId = await callStatus;

  // The ring shows which page the shopper called from.
  const ring = agent.getByRole('alertdialog', { name: 'Incoming call' });
  await expect(ring).toBeVisible();
  await expect(agent.getByTestId('call-page-title')).toHaveText('Ash reading chair — Oak & Linen');
  await expect(ring.getByRole('link')).toHaveText(`${shopUrl()}/products/reading-chair.html`);
  await ring.getByRole('button', { name: 'Accept' }).click();

  await expectFramesGrowing(shopper.locator('vitrina-call-panel vitrina-media-view.remote video'));
  await expectFramesGrowing(agent.locator('vitrina-agent-console vitrina-media-view.remote video'));
  await expectLiveAudio(shopper.locator('vitrina-call-panel vitrina-media-view[kind=audio] audio'));
  await expectLiveAudio(agent.locator('vitrina-agent-console vitrina-media-view[kind=audio] audio'));

  await shopper.getByRole('button', { name: 'Hang up' }).click();
  await expect(shopper.getByText('The call has ended.').first()).toBeVisible();
  await expect(agent.getByTestId('call-ended')).toContainText('The call has ended.');

  await expect.poll(() => readCallRow(callId)?.state).toBe('ended');
  const row = readCallRow(callId);
  expect(row?.answered_at).toEqual(expect.any(Number));
  expect(row?.ended_at).toEqual(expect.any(Number));
  expect(row?.end_reason).toBe('shopper-hung-up');
  expect(row?.page_title).toBe('Ash reading chair — Oak & Linen');

  await agentContext.close();
  await shopperContext.close();
});
