import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ShopperSummary } from '../../../server/contract/call-summary.js';
import { asShopper, callCast, openCall, type TestConsole } from '../../support/http-clients.js';
import { Mailpit } from '../../support/mailpit.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';

const KETTLE = { title: 'Copper kettle', price: '€89', url: 'https://shop.test/p/kettle', productId: 'K-1' };

describe('the summary a shopper keeps', () => {
  let mailpit: Mailpit;
  let t: TestServer;
  let anna: TestConsole;

  const summary = async (call: Awaited<ReturnType<typeof openCall>>) => asShopper(t.url, call, 'GET', '/summary');
  const email = (call: Awaited<ReturnType<typeof openCall>>, address: string, language?: string) =>
    asShopper(t.url, call, 'POST', '/summary/email', { email: address, ...(language ? { language } : {}) });

  /** Anna answers, shows the kettle, writes two links; the shopper writes one of their own. */
  async function callWithProducts() {
    const call = await openCall(t.url);
    await anna.next((e) => e.type === 'assignment' && e.assignment.callId === call.callId);
    assert.equal((await anna.post(`/api/agent/calls/${call.callId}/accept`)).status, 200);
    await anna.post(`/api/agent/calls/${call.callId}/messages`, { kind: 'product', product: KETTLE });
    await anna.post(`/api/agent/calls/${call.callId}/messages`, {
      kind: 'text',
      text: 'The care guide: https://shop.test/p/care-guide. And the red one (https://shop.test/p/kettle?c=red)!',
    });
    await asShopper(t.url, call, 'POST', '/messages', { text: 'Cheaper here: https://elsewhere.test/kettle' });
    await asShopper(t.url, call, 'POST', '/hangup');
    return call;
  }

  before(async () => {
    mailpit = await Mailpit.start();
    t = await startTestServer({ VITRINA_SMTP_URL: mailpit.smtpUrl, VITRINA_MAIL_FROM: 'Oak & Linen <shop@oak.test>' });
    ({ anna } = await callCast(t));
  });
  after(async () => {
    await t?.close();
    mailpit?.stop();
  });

  it("lists the products shown and the consultant's links, never the shopper's", async () => {
    const call = await callWithProducts();
    const res = await summary(call);
    assert.equal(res.status, 200);
    assert.deepEqual((await res.json()) as ShopperSummary, {
      consultant: 'Anna',
      page: { url: 'https://shop.test/p/lamp', title: 'Brass lamp' },
      products: [KETTLE],
      links: ['https://shop.test/p/care-guide', 'https://shop.test/p/kettle?c=red'],
      canEmail: true,
    });
  });

  it("e-mails it through the shop's SMTP server, in the shopper's language", async () => {
    const call = await callWithProducts();
    assert.equal((await email(call, 'vera@example.test', 'ru')).status, 204);
    const mail = await mailpit.latestTo('vera@example.test');
    assert.equal(mail.Subject, 'Ваш видеозвонок с shop.test: что мы посмотрели');
    assert.deepEqual([mail.From.Address, mail.From.Name], ['shop@oak.test', 'Oak & Linen']);
    assert.match(mail.Text, /Anna показал\(а\)/);
    assert.match(mail.Text, /- Copper kettle — €89\n {2}https:\/\/shop\.test\/p\/kettle\n/);
    assert.match(mail.Text, /- https:\/\/shop\.test\/p\/care-guide\n/);
    assert.doesNotMatch(mail.Text + mail.HTML, /elsewhere\.test/);
    assert.match(mail.HTML, /<a href="https:\/\/shop\.test\/p\/kettle\?c=red">/);

    assert.equal((await email(call, 'sam@example.test')).status, 204);
    assert.equal((await mailpit.latestTo('sam@example.test')).Subject, 'Your video call with shop.test: what we looked at');
  });

  it('refuses an unanswered call, a bad address, more than three, and says when the mail server is down', async () => {
    const waiting = await openCall(t.url);
    await asShopper(t.url, waiting, 'POST', '/hangup');
    assert.equal((await summary(waiting)).status, 409);

    const call = await callWithProducts();
    const bad = await email(call, 'not-an-address');
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { error: { field: string } }).error.field, 'email');
    for (let i = 0; i < 3; i++) assert.equal((await email(call, `n${i}@example.test`)).status, 204);
    assert.equal((await email(call, 'n4@example.test')).status, 429);

    mailpit.stop();
    const other = await callWithProducts();
    const down = await email(other, 'late@example.test');
    assert.equal(down.status, 503);
    assert.equal(((await down.json()) as { error: { code: string } }).error.code, 'mail-unavailable');
  });
});
