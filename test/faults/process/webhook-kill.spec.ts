import { expect, test } from '@playwright/test';
import { DEMO_AGENTS } from '../../../server/accounts/demo-seed.js';
import type { WebhookPayload } from '../../../server/contract/webhooks.js';
import { checkSignature } from '../../../server/http/vitrina-signature.js';
import { serverUrl, shopUrl } from '../../e2e/support.js';
import { afterRestart, TestConsole } from '../../support/http-clients.js';
import { WebhookReceiver } from '../../support/webhook-receiver.js';
import { Tally } from '../support/tally.js';
import { killServer } from './support/scene.js';

const tally = new Tally();
test.afterAll(() => void tally.flush());

test("our server is killed (SIGKILL) while it sends a webhook the shop's CRM has not answered: after the restart the same event is delivered, signed, once taken", async () => {
  const crm = await WebhookReceiver.start();
  try {
    // The CRM holds the request open: the server dies with the delivery in flight, its attempt unrecorded.
    crm.answer = () => 'hang';
    const owner = await TestConsole.signIn(serverUrl(), DEMO_AGENTS[2].email, DEMO_AGENTS[2].password);
    const added = await owner.post('/api/admin/webhooks', { url: crm.url, events: ['callback.requested'], description: 'fault test' });
    expect(added.status).toBe(201);
    const { id: endpointId, secret } = (await added.json()) as { id: string; secret: string };

    const name = `Kill ${Date.now()}`;
    const asked = await fetch(`${serverUrl()}/api/callbacks`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: new URL(shopUrl()).origin },
      body: JSON.stringify({ name, phone: '+7 900 000-00-00', page: { url: `${shopUrl()}/products/reading-chair.html`, title: 'Ash reading chair' } }),
    });
    expect(asked.status).toBe(201);
    const first = await crm.next((h) => (JSON.parse(h.body) as WebhookPayload).data.name === name, 20_000);
    const eventId = first.headers['vitrina-event-id'];

    await killServer();
    crm.answer = () => 200;

    // Sent again by the new process once the dead one's claim on it runs out (30 s): the same event, signed with the same secret.
    const taken = await crm.next((h) => h !== first && h.headers['vitrina-event-id'] === eventId, 60_000);
    expect(checkSignature(taken.headers['vitrina-signature'] as string, secret, taken.body, Date.now())).toBe('valid');
    const owner2 = await afterRestart(() => TestConsole.signIn(serverUrl(), DEMO_AGENTS[2].email, DEMO_AGENTS[2].password));
    await expect
      .poll(async () => {
        const log = (await (await owner2.get('/api/admin/webhook-deliveries?limit=200')).json()) as { eventId: string; status: string }[];
        return log.find((d) => d.eventId === eventId)?.status;
      })
      .toBe('delivered');
    const delivered = crm.received.filter((h) => h.headers['vitrina-event-id'] === eventId);
    tally.count('our server killed while sending a webhook: delivered after the restart', { handled: true, lost: 0 });
    // Taken once: nothing sends it again after the 200.
    await new Promise((r) => setTimeout(r, 3000));
    expect(crm.received.filter((h) => h.headers['vitrina-event-id'] === eventId).length).toBe(delivered.length);
    await owner2.send('DELETE', `/api/admin/webhooks/${endpointId}`);
  } finally {
    await crm.close();
  }
});
