import { test } from '@playwright/test';
import { answeredCall, screenshotPath } from './support.js';

test('desktop in-call screenshots', async ({ browser }) => {
  const { agent, shopper, close } = await answeredCall(browser, { agent: 0 });
  await agent.setViewportSize({ width: 1366, height: 768 });
  await shopper.getByRole('button', { name: 'Chat' }).click();
  await shopper.getByRole('textbox', { name: 'Write a message' }).fill('Is there a grey one?');
  await shopper.getByRole('button', { name: 'Send', exact: true }).click();
  await agent.waitForTimeout(1500);
  await agent.screenshot({ path: screenshotPath('tmp-console-1366-in-call') });
  await agent.getByRole('combobox', { name: 'Language · Язык' }).selectOption('ru');
  await agent.waitForTimeout(500);
  await agent.screenshot({ path: screenshotPath('tmp-console-1366-in-call-ru') });
  await agent.getByRole('combobox', { name: 'Language · Язык' }).selectOption('en');
  await close();
});
