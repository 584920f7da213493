import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ERROR_CODES } from '../../../server/contract/errors.js';
import { routeSchemas } from '../../../server/contract/route-schemas.js';
import { errorsOf, pathOf, routes, type RouteSpec } from '../../../server/contract/routes.js';

const all = Object.entries(routes) as [string, RouteSpec][];

describe('the route table', () => {
  it('names each method and path once, under /api/', () => {
    const seen = new Set(all.map(([, r]) => `${r.method} ${r.path}`));
    assert.equal(seen.size, all.length);
    for (const [name, r] of all) assert.match(r.path, /^\/api\/[a-z0-9/:._-]+$/i, name);
  });

  it('has the schemas of every route, and of no other', () => {
    assert.deepEqual(Object.keys(routeSchemas).sort(), Object.keys(routes).sort());
    for (const [name, r] of all) {
      const params = [...r.path.matchAll(/:(\w+)/g)].map((m) => m[1]);
      const schemas = routeSchemas[name as keyof typeof routeSchemas] as { params?: { shape: Record<string, unknown> } };
      assert.deepEqual(Object.keys(schemas.params?.shape ?? {}).sort(), params.sort(), `${name}: a schema for each path parameter`);
    }
  });

  it('declares only known error codes, and a body-less reply for 204', () => {
    const known = new Set<string>(ERROR_CODES);
    for (const [name, r] of all) {
      for (const code of errorsOf(r)) assert.ok(known.has(code), `${name}: ${code}`);
      assert.equal(r.status === 204, r.reply === 'none', name);
    }
    assert.ok(errorsOf(routes.callList).has('forbidden'), 'an owner route may refuse a consultant');
    assert.ok(!errorsOf(routes.me).has('forbidden'), 'any signed-in account may ask who it is');
    assert.ok(errorsOf(routes.hangUp).has('call-key-invalid'));
  });

  it('fills a path: parameters encoded, query values that are set', () => {
    assert.equal(pathOf(routes.acceptCall, { params: { callId: 'call_a/b' } }), '/api/agent/calls/call_a%2Fb/accept');
    assert.equal(pathOf(routes.callList, { query: { page: 2, agentId: undefined, sort: 'date' } }), '/api/admin/calls?page=2&sort=date');
    assert.equal(pathOf(routes.agents), '/api/admin/agents');
  });
});
