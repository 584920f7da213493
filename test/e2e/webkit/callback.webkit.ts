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

  // Checked in the widget: the name, then a way to reach the shopper; each error next to its field and tied to it.
  await shopper.click(SUBMIT);
  await expect.poll(() => shopper.text(inForm('#err-name'))).toBe('Your name');
  expect(await shopper.session.execute(`return arguments[0].getAttribute('aria-describedby')`, await shopper.element(field('name')))).toBe('err-name');
  await shopper.type(field('name'), 'Ada WebKit');
  await shopper.click(SUBMIT);
  await expect.poll(() => shopper.text(inForm('#err-phone'))).toBe('Give a phone number or an e-mail address.');
  expect(await shopper.find(inForm('#err-name'))).toBeNull();

  // Checked by the server: its message lands at the field it names.
  await shopper.type(field('phone'), 'call me');
  await shopper.click(SUBMIT);
  await expect.poll(() => shopper.text(inForm('#err-phone'))).toBe('phone: must be a phone number');
  await shopper.clear(field('phone'));
  await shopper.type(field('email'), 'ada@');
  await shopper.click(SUBMIT);
  await expect.poll(() => shopper.text(inForm('#err-email'))).toBe('email: must be an e-mail address');
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
