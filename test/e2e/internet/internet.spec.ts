import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { distDir } from '../../../scripts/build.js';
import { CHROMIUM_PATH } from '../../../scripts/system/ensure-system-tools.js';
import { testNetwork, type TestNetwork } from '../../support/test-network.js';
import {
  callFirstAvailable,
  consultantRemote,
  expectFramesGrowing,
  expectLiveAudio,
  queuedCallId,
  readCallRow,
  screenshotPath,
  shopperRemote,
  signInAsAgent,
  watchPeerConnections,
} from '../support.js';
import { directTcpAnswered, INTERNET, internetEnv, launchBrowser, pathTaken, request, watchConnections, type PathTaken } from './internet-support.js';
import { mediaNow, PHONE_CONTEXT, slowDown, SLOW_PHONE, type MediaNow } from './slow-phone.js';

/** One call from a phone, as `phoneCall` measured it. */
interface PhoneRun {
  /** Milliseconds from each step to the next thing the person sees. */
  ms: Partial<Record<'pageToButton' | 'buttonToLobby' | 'callToRing' | 'acceptToFace', number>>;
  phone: MediaNow;
  consultantReceives: MediaNow['received'];
}

/**
 * Vitrina as a shop runs it on the internet: HTTPS through Caddy with a certificate the browsers
 * trust, no demo accounts, and a shopper whose browser sits in a network namespace behind
 * firewalls of increasing strictness. Each call must carry frames both ways, and the candidate
 * pair that carried them shows which path the media took.
 */
// One worker runs the tests in order: the calls need the consultant the first test adds. They are
// not a serial group, so a failed one is retried alone (the one-time link cannot be used twice).

const CONSULTANT = { name: 'Vera', email: 'vera@shop.test', password: 'a long consultant password' };
const OWNER = { name: 'Olivia', email: 'olivia@shop.test', password: 'a long owner password' };

let host: Browser;
let consultant: Page;
const connectTimes: Record<string, PathTaken> = {};

test.beforeAll(async () => {
  host = await launchBrowser();
});

test.afterAll(async () => {
  await host?.close();
  // A retried test runs in a new worker: this run's earlier workers' paths are kept (the setup clears the file).
  const file = path.join('test-results', 'internet', 'paths.json');
  mkdirSync(path.dirname(file), { recursive: true });
  const earlier = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, PathTaken>) : {};
  writeFileSync(file, `${JSON.stringify({ ...earlier, ...connectTimes }, null, 2)}\n`);
  for (const [name, p] of Object.entries(connectTimes)) {
    console.log(
      `${name}: ${p.local.candidateType}/${p.local.protocol}${p.local.relayProtocol ? ` relayed over ${p.local.relayProtocol}` : ''} → ${p.remote.protocol} ${p.remote.address}:${p.remote.port}, connected in ${p.connectMs} ms`,
    );
  }
});

/** A same-origin JSON POST from the page itself (its cookies, its trust in the test CA). */
function postFromPage(page: Page, pathname: string, body: unknown): Promise<{ status: number; body: unknown }> {
  return page.evaluate(
    async ([url, data]) => {
      const res = await fetch(url as string, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(data) });
      return { status: res.status, body: (await res.json().catch(() => undefined)) as unknown };
    },
    [pathname, body],
  );
}

test('the first owner is made through the one-time link, which then works no more', async () => {
  const context = await host.newContext({ ignoreHTTPSErrors: false });
  const page = await context.newPage();
  await page.goto(internetEnv().setupLink);
  await expect(page.getByRole('heading', { name: 'Create the owner account' })).toBeVisible();
  await page.screenshot({ path: screenshotPath('internet-owner-setup') });
  await page.getByLabel('Name').fill(OWNER.name);
  await page.getByLabel('E-mail').fill(OWNER.email);
  await page.getByLabel('Password').fill(OWNER.password);
  await page.getByRole('button', { name: 'Create the account' }).click();
  await expect(page.getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();

  // The owner adds the consultant the calls below ring.
  const added = await postFromPage(page, '/api/admin/agents', { ...CONSULTANT, languages: ['en'] });
  expect(added.status).toBe(201);

  const token = internetEnv().setupLink.split('#/setup/')[1] ?? '';
  const again = await postFromPage(page, '/api/setup/owner', { token, name: 'Mallory', email: 'mallory@evil.test', password: 'another long password' });
  expect(again.status).toBe(410);
  expect(again.body).toMatchObject({ error: { code: 'setup-done', field: 'token' } });
  // The session cookie is Secure: it never travels over plain HTTP.
  const cookies = await context.cookies(INTERNET.publicUrl);
  expect(cookies.find((c) => c.name === 'vitrina_session')).toMatchObject({ secure: true, httpOnly: true });
  await context.close();
});

test('one HTTPS address: HTTP is redirected, HSTS, compression, immutable hashed files, no source maps, LiveKit signalling', async () => {
  const redirect = await new Promise<http.IncomingMessage>((resolve, reject) =>
    http
      .get({ host: internetEnv().hostAddress, port: INTERNET.ports.http, path: '/console/agent/', headers: { Host: INTERNET.publicHost } }, resolve)
      .on('error', reject),
  );
  expect(redirect.statusCode).toBe(308);
  expect(redirect.headers.location).toMatch(/^https:\/\/video\.vitrina\.test/);

  const health = await request('/healthz');
  expect(health.status).toBe(200);
  expect(health.headers['strict-transport-security']).toMatch(/max-age=\d{7,}/);

  // Each encoding a browser may prefer, decoded back to the same script.
  const plain = await request('/widget/vitrina.js', { headers: { 'Accept-Encoding': 'identity' } });
  expect(plain.status).toBe(200);
  for (const encoding of ['zstd', 'br', 'gzip'] as const) {
    const widget = await request('/widget/vitrina.js', { headers: { 'Accept-Encoding': encoding } });
    expect(widget.headers['content-encoding']).toBe(encoding);
    expect(widget.raw.length).toBeLessThan(plain.raw.length / 2);
    // Node 20's zlib has no zstd decoder.
    if (encoding !== 'zstd') expect((encoding === 'br' ? brotliDecompressSync(widget.raw) : gunzipSync(widget.raw)).equals(plain.raw)).toBe(true);
  }

  const chunk = readdirSync(path.join(distDir, 'widget', 'chunks')).find((f) => f.endsWith('.js'));
  const hashed = await request(`/widget/chunks/${chunk}`);
  expect(hashed.status).toBe(200);
  expect(hashed.headers['cache-control']).toContain('immutable');
  expect((await request(`/widget/chunks/${chunk}.map`)).status, 'source maps are not public').toBe(404);

  // LiveKit's signalling answers on the same address (it refuses a join without a token).
  const rtc = await request('/rtc/validate');
  expect(rtc.status).toBe(401);
});

test('sign-ins through the proxy are limited by the address the proxy saw, whatever X-Forwarded-For says', async () => {
  const statuses: number[] = [];
  for (let i = 0; i < 25; i++) {
    const res = await request('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': `203.0.113.${i + 1}` },
      body: JSON.stringify({ email: 'someone.else@shop.test', password: `guess number ${i}` }),
    });
    statuses.push(res.status);
  }
  expect(statuses.filter((s) => s === 429)).toHaveLength(15);
});

test.describe('a shopper on a restricted network calls', () => {
  // The namespace the setup made; its firewall is set per test.
  const network = testNetwork(INTERNET.namespace);

  test.beforeEach(async () => {
    const context = await host.newContext();
    consultant = await context.newPage();
    // What the console receives is read from its peer connections (the slow phone's test).
    await watchPeerConnections(consultant);
    await signInAsAgent(consultant, CONSULTANT, INTERNET.publicUrl);
  });

  test.afterEach(async () => {
    await consultant.context().close();
  });

  const paths: {
    name: string;
    rule: Parameters<TestNetwork['restrict']>[0];
    relayOnly?: boolean;
    expectPath: (p: PathTaken, shopper: Page) => void | Promise<void>;
  }[] = [
    {
      name: 'open network: media over UDP',
      rule: 'open',
      expectPath: (p) => {
        expect(p.local.candidateType).not.toBe('relay');
        expect(p.remote).toMatchObject({ protocol: 'udp', port: INTERNET.ports.livekitUdp });
      },
    },
    {
      name: 'UDP dropped: media over ICE/TCP',
      rule: 'no-udp',
      expectPath: async (p, shopper) => {
        // ICE over TCP straight to LiveKit answered. Chromium almost always sends the media over it;
        // now and then (once in about twenty runs) over the TURN-over-TLS pair that answered first,
        // and then the direct pair's checks may still be under way: they are given the time to finish.
        await expect
          .poll(() => directTcpAnswered(shopper, INTERNET.ports.livekitTcp), { message: 'a direct ICE/TCP pair to LiveKit succeeded', timeout: 15_000 })
          .toBe(true);
        if (p.local.candidateType === 'relay') expect(p.local.relayProtocol).toBe('tls');
        else expect(p.remote).toMatchObject({ protocol: 'tcp', port: INTERNET.ports.livekitTcp });
      },
    },
    {
      name: 'only HTTPS reachable: media relayed through TURN over TLS on the HTTPS port',
      rule: { onlyTcpPorts: [INTERNET.httpsPort] },
      expectPath: (p) => expect(p.local).toMatchObject({ candidateType: 'relay', relayProtocol: 'tls' }),
    },
    {
      name: 'relay forced (iceTransportPolicy relay): media through TURN',
      rule: 'open',
      relayOnly: true,
      // Both of LiveKit's relays are offered; Chromium usually settles on UDP, sometimes on TLS
      // when that pair answers first. TURN over UDP alone is the doctor's own check below.
      expectPath: (p) => {
        expect(p.local.candidateType).toBe('relay');
        expect(['udp', 'tls']).toContain(p.local.relayProtocol);
      },
    },
  ];

  for (const c of paths) {
    test(c.name, async () => {
      network.restrict(c.rule);
      const shopperBrowser = await launchBrowser({ executablePath: network.chromiumWrapper(CHROMIUM_PATH) });
      const shopper = await shopperBrowser.newPage();
      try {
        await watchConnections(shopper, { relayOnly: c.relayOnly ?? false });
        await shopper.goto(`${INTERNET.shopUrl}/products/reading-chair.html`);
        const callIdPromise = queuedCallId(shopper);
        await callFirstAvailable(shopper);
        const callId = await callIdPromise;
        const ring = consultant.getByRole('alertdialog', { name: 'Incoming call' });
        await expect(ring).toBeVisible({ timeout: 30_000 });
        await ring.getByRole('button', { name: 'Accept' }).click();

        await expectFramesGrowing(shopperRemote(shopper));
        await expectFramesGrowing(consultantRemote(consultant));
        await expectLiveAudio(shopper.locator('vitrina-call-panel vitrina-media-view[kind=audio] audio'));
        const taken = await pathTaken(shopper);
        expect(taken, 'a connected peer connection carried the media').toBeDefined();
        test.info().annotations.push({ type: 'path', description: JSON.stringify(taken) });
        await c.expectPath(taken!, shopper);
        connectTimes[c.name] = taken!;
        await shopper.screenshot({ path: screenshotPath(`internet-${c.name.split(':')[0]?.replace(/\W+/g, '-')}`) });

        await shopper.getByRole('button', { name: 'Hang up' }).click();
        await expect(consultant.getByTestId('call-ended')).toContainText('The call has ended.');
        await expect.poll(() => readCallRow(callId)?.state).toBe('ended');
        await expect.poll(() => readCallRow(callId)?.recording, { timeout: 30_000 }).toBe('complete');
      } finally {
        // A call the test gave up on is hung up as the shopper would, so that the consultant is free for the retry.
        const hangUp = shopper.getByRole('button', { name: 'Hang up' });
        if (await hangUp.isVisible().catch(() => false)) {
          await hangUp.click().catch(() => undefined);
          await shopper
            .getByText('The call has ended.')
            .first()
            .waitFor({ timeout: 5_000 })
            .catch(() => undefined);
        }
        await shopperBrowser.close();
      }
    });
  }

  /**
   * One call from a phone: page, button, panel, line, ring, face; then what the media settled at.
   * Figures are kept (slow-phone.json, the report's annotations), not judged: what is judged is
   * that the face and the voice arrive.
   */
  async function phoneCall(slow: boolean): Promise<PhoneRun> {
    network.restrict('open');
    network.shape(slow ? SLOW_PHONE : 'none');
    const shopperBrowser = await launchBrowser({ executablePath: network.chromiumWrapper(CHROMIUM_PATH) });
    try {
      const context = await shopperBrowser.newContext(PHONE_CONTEXT);
      const shopper = await context.newPage();
      await watchConnections(shopper);
      if (slow) await slowDown(context, shopper);
      const since = (t: number) => Date.now() - t;
      const ms: PhoneRun['ms'] = {};

      let t = Date.now();
      await shopper.goto(`${INTERNET.shopUrl}/products/reading-chair.html`);
      const button = shopper.getByRole('button', { name: 'Video call a consultant' });
      await button.waitFor({ timeout: 60_000 });
      ms.pageToButton = since(t);
      t = Date.now();
      await button.click();
      const callFirst = shopper.getByRole('button', { name: 'Call the first available consultant' });
      await callFirst.waitFor({ timeout: 60_000 });
      ms.buttonToLobby = since(t);
      const callIdPromise = queuedCallId(shopper);
      t = Date.now();
      await callFirst.click();
      const ring = consultant.getByRole('alertdialog', { name: 'Incoming call' });
      await expect(ring).toBeVisible({ timeout: 60_000 });
      ms.callToRing = since(t);
      const callId = await callIdPromise;
      // At a person's pace: a ring taken the instant it shows measures the console's own joining
      // (see docs/benchmarks.md), not the phone.
      await consultant.waitForTimeout(1_500);
      t = Date.now();
      await ring.getByRole('button', { name: 'Accept' }).click();
      await expect
        .poll(
          () =>
            shopperRemote(shopper)
              .evaluate((v: HTMLVideoElement) => v.getVideoPlaybackQuality().totalVideoFrames)
              .catch(() => 0),
          {
            intervals: [50],
            timeout: 60_000,
            message: "the consultant's face on the phone",
          },
        )
        .toBeGreaterThan(0);
      ms.acceptToFace = since(t);

      await expectFramesGrowing(shopperRemote(shopper));
      await expectFramesGrowing(consultantRemote(consultant));
      await expectLiveAudio(shopper.locator('vitrina-call-panel vitrina-media-view[kind=audio] audio'));
      // Let the encoders and the SFU settle on what this network carries before reading it.
      await shopper.waitForTimeout(8_000);
      const phone = await mediaNow(shopper);
      const desk = await mediaNow(consultant);
      await shopper.screenshot({ path: screenshotPath(`internet-phone-${slow ? 'slow' : 'fast'}`) });

      await shopper.getByRole('button', { name: 'Hang up' }).click();
      await expect(consultant.getByTestId('call-ended')).toContainText('The call has ended.');
      await expect.poll(() => readCallRow(callId)?.state).toBe('ended');
      return { ms, phone, consultantReceives: desk.received };
    } finally {
      await shopperBrowser.close();
      network.shape('none');
    }
  }

  test('a slow phone (4× slower CPU, 3G) still reaches the consultant’s face and voice; what degrades is written down', async () => {
    test.setTimeout(240_000);
    const runs = { phone: await phoneCall(false), slowPhone: await phoneCall(true) };
    const file = path.join('test-results', 'internet', 'slow-phone.json');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify({ profile: SLOW_PHONE, ...runs }, null, 2)}\n`);
    for (const [name, run] of Object.entries(runs)) {
      test.info().annotations.push({ type: name, description: JSON.stringify(run) });
      console.log(`${name}: ${JSON.stringify(run)}`);
    }
    // The slow phone sent its camera and the consultant saw it.
    expect(runs.slowPhone.phone.sent?.fps ?? 0).toBeGreaterThan(0);
    expect(runs.slowPhone.consultantReceives?.fps ?? 0).toBeGreaterThan(0);
  });
});

test.describe('npm run doctor, run from outside', () => {
  const network = testNetwork(INTERNET.namespace);
  const shopPage = `${INTERNET.shopUrl}/products/reading-chair.html`;

  /** The doctor as a shop's developer runs it, told where the test hosts are and which CA to trust. */
  function doctor(server: string, o: { inNamespace?: boolean; hosts?: string[] } = {}): { code: number | null; out: string } {
    const env = internetEnv();
    const hosts = o.hosts ?? [INTERNET.publicHost, INTERNET.shopHost];
    const command = [
      process.execPath,
      '--import',
      'tsx',
      'scripts/doctor/doctor.ts',
      server,
      shopPage,
      '--ca',
      env.rootCa,
      ...hosts.flatMap((h) => ['--resolve', `${h}:${env.hostAddress}`]),
    ];
    const [cmd, ...args] = (o.inNamespace ? ['ip', 'netns', 'exec', network.name, ...command] : command) as [string, ...string[]];
    const run = spawnSync(cmd, args, { encoding: 'utf8', timeout: 150_000 });
    return { code: run.status, out: `${run.stdout}${run.stderr}` };
  }

  test('passes every check against the deployment', async () => {
    test.setTimeout(180_000);
    network.restrict('open');
    const { code, out } = doctor(INTERNET.publicUrl, { inNamespace: true });
    for (const check of [
      'DNS',
      'certificate',
      'health',
      'clock',
      'signalling over WSS',
      'media over UDP',
      'media over TCP',
      'TURN relay over UDP',
      'TURN relay over TLS (443)',
      'shop origin allowed',
      'widget on the shop page',
    ]) {
      expect(out, out).toMatch(new RegExp(`^✓ ${check.replace(/[()]/g, '\\$&')}`, 'm'));
    }
    expect(out).toContain('All 11 checks passed.');
    expect(code).toBe(0);
  });

  test('from a network that lets only HTTPS out, says which ports to open', async () => {
    test.setTimeout(180_000);
    network.restrict({ onlyTcpPorts: [INTERNET.httpsPort] });
    const { code, out } = doctor(INTERNET.publicUrl, { inNamespace: true });
    network.restrict('open');
    expect(out, out).toMatch(new RegExp(`^✗ media over UDP.*\\n  → open ${INTERNET.ports.livekitUdp}/udp in the firewall`, 'm'));
    expect(out).toMatch(new RegExp(`^✗ media over TCP.*\\n  → open ${INTERNET.ports.livekitTcp}/tcp in the firewall`, 'm'));
    expect(out).toMatch(new RegExp(`^✗ TURN relay over UDP.*\\n  → open ${INTERNET.ports.turnUdp}/udp in the firewall`, 'm'));
    expect(out).toMatch(/^✓ TURN relay over TLS \(443\)/m);
    expect(code).toBe(1);
  });

  test('says so when the server has no certificate for the name it is reached by', async () => {
    const { code, out } = doctor('https://wrong.vitrina.test', { hosts: ['wrong.vitrina.test'] });
    expect(out, out).toMatch(
      /^✗ certificate .*\n {2}→ the server has no certificate for wrong\.vitrina\.test: set VITRINA_PUBLIC_URL=https:\/\/wrong\.vitrina\.test/m,
    );
    expect(code).toBe(1);
  });
});
