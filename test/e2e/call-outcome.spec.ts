import { expect, test } from '@playwright/test';
import { answeredCall, callFirstAvailable, expectAccessible, queuedCallId, readCallRow, screenshotPath, shopUrl, signInAsOwner } from './support.js';

// A failed test must not leave a shopper waiting or a consultant available for the next one.
test.afterEach(async ({ browser }) => {
  for (const context of browser.contexts()) await context.close();
});

const NOTE = 'Wants the grey one; call back on Friday.';

test('after the call the consultant says how it went, and the owner sees it in the call list and the review', { tag: '@store' }, async ({ browser }) => {
  const { agent, shopper, callId, close } = await answeredCall(browser, { agent: 1 });
  await agent.getByRole('button', { name: 'Hang up' }).click();
  await expect(shopper.getByText('The call has ended.').first()).toBeVisible();
  await expect(agent.getByTestId('call-ended')).toContainText('The call has ended.');

  // The Hang up button went with the call: the keyboard lands on the first choice.
  const asked = agent.getByRole('group', { name: 'How did it go?' });
  await expect(asked.getByRole('radio', { name: 'Sold' })).toBeFocused();
  await expectAccessible(agent);
  await asked.getByRole('radio', { name: 'Follow-up' }).check();
  await agent.getByLabel('Note for the owner (optional)').fill(`  ${NOTE}  `);
  await agent.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(agent.getByTestId('outcome-saved')).toHaveText('Saved');
  await agent.screenshot({ path: screenshotPath('agent-call-outcome') });

  // Changed: not saved until saved again.
  await asked.getByRole('radio', { name: 'Sold' }).check();
  await expect(agent.getByTestId('outcome-saved')).toHaveText('');
  await agent.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(agent.getByTestId('outcome-saved')).toHaveText('Saved');
  await expect.poll(() => [readCallRow(callId)?.agent_outcome, readCallRow(callId)?.agent_note]).toEqual(['sold', NOTE]);

  await agent.getByRole('button', { name: 'Next' }).click();
  await expect(asked).toHaveCount(0);
  await expect(agent.getByText('Waiting for shoppers. A call will ring here.')).toBeVisible();

  const owner = await (await browser.newContext()).newPage();
  await signInAsOwner(owner);
  await owner.getByLabel('Consultant').selectOption({ label: 'Boris' });
  const row = owner.locator(`tr[data-call-id="${callId}"]`);
  await expect(row.getByTestId('agent-outcome')).toContainText('Sold');
  await expect(row.getByTestId('agent-outcome')).toContainText(NOTE);
  await expectAccessible(owner);
  await row.getByRole('link').click();
  await expect(owner.getByTestId('agent-outcome')).toHaveText('Sold');
  await expect(owner.getByTestId('agent-note')).toHaveText(NOTE);
  await owner.screenshot({ path: screenshotPath('admin-call-outcome') });
  await expectAccessible(owner);
  await close();
});

test('when the shopper hangs up the consultant is asked too, and the next ring is never held up by the question', async ({ browser }) => {
  const { agent, shopper, callId, close } = await answeredCall(browser, { agent: 1 });
  await shopper.getByRole('button', { name: 'Hang up' }).click();
  await expect(agent.getByTestId('call-ended')).toContainText('The call has ended.');
  const asked = agent.getByRole('group', { name: 'How did it go?' });
  await expect(asked).toBeVisible();

  // Left unanswered: the next shopper rings through at once, and the question is gone with the last call.
  const next = await shopper.context().newPage();
  await next.goto(`${shopUrl()}/products/reading-chair.html`);
  const nextCallId = queuedCallId(next);
  await callFirstAvailable(next);
  await expect(agent.getByRole('alertdialog', { name: 'Incoming call' })).toContainText('Ash reading chair — Oak & Linen');
  await expect(asked).toHaveCount(0);
  await agent.getByRole('button', { name: 'Accept' }).click();
  await expect(agent.getByRole('button', { name: 'Hang up' })).toBeVisible();
  expect(await nextCallId).not.toBe(callId);
  expect(readCallRow(callId)?.agent_outcome).toBeNull();
  await agent.getByRole('button', { name: 'Hang up' }).click();
  await expect(agent.getByRole('group', { name: 'How did it go?' })).toBeVisible();
  await close();
});
