import type { CallbackRequest } from '../../../server/contract/queue.js';
import { shopUrl } from '../support.js';
import { BUTTON, Desk, expect, FORM, inForm, inPanel, test } from './support.js';

const SUBMIT = inForm('button[part=submit]');
const field = (name: string) => inForm(`[name=${name}]`);

test("nobody online: the call-back form's fields, an error at each bad field, and a request that reaches the consultants", async ({ shopper }) => {
  await shopper.open('/products/reading-chair.html');
  await expect.poll(() => shopper.text(BUTTON)).toBe('Request a call back');
  await shopper.click(BUTTON);
  await expect.poll(() => shopper.text(inPanel('.lead'))).toBe('All our consultants are away right now.');
  const form = await shopper.text(FORM);
  for (const label of ['Your name', 'Phone', 'E-mail', 'When suits you', 'What is it about?']) expect(form).toContain(label);
  for (const name of ['name', 'phone', 'email', 'preferredTime', 'note']) expect(await shopper.find(field(name)), name).not.toBeNull();

  // Checked in the widget: every wrong field at once, each error next to its field and tied to it.
  await shopper.click(SUBMIT);
  await expect.poll(() => shopper.text(inForm('#err-name'))).toBe('Enter your name, so the consultant knows whom to ask for.');
  expect(await shopper.session.execute(`return arguments[0].getAttribute('aria-describedby')`, await shopper.element(field('name')))).toBe('err-name');
  expect(await shopper.text(inForm('#err-phone'))).toBe('Give a phone number or an e-mail address.');
  await shopper.type(field('name'), 'Ada WebKit');
  await shopper.type(field('phone'), 'call me');
  await shopper.click(SUBMIT);
  await expect.poll(() => shopper.text(inForm('#err-phone'))).toBe('This does not look like a phone number: use digits, e.g. +44 20 7946 0018.');
  expect(await shopper.find(inForm('#err-name'))).toBeNull();

  // Checked by the server, which is stricter than the browser ("ada@webkit" has no dot): its verdict lands at the field.
  await shopper.clear(field('phone'));
  await shopper.type(field('email'), 'ada@webkit');
  await shopper.click(SUBMIT);
  await expect.poll(() => shopper.text(inForm('#err-email'))).toBe('This e-mail address looks incomplete, e.g. name@example.com.');
  await shopper.screenshot('callback-error');

  await shopper.clear(field('email'));
  await shopper.type(field('email'), 'ada@webkit.test');
  await shopper.type(field('preferredTime'), 'after 6 pm');
  await shopper.type(field('note'), 'Which fabric for the chair?');
  await shopper.click(SUBMIT);
  await expect.poll(() => shopper.text(FORM)).toBe('Thank you! We will get back to you.');
  await shopper.screenshot('callback-sent');

  // What the consultants' list shows.
  const desk = await Desk.open();
  try {
    const res = await desk.get('/api/agent/callbacks');
    expect(res.status).toBe(200);
    const sent = ((await res.json()) as CallbackRequest[]).find((c) => c.name === 'Ada WebKit');
    expect(sent).toMatchObject({
      email: 'ada@webkit.test',
      preferredTime: 'after 6 pm',
      note: 'Which fabric for the chair?',
      language: 'en',
      page: { url: `${shopUrl()}/products/reading-chair.html`, title: 'Ash reading chair — Oak & Linen', productId: 'chair-ash-01' },
    });
    expect(sent?.phone).toBeUndefined();
  } finally {
    await desk.leave();
  }
});
