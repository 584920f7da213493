import { BUTTON, expect, FORM, inForm, inPanel, PANEL, test } from './support.js';

const PRODUCT = '/products/reading-chair.html';

test('no WebRTC (this engine as it is), a consultant online: the button offers a call-back, the panel says why and takes one; nothing offers a call', async ({
  shopper,
  desk,
}) => {
  await desk();
  await shopper.open(PRODUCT);
  await expect.poll(() => shopper.text(BUTTON)).toBe('Request a call back');
  await shopper.click(BUTTON);
  await expect.poll(() => shopper.text(inPanel('[data-testid=no-video-calls]'))).toBe('This browser cannot make video calls.');
  const panel = await shopper.text(PANEL);
  expect(panel).toContain('To talk on video, open this page in an up-to-date Chrome, Safari, Firefox or Edge.');
  expect(panel).toContain('Leave your number and we will call you back.');
  for (const action of ['call-first', 'call-again', 'check-devices']) expect(await shopper.find(inPanel(`[data-action=${action}]`))).toBeNull();
  expect(await shopper.find(inPanel('button.consultant'))).toBeNull();
  // The form is live: focus and typing reach it.
  await shopper.type(inForm('input[name=name]'), 'Ada');
  expect(await shopper.prop(inForm('input[name=name]'), 'value')).toBe('Ada');
  expect(await shopper.text(inForm('button[part=submit]'))).toBe('Send');
  expect(await shopper.find(FORM)).not.toBeNull();
});

test("Safari's path: the lobby shows the live queue, a consultant online and then nobody", async ({ shopper, desk }) => {
  const anna = await desk();
  await shopper.open(PRODUCT);
  await expect.poll(() => shopper.find(BUTTON)).not.toBeNull();
  await shopper.pretendWebRTC();
  await expect.poll(() => shopper.text(BUTTON)).toBe('Video call a consultant');
  await shopper.click(BUTTON);
  await expect.poll(() => shopper.text(inPanel('.online'))).toBe('1 consultant free now');
  expect(await shopper.text(inPanel('[data-action=call-first]'))).toBe('Call the first available consultant');
  expect(await shopper.text(inPanel('button.consultant'))).toBe('A Anna EN · RU Available');
  expect(await shopper.find(inPanel('[data-testid=no-video-calls]'))).toBeNull();

  // Nobody at a desk any more: reopened, the panel asks afresh and offers the call-back form instead.
  await anna.leave();
  await shopper.click(inPanel('[data-action=close]'));
  await expect.poll(() => shopper.prop(BUTTON, 'hidden')).toBe(false);
  await shopper.click(BUTTON);
  await expect.poll(() => shopper.text(inPanel('.lead'))).toBe('All our consultants are away right now.');
  expect(await shopper.find(inPanel('[data-action=call-first]'))).toBeNull();
  expect(await shopper.find(inForm('input[name=phone]'))).not.toBeNull();
});
