/**
 * Accept → first face: how long after the consultant clicks "Accept" each side decodes the
 * other's first video frame, in real Chromium against the real livekit-server.
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
import { summarise } from './stats.js';

const runs = Number(process.argv[2] ?? 9);

/** Resolves with Date.now() in the page when its remote video (inside shadow roots) has decoded a frame. */
function firstRemoteFrame(page: Page, host: string): Promise<number> {
  // A string, so that the bundler's helpers (tsx names functions) do not leak into the page.
  return page.evaluate(`new Promise((resolve) => {
    const timer = setInterval(() => {
      const root = document.querySelector(${JSON.stringify(host)});
      const panel = root?.shadowRoot?.querySelector('vitrina-call-panel') ?? root;
      const video = panel?.shadowRoot?.querySelector('vitrina-media-view.remote')?.shadowRoot?.querySelector('video');
      if (video && video.getVideoPlaybackQuality().totalVideoFrames > 0) {
        clearInterval(timer);
        resolve(Date.now());
      }
    }, 2);
  })`) as Promise<number>;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vitrina-bench-'));
  await buildFrontends();
  const stack = await startStack({
    livekitBin: await ensureLivekitServer(),
    dataDir,
    ports: { server: 28080, shop: 28081, livekit: 27880, livekitTcp: 27881, livekitUdp: 27882 },
    onLine: () => {},
  });
  // Two browsers, as two people on two machines: pages of one browser compete for its focus.
  const agentBrowser = await chromium.launch({ ...chromiumLaunchOptions, headless: true });
  const shopperBrowser = await chromium.launch({ ...chromiumLaunchOptions, headless: true });
  const shopperSees: number[] = [];
  const agentSees: number[] = [];
  const both: number[] = [];
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
      await agent.getByRole('button', { name: 'Accept' }).waitFor();
      // Let both sides finish joining and publishing, as they do while a real ring sounds.
      await agent.waitForTimeout(1500);
      const seenByShopper = firstRemoteFrame(shopper, 'vitrina-call-button');
      const seenByAgent = firstRemoteFrame(agent, 'vitrina-agent-console');
      const clickedAt = (await agent.evaluate(`(() => {
        const buttons = document.querySelector('vitrina-agent-console').shadowRoot.querySelectorAll('button');
        const accept = [...buttons].find((b) => b.textContent.trim() === 'Accept');
        const at = Date.now();
        accept.click();
        return at;
      })()`)) as number;
      const [s, a] = await Promise.all([seenByShopper, seenByAgent]);
      shopperSees.push(s - clickedAt);
      agentSees.push(a - clickedAt);
      both.push(Math.max(s, a) - clickedAt);
      await shopper.getByRole('button', { name: 'Hang up' }).click();
      await agent.getByRole('button', { name: 'Next' }).click();
      await shopperContext.close();
    }
  } finally {
    await Promise.all([agentBrowser.close(), shopperBrowser.close()]);
    await stack.stop();
  }
  console.log(`accept → first frame, ${runs} runs, ms (min / median / p90 / max)`);
  console.log(`  shopper sees the consultant: ${summarise(shopperSees)}`);
  console.log(`  consultant sees the shopper: ${summarise(agentSees)}`);
  console.log(`  both see each other:         ${summarise(both)}`);
}

await main();
