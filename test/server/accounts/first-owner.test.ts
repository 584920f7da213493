import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../support/test-server.js';

describe('first owner through a one-time link', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ VITRINA_RECORDER: 'off' });
  });
  after(() => t.close());

  const setUp = (body: Record<string, unknown>) =>
    fetch(`${t.url}/api/setup/owner`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const tokenOf = (link: string) => link.split('#/setup/')[1] ?? '';
  const owner = { name: 'Olivia', email: 'Olivia@Shop.test', password: 'a long owner password' };

  it('is offered while there is no owner, and refuses forged, altered and malformed tokens', async () => {
    assert.equal(await t.vitrina.firstOwner.needed(), true);
    const token = tokenOf(t.vitrina.firstOwner.link());
    const [nonce, issued] = token.split('.');
    for (const bad of ['x', `${nonce}.${issued}.AAAA`, `${nonce}x.${issued}.${token.split('.')[2]}`]) {
      const res = await setUp({ ...owner, token: bad });
      assert.equal(res.status, 403, bad);
      assert.deepEqual(((await res.json()) as { error: { code: string; field: string } }).error.field, 'token');
    }
    const weak = await setUp({ ...owner, password: 'short', token });
    assert.equal(weak.status, 400);
    assert.match(JSON.stringify(await weak.json()), /password/);
  });

  it('creates the owner once, signed in; the link is dead afterwards', async () => {
    const token = tokenOf(t.vitrina.firstOwner.link());
    const first = await setUp({ ...owner, token });
    assert.equal(first.status, 201);
    assert.match(first.headers.get('set-cookie') ?? '', /vitrina_session=/);
    const view = (await first.json()) as { role: string; email: string; name: string };
    assert.deepEqual([view.role, view.email, view.name], ['owner', 'olivia@shop.test', 'Olivia']);
    const second = await setUp({ ...owner, email: 'mallory@evil.test', token });
    assert.equal(second.status, 410);
    assert.equal(await t.vitrina.firstOwner.needed(), false);
    const owners = (await t.store.agents.listAll()).filter((a) => a.role === 'owner');
    assert.deepEqual(
      owners.map((a) => a.email),
      ['olivia@shop.test'],
    );
  });
});
