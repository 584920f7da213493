import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { openCall } from '../../support/http-clients.js';
import { SHOP_ORIGIN, startTestServer, type TestServer } from '../../support/test-server.js';
import { Tally } from '../support/tally.js';
import { errorsOf, routes, type RouteName, type RouteSpec } from '../../../server/contract/routes.js';

const page = { url: 'https://shop.test/p/lamp', title: 'Brass lamp' };
const TOTAL_REQUESTS = Number(process.env.VITRINA_FUZZ_REQUESTS ?? 10_000);

/** A valid request to mutate, for routes that take one; the owner's settings take whatever their GET returns. */
function examples(agentId: string): Partial<Record<RouteName, { body?: unknown; query?: Record<string, string> }>> {
  return {
    queueStatus: { query: { lang: 'en' } },
    openCall: { body: { page, language: 'en', agentId } },
    shopperSay: { body: { text: 'Is there a grey one?' } },
    switchCall: { body: { to: 'first-available' } },
    rateCall: { body: { rating: 4, comment: 'Helpful.' } },
    rejoinCall: { body: { page } },
    reportPage: { body: { page } },
    requestCallback: { body: { name: 'Ann', phone: '+44 20 7946 0000', note: 'About the sofa', page } },
    login: { body: { email: 'owner@shop.test', password: 'wrong password here' } },
    setUpOwner: { body: { token: 'not-a-setup-token', email: 'new@shop.test', name: 'New', password: 'correct horse battery' } },
    livekitWebhook: { body: { event: 'participant_left', room: { name: 'call_x' }, participant: { identity: 'shopper-call_x' } } },
    setStatus: { body: { status: 'away' } },
    callbacks: { query: { state: 'open' } },
    transferCall: { body: { agentId } },
    agentSay: { body: { kind: 'product', product: { title: 'Sofa', price: '€1', url: page.url } } },
    setCallOutcome: { body: { outcome: 'follow-up', note: 'Call back about the grey one' } },
    callList: { query: { page: '1', pageSize: '20', sort: 'date', order: 'desc', outcome: 'answered' } },
    reviewCall: { body: { note: 'Good demo', score: 4 } },
    analytics: { query: { from: '1767225600000', to: '1769904000000' } },
    addAgent: { body: { email: 'new@shop.test', name: 'New', password: 'correct horse battery', languages: ['en'] } },
    changeAgent: { body: { name: 'Renamed', languages: ['en', 'ru'] } },
    resetPassword: { body: { password: 'another long password' } },
    checkInstall: { body: { url: 'http://127.0.0.1:9/' } },
  };
}

/** Routes of the table the fuzzer leaves alone, and why. */
const NOT_FUZZED: Partial<Record<RouteName, string>> = {
  logout: 'it ends the owner session every staff and owner route here is fuzzed with (its refusals are tested in auth-api)',
};

/** Values that have broken parsers before: wrong types, huge, deep, path tricks, unicode tricks. */
/** Far past every JSON limit of ours (8–64 KB): must be refused as a JSON 413, unread. */
const OVERSIZED = JSON.stringify({ page: { url: 'https://shop.test/p', title: 'x'.repeat(1_000_000) } });
const nasty = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.constantFrom(
    '../../etc/passwd',
    '..%2F..%2Fvitrina.sqlite',
    '%00',
    '\u202Eevil',
    '<img src=x onerror=alert(1)>',
    'ＡＢＣ',
    '\uD800',
    'a'.repeat(5000),
    '__proto__',
    'constructor',
  ),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constant(JSON.parse('{"__proto__":{"polluted":true}}') as unknown),
);

/** A valid body with one value somewhere replaced (the validator's hardest case), or junk. */
function mutate(value: unknown, path: readonly number[], replacement: unknown): unknown {
  if (path.length === 0 || typeof value !== 'object' || value === null) return replacement;
  const entries = Object.entries(value);
  if (entries.length === 0) return replacement;
  const [key, child] = entries[(path[0] ?? 0) % entries.length] as [string, unknown];
  const copy: Record<string, unknown> = Array.isArray(value) ? ([...(value as unknown[])] as unknown as Record<string, unknown>) : { ...value };
  if ((path[0] ?? 0) % 7 === 6) delete copy[key];
  else copy[key] = mutate(child, path.slice(1), replacement);
  return copy;
}

interface Attempt {
  body:
    | { kind: 'valid' }
    | { kind: 'mutated'; path: number[]; with: unknown }
    | { kind: 'junk'; value: unknown }
    | { kind: 'raw'; text: string }
    | { kind: 'none' };
  contentType: string | undefined;
  param: string | undefined;
  query: [string, string][] | undefined;
  origin: string | undefined;
  auth: 'right' | 'wrong' | 'none';
}

const attempt: fc.Arbitrary<Attempt> = fc.record({
  body: fc.oneof(
    { weight: 1, arbitrary: fc.constant({ kind: 'valid' as const }) },
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('mutated' as const), path: fc.array(fc.nat(20), { maxLength: 4 }), with: nasty }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('junk' as const), value: nasty }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('raw' as const),
        text: fc.oneof(
          fc.string(),
          fc.constantFrom('{', '{"a":', '[[[[[[[[[[[[[[[[[[[[', `${'['.repeat(5000)}${']'.repeat(5000)}`, 'null', '1e999999', '"\\u0000"', OVERSIZED),
        ),
      }),
    },
    { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
  ),
  contentType: fc.option(
    fc.constantFrom(
      'application/json',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json; charset=utf-16',
      'application/webhook+json',
    ),
    { nil: undefined },
  ),
  param: fc.option(fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('..', '%2e%2e%2f', 'call_' + 'a'.repeat(100), 'trk_../../x', ' ')), {
    nil: undefined,
  }),
  query: fc.option(
    fc.array(
      fc.tuple(
        fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('page', 'pageSize', 'sort', 'lang', 'from', 'to', 'state')),
        fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('-1', '1e9', 'NaN', '0', 'ru', 'desc')),
      ),
      { maxLength: 4 },
    ),
    { nil: undefined },
  ),
  origin: fc.option(fc.constantFrom(SHOP_ORIGIN, 'https://evil.test', 'null'), { nil: undefined }),
  auth: fc.constantFrom('right' as const, 'right' as const, 'wrong' as const, 'none' as const),
});

describe('every public route, fuzzed against the real server', () => {
  let t: TestServer;
  const tally = new Tally();
  let ids: Record<string, string>;
  let callKey: string;
  let ownerCookie: string;

  before(async () => {
    t = await startTestServer({ VITRINA_CALLS_PER_MINUTE: '20' });
    const owner = await t.addAgent('Owner', { role: 'owner' });
    const agent = await t.addAgent('Anna');
    const login = await fetch(`${t.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: owner.email, password: 'correct horse battery' }),
    });
    ownerCookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const call = await openCall(t.url).catch(() => undefined);
    callKey = call?.callKey ?? '';
    ids = {
      callId: call?.callId ?? 'call_aaaaaaaaaaaaaaaaaaaaaa',
      agentId: agent.id,
      callbackId: 'cb_aaaaaaaaaaaaaaaaaaaaaa',
      fileId: 'trk_aaaaaaaaaaaaaaaaaaaaaa',
    };
  });
  after(async () => {
    const rows = tally.flush();
    console.log(rows.map((r) => `${r.what}: ${r.tried} tried, ${r.handled} handled`).join('\n'));
    await t.close();
  });

  it(`answers ${TOTAL_REQUESTS} generated requests to every route of the table with a JSON error it declares, and never a 5xx`, async () => {
    const valid = examples(ids.agentId ?? '');
    const all = (Object.entries(routes) as [RouteName, RouteSpec][])
      .filter(([name]) => NOT_FUZZED[name] === undefined)
      .map(([name, route]) => ({ name, ...route, ...valid[name] }));
    for (const r of all) {
      if (r.method === 'PUT' && r.body === undefined) {
        const res = await fetch(`${t.url}${r.path}`, { headers: { Cookie: ownerCookie } });
        r.body = res.ok ? await res.json() : {};
      }
    }
    const perRoute = Math.ceil(TOTAL_REQUESTS / all.length);
    for (const route of all) {
      await fc.assert(
        fc.asyncProperty(attempt, async (a) => {
          const path = route.path.replace(/:(\w+)/g, (_m, name: string) => encodeURIComponent(a.param ?? ids[name] ?? name));
          const query = new URLSearchParams(a.query ?? Object.entries(route.query ?? {})).toString();
          const body =
            a.body.kind === 'none' || route.method === 'GET'
              ? undefined
              : a.body.kind === 'raw'
                ? a.body.text
                : (JSON.stringify(
                    a.body.kind === 'valid' ? route.body : a.body.kind === 'junk' ? a.body.value : mutate(route.body, a.body.path, a.body.with),
                  ) ?? 'null');
          const headers: Record<string, string> = {};
          if (body !== undefined) headers['Content-Type'] = a.contentType ?? 'application/json';
          if (a.origin) headers.Origin = a.origin;
          else if (route.auth === 'shop' || route.auth === 'call-key') headers.Origin = SHOP_ORIGIN;
          if (route.auth === 'call-key' && a.auth !== 'none') headers.Authorization = `Bearer ${a.auth === 'right' ? callKey : 'eyJhbGciOiJIUzI1NiJ9.e30.x'}`;
          if ((route.auth === 'owner' || route.auth === 'staff') && a.auth !== 'none')
            headers.Cookie = a.auth === 'right' ? ownerCookie : 'vitrina_session=forged';
          const res = await fetch(`${t.url}${path}${query ? `?${query}` : ''}`, { method: route.method, headers, body, signal: AbortSignal.timeout(10_000) });
          const what = `fuzz ${route.method} ${route.path}`;
          const text = res.headers.get('content-type')?.includes('text/event-stream') ? (await res.body?.cancel(), '') : await res.text();
          // A mangled parameter may leave the path matching no route at all.
          const declared = a.param === undefined ? errorsOf(route) : new Set([...errorsOf(route), 'not-found']);
          const ok = check(res.status, res.headers.get('content-type'), text, declared);
          tally.count(what, { handled: ok === true });
          assert.equal(
            ok,
            true,
            `${route.method} ${path}?${query} ${JSON.stringify(headers)} ${String(body).slice(0, 200)} → ${res.status} ${text.slice(0, 300)}: ${String(ok)}`,
          );
        }),
        { numRuns: perRoute, seed: Number(process.env.VITRINA_FUZZ_SEED ?? 20261123), endOnFailure: true },
      );
    }
    const health = await fetch(`${t.url}/healthz`);
    assert.equal(health.status, 200, 'the server is still up');
  });
});

/** true, or why the answer is not acceptable: no 5xx; every 4xx a JSON error with a code the route declares; invalid input names its field. */
function check(status: number, type: string | null, text: string, declared: ReadonlySet<string>): true | string {
  if (status >= 500) return 'a server error';
  if (status < 400) return true;
  if (!type?.includes('application/json')) return `a ${status} that is not JSON`;
  let body: { error?: { code?: unknown; message?: unknown; field?: unknown } };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    return 'unparseable JSON';
  }
  if (typeof body.error?.code !== 'string' || typeof body.error.message !== 'string') return 'no error code and message';
  if (!declared.has(body.error.code)) return `the code ${body.error.code}, which the route table does not declare for this route`;
  if (body.error.code === 'invalid-input' && (typeof body.error.field !== 'string' || body.error.field.length === 0)) return 'invalid input without the field';
  return true;
}
