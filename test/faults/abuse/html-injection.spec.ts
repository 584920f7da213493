import { expect, test, type Page } from '@playwright/test';
import { DEMO_AGENTS } from '../../../server/accounts/demo-seed.js';
import type { CreateCallResponse } from '../../../server/contract/calls.js';
import { readCallRow, serverUrl, shopUrl, signInAsAgent } from '../../e2e/support.js';
import { closeAllContexts } from '../process/support/scene.js';
import { Tally } from '../support/tally.js';

const tally = new Tally();
test.afterAll(() => void tally.flush());
// The suite's browser outlives this file: a console left open here would be Anna's second console in the next test.
test.afterEach(closeAllContexts);

/**
 * What anyone on a shop page can type into the widget's fields or send to our API directly.
 * Each would set `window.__pwned` (or show bold text) if a console rendered it as markup.
 */
const PAYLOADS = {
  img: '<img src=x onerror="window.__pwned=1">',
  script: '<script>window.__pwned=1</script>',
  svg: '"><svg onload=window.__pwned=1>',
  markup: '<b>bold</b><a href="javascript:window.__pwned=1">link</a>',
  template: '${window.__pwned=1}{{constructor.constructor("window.__pwned=1")()}}',
  bidi: 'Anna\u202Egnp.exe\u202C \u200Bzero\u200Bwidth',
};
const HOSTILE_URL = 'https://shop.test/p?q="><img src=x onerror=window.__pwned=1>';

async function shopperApi(path: string, body: unknown, callKey?: string): Promise<Response> {
  return fetch(`${serverUrl()}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: shopUrl(), ...(callKey ? { Authorization: `Bearer ${callKey}` } : {}) },
    body: JSON.stringify(body),
  });
}

/**
 * Markup that only an injection could have put in the page: any element, in the document or
 * any open shadow root, carrying an inline handler, a javascript: link, or one of the payloads' tags.
 */
function injectedMarkup(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(`(() => {
    const found = [];
    const visit = (root) => {
      for (const el of root.querySelectorAll('*')) {
        for (const attr of el.getAttributeNames()) {
          if (attr.startsWith('on')) found.push(el.localName + '[' + attr + ']');
        }
        const href = el.getAttribute('href') || '';
        if (href.trim().toLowerCase().startsWith('javascript:')) found.push(el.localName + '[href=javascript:]');
        if (el.localName === 'img' && el.getAttribute('src') === 'x') found.push('img[src=x]');
        if (el.localName === 'b' && el.textContent === 'bold') found.push('b');
        if (el.localName === 'script' && (el.textContent || '').includes('__pwned')) found.push('script');
        if (el.shadowRoot) visit(el.shadowRoot);
      }
    };
    visit(document);
    if (window.__pwned !== undefined) found.push('window.__pwned');
    return found;
  })()`);
}

/** Each payload shows as the very text that was sent, and nothing in the page came from markup in it. */
async function expectRenderedAsText(page: Page, where: string, texts: string[]): Promise<void> {
  for (const text of texts) {
    const shown = page.getByText(text, { exact: false }).first();
    await expect(shown, `${where}: ${text}`).toBeVisible();
  }
  const injected = await injectedMarkup(page);
  const row = `hostile text rendered in the ${where} (checked in Chromium)`;
  texts.forEach(() => tally.count(row, { handled: injected.length === 0, lost: injected.length ? 1 : 0 }));
  expect(injected, `markup injected into the ${where}`).toEqual([]);
}

test('names, notes, page titles, chat and comments full of markup show as text in the console and the admin page', async ({ browser }) => {
  // A call-back request, straight to the API.
  const callback = await shopperApi('/api/callbacks', {
    name: PAYLOADS.img,
    email: 'eve@example.com',
    preferredTime: PAYLOADS.svg,
    note: `${PAYLOADS.script} ${PAYLOADS.bidi}`,
    page: { url: HOSTILE_URL, title: PAYLOADS.markup },
  });
  expect(callback.status).toBe(201);

  const consultant = await (await browser.newContext()).newPage();
  await signInAsAgent(consultant, 0);
  await expectRenderedAsText(consultant, "consultant's call-back list", [PAYLOADS.img, PAYLOADS.svg, PAYLOADS.script, PAYLOADS.markup]);

  // A call whose page title, address and product data are hostile; the consultant answers it.
  const product = { title: PAYLOADS.markup, url: HOSTILE_URL, price: '<b>€1</b>' };
  const created = await shopperApi('/api/calls', { page: { url: HOSTILE_URL, title: PAYLOADS.template, product } });
  expect(created.status).toBe(201);
  const call = (await created.json()) as CreateCallResponse;
  const ring = consultant.getByRole('alertdialog', { name: 'Incoming call' });
  await expect(ring).toBeVisible();
  await expectRenderedAsText(consultant, "consultant's ring", [PAYLOADS.template]);
  await ring.getByRole('button', { name: 'Accept' }).click();
  await expect.poll(() => readCallRow(call.callId)?.state).toBe('in-call');

  // The shopper chats in markup; the consultant sends a card with a hostile title.
  for (const text of [PAYLOADS.img, PAYLOADS.script, PAYLOADS.bidi]) {
    expect((await shopperApi(`/api/calls/${call.callId}/messages`, { text }, call.callKey)).status).toBe(201);
  }
  await consultant.getByText('Edit before sending').click();
  await consultant.getByLabel('Title').fill(PAYLOADS.svg);
  await consultant.getByLabel('Price').fill('<i>€ 1</i>');
  await consultant.getByLabel('Product link').fill(`${shopUrl()}/products/linen-sofa.html`);
  await consultant.getByRole('button', { name: 'Send card' }).click();
  await expectRenderedAsText(consultant, "consultant's call and chat", [
    PAYLOADS.template,
    HOSTILE_URL,
    PAYLOADS.img,
    PAYLOADS.script,
    PAYLOADS.svg,
    PAYLOADS.markup,
  ]);
  await consultant.getByRole('button', { name: 'Hang up' }).click();
  // The console leaves the room before the server ends the call: a rating is taken once it has (409 until then).
  await expect.poll(async () => (await shopperApi(`/api/calls/${call.callId}/rating`, { rating: 1, comment: PAYLOADS.markup }, call.callKey)).status).toBe(204);

  // The owner reviews the call.
  const owner = await (await browser.newContext()).newPage();
  await owner.goto(`${serverUrl()}/console/admin/`);
  await owner.getByLabel('E-mail').fill(DEMO_AGENTS[2].email);
  await owner.getByLabel('Password').fill(DEMO_AGENTS[2].password);
  await owner.getByRole('button', { name: 'Sign in' }).click();
  await expect(owner.locator(`tr[data-call-id="${call.callId}"]`)).toBeVisible();
  await expectRenderedAsText(owner, 'admin call list', [PAYLOADS.template]);
  await owner.locator(`tr[data-call-id="${call.callId}"] a`).click();
  await expectRenderedAsText(owner, 'admin call review', [PAYLOADS.template, PAYLOADS.img, PAYLOADS.script, PAYLOADS.svg, PAYLOADS.markup]);
});
