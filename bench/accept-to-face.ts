/**
 * Accept → first face: how long after the consultant clicks "Accept" each side decodes the
 * other's first video frame, in real Chromium against the real livekit-server; and, run by run
 * in the same browsers, the baseline: two pages that start a bare livekit-client join (connect,
 * publish, subscribe; bench/support/bare-join-page.ts) at the same moment.
 * Run: npm run bench:accept [-- runs]   (default 9 runs)
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { buildFrontends } from '../scripts/build.js';
import { ensureLivekitServer } from '../scripts/livekit/ensure-livekit.js';
import { startStack } from '../scripts/stack.js';
import { DEMO_AGENTS } from '../server/accounts/demo-seed.js';
import { chromiumLaunchOptions } from '../test/support/chromium.js';
import { RoomServiceClient, AccessToken } from 'livekit-server-sdk';
import { fileURLToPath } from 'node:url';
import { devSecrets } from '../scripts/dev-secrets.js';
import { serveBundle } from '../test/support/serve-bundle.js';
import { quantile, summarise } from './stats.js';

const here = path.dirname(fileURLToPath(import.meta.url));

const runs = Number(process.argv[2] ?? 9);

/**
 * Clicks "Call the first available consultant" in the page and resolves with the ms until the
 * panel says the shopper is waiting (or already ringing), which it does once the room is joined.
 */
function clickedToWaiting(page: Page): Promise<number> {
  return page.evaluate<number>(`new Promise((resolve) => {
    const panel = () => document.querySelector('vitrina-call-button').shadowRoot.querySelector('vitrina-call-panel').shadowRoot;
    const call = [...panel().querySelectorAll('button')].find((b) => b.textContent.trim() === 'Call the first available consultant');
    const at = Date.now();
    call.click();
    const timer = setInterval(() => {
      if (/Waiting for a consultant|Calling a consultant/.test(panel().textContent)) {
        clearInterval(timer);
        resolve(Date.now() - at);
      }
    }, 2);
  })`);
}

/** Resolves with Date.now() in the page when its remote video (inside shadow roots) has decoded a frame. */
function firstRemoteFrame(page: Page, host: string): Promise<number> {
  // A string, so that the bundler's helpers (tsx names functions) do not leak into the page.
  return page.evaluate<number>(`new Promise((resolve) => {
    const timer = setInterval(() => {
      const root = document.querySelector(${JSON.stringify(host)});
      const panel = root?.shadowRoot?.querySelector('vitrina-call-panel') ?? root;
      const stage = panel?.shadowRoot?.querySelector('vitrina-call-stage');
      const video = stage?.shadowRoot?.querySelector('vitrina-media-view.remote')?.shadowRoot?.querySelector('video');
      if (video && video.getVideoPlaybackQuality().totalVideoFrames > 0) {
        clearInterval(timer);
        resolve(Date.now());
      }
    }, 2);
  })`);
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vitrina-bench-'));
  await buildFrontends();
  const stack = await startStack({
    livekitBin: await ensureLivekitServer(),
    dataDir,
    ports: { server: 28080, shop: 28081, livekit: 27880, livekitTcp: 27881, livekitUdp: 27882 },
    onLine: () => {},
    serverEnv: { VITRINA_RECORDER: process.env.VITRINA_RECORDER ?? 'chromium' },
  });
  // Two browsers, as two people on two machines: pages of one browser compete for its focus.
  const agentBrowser = await chromium.launch({ ...chromiumLaunchOptions, headless: true });
  const shopperBrowser = await chromium.launch({ ...chromiumLaunchOptions, headless: true });
  const clickToWaiting: number[] = [];
  const shopperSees: number[] = [];
  const agentSees: number[] = [];
  const both: number[] = [];
  const bare = { shopperSees: [] as number[], agentSees: [] as number[], both: [] as number[] };
  const secrets = devSecrets(dataDir);
  const rooms = new RoomServiceClient(stack.livekit.httpUrl, secrets.livekitApiKey, secrets.livekitApiSecret);
  const bareOrigin = await serveBundle(path.join(here, 'support', 'bare-join-page.ts'));
  const bareToken = (room: string, identity: string) => {
    const token = new AccessToken(secrets.livekitApiKey, secrets.livekitApiSecret, { identity, ttl: 600 });
    token.addGrant({ room, roomJoin: true, canPublish: true, canSubscribe: true });
    return token.toJwt();
  };
  /** Both bare pages start joining in the same instant; each says when it saw the other. */
  async function bareRun(run: number): Promise<void> {
    const room = `bare-${run}`;
    await rooms.createRoom({ name: room });
    const pages = await Promise.all([shopperBrowser, agentBrowser].map(async (b) => (await b.newContext({ permissions: ['camera', 'microphone'] })).newPage()));
    for (const p of pages) {
      await p.goto(`${bareOrigin}/`);
      await p.waitForFunction('typeof window.bareJoin === "function"');
    }
    const [s, a] = (await Promise.all(
      pages.map(async (p, i) =>
        p.evaluate<{ start: number; firstFrame: number }>(
          `window.bareJoin(${JSON.stringify({ url: stack.livekit.url, token: await bareToken(room, i === 0 ? 'shopper' : 'agent') })})`,
        ),
      ),
    )) as [{ start: number; firstFrame: number }, { start: number; firstFrame: number }];
    const start = Math.min(s.start, a.start);
    bare.shopperSees.push(s.firstFrame - start);
    bare.agentSees.push(a.firstFrame - start);
    bare.both.push(Math.max(s.firstFrame, a.firstFrame) - start);
    await Promise.all(pages.map((p) => p.context().close()));
    await rooms.deleteRoom(room);
  }
  try {
    const agentContext = await agentBrowser.newContext({ permissions: ['camera', 'microphone'] });
    const agent = await agentContext.newPage();
    await agent.goto(`${stack.serverUrl}/console/agent/`);
    await agent.getByLabel('E-mail').fill(DEMO_AGENTS[0].email);
    await agent.getByLabel('Password').fill(DEMO_AGENTS[0].password);
    await agent.getByRole('button', { name: 'Sign in' }).click();
    await agent.getByRole('button', { name: "I'm available" }).click();

    for (let run = 0; run < runs; run++) {
      const shopperContext = await shopperBrowser.newContext({ permissions: ['camera', 'microphone'] });
      const shopper = await shopperContext.newPage();
      await shopper.goto(`${stack.shopUrl}/products/reading-chair.html`);
      await shopper.getByRole('button', { name: 'Video call a consultant' }).click();
      await shopper.getByRole('button', { name: 'Call the first available consultant' }).waitFor();
      clickToWaiting.push(await clickedToWaiting(shopper));
      await agent.getByRole('button', { name: 'Accept' }).waitFor();
      // Let both sides finish joining and publishing, as they do while a real ring sounds.
      await agent.waitForTimeout(1500);
      const seenByShopper = firstRemoteFrame(shopper, 'vitrina-call-button');
      const seenByAgent = firstRemoteFrame(agent, 'vitrina-agent-console');
      const clickedAt = await agent.evaluate<number>(`(() => {
        const buttons = document.querySelector('vitrina-agent-console').shadowRoot.querySelectorAll('button');
        const accept = [...buttons].find((b) => b.textContent.trim() === 'Accept');
        const at = Date.now();
        accept.click();
        return at;
      })()`);
      const [s, a] = await Promise.all([seenByShopper, seenByAgent]);
      shopperSees.push(s - clickedAt);
      agentSees.push(a - clickedAt);
      both.push(Math.max(s, a) - clickedAt);
      await shopper.getByRole('button', { name: 'Hang up' }).click();
      await agent.getByRole('button', { name: 'Next' }).click();
      await shopperContext.close();
      await bareRun(run);
    }
  } finally {
    await Promise.all([agentBrowser.close(), shopperBrowser.close()]);
    await stack.stop();
  }
  const median = (xs: number[]) =>
    quantile(
      [...xs].sort((x, y) => x - y),
      0.5,
    );
  console.log(
    `click "first available" → the panel says waiting, room joined (camera and microphone asked for, token, join, publish), ${runs} runs, ms (min / median / p90 / max): ${summarise(clickToWaiting)}`,
  );
  console.log(`accept → first frame, ${runs} runs, ms (min / median / p90 / max); baseline: a bare livekit-client join started at the same moment`);
  console.log(
    `  shopper sees the consultant: ${summarise(shopperSees)}   bare join: ${summarise(bare.shopperSees)}   ratio of medians ${(median(shopperSees) / median(bare.shopperSees)).toFixed(2)}`,
  );
  console.log(
    `  consultant sees the shopper: ${summarise(agentSees)}   bare join: ${summarise(bare.agentSees)}   ratio of medians ${(median(agentSees) / median(bare.agentSees)).toFixed(2)}`,
  );
  console.log(
    `  both see each other:         ${summarise(both)}   bare join: ${summarise(bare.both)}   ratio of medians ${(median(both) / median(bare.both)).toFixed(2)}`,
  );
}

await main();
