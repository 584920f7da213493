import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { routes, type RouteSpec } from '../../../server/contract/routes.js';
import { SHOP_ORIGIN, startTestServer, type TestServer } from '../../support/test-server.js';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every method and path the Express app answers, found by walking its routers. */
function served(stack: Layer[]): string[] {
  return stack.flatMap((layer) => {
    if (layer.route)
      return Object.keys(layer.route.methods)
        .filter((m) => m !== '_all' && m !== 'options')
        .map((m) => `${m.toUpperCase()} ${layer.route?.path}`);
    return layer.handle?.stack ? served(layer.handle.stack) : [];
  });
}

describe('the server serves the route table, all of it and nothing else', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  it('mounts every route of the table, and no /api route outside it', () => {
    const app = t.vitrina.app as unknown as { router: { stack: Layer[] } };
    const api = served(app.router.stack).filter((r) => r.includes(' /api/'));
    const table = Object.values(routes as Record<string, RouteSpec>).map((r) => `${r.method} ${r.path}`);
    assert.deepEqual([...new Set(api)].sort(), table.sort());
  });

  it('answers a route with the status its table entry names', async () => {
    const res = await fetch(`${t.url}${routes.queueStatus.path}`, { headers: { Origin: SHOP_ORIGIN } });
    assert.equal(res.status, routes.queueStatus.status);
    const hangUp = await fetch(`${t.url}/api/calls/call_aaaaaaaaaaaaaaaaaaaaaa/hangup`, { method: 'POST', headers: { Origin: SHOP_ORIGIN } });
    assert.equal(((await hangUp.json()) as { error: { code: string } }).error.code, 'call-key-missing');
  });
});
