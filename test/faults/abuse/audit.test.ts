import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AuditEntry } from '../../../server/contract/admin.js';
import { TestConsole } from '../../support/http-clients.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { Tally } from '../support/tally.js';

/**
 * An owner's account used to do damage quietly (by a colleague at the shop's computer, or by
 * whoever took the password): each action that could hide a consultant's work or lock people
 * out leaves a row naming who did it, and never a password.
 */
describe('abuse: owner actions leave a trace', () => {
  let t: TestServer;
  let owner: TestConsole;
  const tally = new Tally();

  before(async () => {
    t = await startTestServer();
    owner = await TestConsole.signIn(t.url, (await t.addAgent('Olga', { role: 'owner' })).email);
  });
  after(async () => {
    tally.flush();
    await t.close();
  });

  it('each destructive or account-changing action by the owner is a row of the audit log', async () => {
    const secret = 'a password nobody may read';
    const mia = (await (await owner.post('/api/admin/agents', { email: 'mia@shop.test', name: 'Mia', password: secret })).json()) as { id: string };
    const actions: [string, () => Promise<Response>, AuditEntry['action']][] = [
      ['password reset', () => owner.post(`/api/admin/agents/${mia.id}/password`, { password: `${secret} 2` }), 'password-reset'],
      ['consultant signed out everywhere', () => owner.send('DELETE', `/api/admin/agents/${mia.id}/sessions`), 'sessions-ended'],
      ['consultant disabled', () => owner.send('PATCH', `/api/admin/agents/${mia.id}`, { disabled: true }), 'consultant-disabled'],
      ['shop origins changed', () => owner.send('PUT', '/api/admin/settings/origins', { origins: ['https://elsewhere.example'] }), 'origins-changed'],
      [
        'recording switched off',
        async () => {
          const current = (await (await owner.get('/api/admin/settings/recording')).json()) as Record<string, unknown>;
          return owner.send('PUT', '/api/admin/settings/recording', { ...current, enabled: false });
        },
        'settings-changed',
      ],
      ['consultant removed', () => owner.send('DELETE', `/api/admin/agents/${mia.id}`), 'consultant-removed'],
    ];
    for (const [what, act, action] of actions) {
      const res = await act();
      assert.ok(res.ok, `${what}: ${res.status}`);
      const { entries } = (await (await owner.get('/api/admin/audit?limit=1')).json()) as { entries: AuditEntry[] };
      const row = entries[0];
      const traced = row?.action === action && row.actor.name === 'Olga' && !JSON.stringify(row).includes(secret);
      tally.count(`owner action leaves an audit row: ${what}`, { handled: traced });
      assert.ok(traced, `${what}: ${JSON.stringify(row)}`);
    }
  });
});
