import { expect, test, type Page } from '@playwright/test';
import {
  callEvents,
  consultantRemote,
  expectAccessible,
  expectFramesGrowing,
  PRODUCT_TITLES,
  queuedCallId,
  readCallRow,
  screenshotPath,
  shopperRemote,
  shopUrl,
  signInAsAgent,
} from './support.js';

// A failed test must not leave a shopper waiting or a consultant available for the next one.
test.afterEach(async ({ browser }) => {
  for (const context of browser.contexts()) await context.close();
});

/** Counts the page's calls to getUserMedia (the widget lives in the shop's own document, the console in its page). */
async function countDeviceRequests(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const devices = navigator.mediaDevices;
    const native = devices.getUserMedia.bind(devices);
    const w = window as unknown as { __vitrinaGum: number };
    w.__vitrinaGum = 0;
    devices.getUserMedia = (constraints) => {
      w.__vitrinaGum += 1;
      return native(constraints);
    };
  });
}
const deviceRequests = (page: Page) => page.evaluate(() => (window as unknown as { __vitrinaGum: number }).__vitrinaGum);

test('a shopper who would rather type: a chat call, a line each, then video when both want it, and faces both ways', async ({ browser }) => {
  const agentContext = await browser.newContext();
  const shopperContext = await browser.newContext();
  const agent = await agentContext.newPage();
  const shopper = await shopperContext.newPage();
  await countDeviceRequests(agent);
  await countDeviceRequests(shopper);
  await signInAsAgent(agent, 1);
  await shopper.goto(`${shopUrl()}/products/reading-chair.html`);
  const callIdPromise = queuedCallId(shopper);

  await shopper.getByRole('button', { name: 'Video call a consultant' }).click();
  await shopper.getByRole('button', { name: 'Chat by text instead' }).click();

  // The consultant is told it is a chat before answering; this shopper's ring only (by its page).
  const ring = agent.getByRole('alertdialog', { name: 'Incoming call' }).filter({ hasText: PRODUCT_TITLES['reading-chair'] });
  await expect(ring.getByRole('heading', { name: 'Incoming chat' })).toBeVisible();
  // A video call an earlier test left in line may have rung this console first: counted from this ring on.
  const agentRequestsBefore = await deviceRequests(agent);
  await ring.getByRole('button', { name: 'Accept' }).click();
  const callId = await callIdPromise;

  // Answered: the conversation is each side's main view, no picture, and no device was asked for.
  const shopperChat = shopper.getByRole('region', { name: 'Text chat with the consultant' });
  await expect(shopperChat).toBeVisible();
  await expect(shopper.locator('vitrina-call-panel vitrina-call-stage')).toHaveCount(0);
  await expect(agent.getByTestId('call-kind')).toHaveText('Text chat');
  await expect(agent.locator('vitrina-agent-console vitrina-call-stage')).toHaveCount(0);
  expect(await deviceRequests(shopper), "the shopper's camera and microphone were never asked for").toBe(0);
  expect(await deviceRequests(agent), "nor the consultant's").toBe(agentRequestsBefore);

  // A line each, through our server.
  await shopperChat.getByRole('textbox', { name: 'Write a message' }).fill('Does the chair come in walnut?');
  await shopperChat.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(agent.getByRole('log', { name: 'Messages' })).toContainText('Does the chair come in walnut?');
  await agent.getByRole('textbox', { name: 'Message to the shopper' }).fill('It does. Shall I show you on camera?');
  await agent.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(shopperChat.getByRole('log', { name: 'Messages' })).toContainText('It does. Shall I show you on camera?');
  await shopper.screenshot({ path: screenshotPath('shopper-chat-call') });
  await agent.screenshot({ path: screenshotPath('agent-chat-call') });
  await expectAccessible(shopper, 'vitrina-call-button');
  await expectAccessible(agent);

  // The consultant asks for video; the shopper is asked, and accepts.
  await agent.getByRole('button', { name: 'Switch to video' }).click();
  await expect(agent.getByTestId('video-asked')).toHaveText('Waiting for the shopper to agree to video…');
  const offer = shopper.getByRole('group', { name: 'The consultant asks to switch to video' });
  await expect(offer).toBeVisible();
  await expectAccessible(shopper, 'vitrina-call-button');
  await offer.getByRole('button', { name: 'Accept', exact: true }).click();

  // Both start camera and microphone, and each really receives the other's video.
  await expectFramesGrowing(shopperRemote(shopper));
  await expectFramesGrowing(consultantRemote(agent));
  expect(await deviceRequests(shopper)).toBeGreaterThan(0);
  expect(await deviceRequests(agent)).toBeGreaterThan(0);
  await expect(agent.getByTestId('call-kind')).toHaveText('Chat, now on video');
  // What was typed stays in view on both sides.
  await expect(shopper.getByRole('log', { name: 'Messages' })).toContainText('It does. Shall I show you on camera?');
  await expect(agent.getByRole('log', { name: 'Messages' })).toContainText('Does the chair come in walnut?');
  await shopper.screenshot({ path: screenshotPath('shopper-chat-to-video') });

  // Stored as a chat that became video, each step with who took it.
  const row = readCallRow(callId);
  expect(row?.kind).toBe('chat');
  expect(row?.video_since).not.toBeNull();
  const events = callEvents(callId);
  expect(events).toContain('video-asked:Boris');
  expect(events.some((e) => e.startsWith('video-started'))).toBe(true);

  await agent.getByRole('button', { name: 'Hang up' }).click();
  await expect(agent.getByTestId('call-ended')).toBeVisible();
  await Promise.all([agentContext.close(), shopperContext.close()]);
});
