/**
 * What the widget costs a product page before anyone clicks: bytes (raw and gzip) fetched
 * because of it, every request it makes (none may go to the media server), the layout shift the
 * button causes, and the main-thread time it adds, against the same page without the widget,
 * loaded in the same run. Exits non-zero when the loader is over its budget.
 *
 *   npm run bench:weight [-- --runs 10]
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from '@playwright/test';
import { buildFrontends } from '../scripts/build.js';
import { ensureLivekitServer } from '../scripts/livekit/ensure-livekit.js';
import { startStack } from '../scripts/stack.js';
import { chromiumLaunchOptions } from '../test/support/chromium.js';
import { distribution } from './stats.js';

/** The loader's budget, Lit included: the shop's page must not notice us. */
export const BUDGET_GZIP_BYTES = 10 * 1024;

const here = path.dirname(fileURLToPath(import.meta.url));
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 10;

interface Fetched {
  url: string;
  raw: number;
  gzip: number;
}

interface Load {
  /** Everything fetched from our server: the loader's scripts and the status answer. */
  widget: Fetched[];
  mediaServerRequests: number;
  layoutShift: number;
  /** Chromium's own count of main-thread task time for the page, ms. */
  taskMs: number;
  scriptMs: number;
}

async function load(browser: Browser, url: string, o: { serverOrigin: string; livekitOrigin: string; withWidget: boolean }): Promise<Load> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(`
    window.__shift = 0;
    new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value; })
      .observe({ type: 'layout-shift', buffered: true });
  `);
  if (!o.withWidget) {
    // The baseline: the very same page, its widget lines taken out.
    await page.route(url, async (route) => {
      const res = await route.fetch();
      const html = (await res.text()).replace(/<script[^>]*vitrina\.js[^>]*><\/script>/, '').replace(/<vitrina-call-button[^>]*><\/vitrina-call-button>/, '');
      await route.fulfill({ response: res, body: html });
    });
  }
  const widget: Fetched[] = [];
  let mediaServerRequests = 0;
  page.on('request', (req) => {
    if (req.url().startsWith(o.livekitOrigin)) mediaServerRequests++;
  });
  page.on('response', async (res) => {
    if (!res.url().startsWith(o.serverOrigin)) return;
    const body = await res.body().catch(() => Buffer.alloc(0));
    widget.push({ url: new URL(res.url()).pathname + new URL(res.url()).search, raw: body.byteLength, gzip: gzipSync(body, { level: 9 }).byteLength });
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(url, { waitUntil: 'load' });
  // The button renders and asks for the queue status after load; give it time to settle.
  await page.waitForTimeout(1500);
  const metrics = (await cdp.send('Performance.getMetrics')).metrics as { name: string; value: number }[];
  const metric = (name: string) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
  const layoutShift = await page.evaluate<number>('window.__shift');
  await context.close();
  return {
    widget: widget.sort((a, b) => a.url.localeCompare(b.url)),
    mediaServerRequests,
    layoutShift,
    taskMs: metric('TaskDuration'),
    scriptMs: metric('ScriptDuration'),
  };
}

async function main(): Promise<number> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vitrina-bench-'));
  await buildFrontends();
  const stack = await startStack({
    livekitBin: await ensureLivekitServer(),
    dataDir,
    ports: { server: 38080, shop: 38081, livekit: 37880, livekitTcp: 37881, livekitUdp: 37882 },
    onLine: () => {},
  });
  const browser = await chromium.launch({ ...chromiumLaunchOptions, headless: true });
  const url = `${stack.shopUrl}/products/reading-chair.html`;
  const origins = { serverOrigin: new URL(stack.serverUrl).origin, livekitOrigin: stack.livekit.url.replace(/^ws/, 'http') };
  const withWidget: Load[] = [];
  const without: Load[] = [];
  try {
    // Alternate, so both see the same machine state; the first pair warms the server's caches.
    for (let i = 0; i <= runs; i++) {
      const a = await load(browser, url, { ...origins, withWidget: true });
      const b = await load(browser, url, { ...origins, withWidget: false });
      if (i === 0) continue;
      withWidget.push(a);
      without.push(b);
    }
  } finally {
    await browser.close();
    await stack.stop();
  }
  const first = withWidget[0];
  const sum = (files: Fetched[], key: 'raw' | 'gzip') => files.reduce((n, f) => n + f[key], 0);
  const scripts = first.widget.filter((f) => f.url.endsWith('.js'));
  const extraTask = distribution(withWidget.map((l, i) => l.taskMs - without[i].taskMs));
  const extraScript = distribution(withWidget.map((l, i) => l.scriptMs - without[i].scriptMs));
  const result = {
    runs,
    url: '/products/reading-chair.html (demo shop)',
    loader: { raw: sum(scripts, 'raw'), gzip: sum(scripts, 'gzip'), budgetGzip: BUDGET_GZIP_BYTES },
    fetchedBeforeClick: first.widget,
    mediaServerRequests: Math.max(...withWidget.map((l) => l.mediaServerRequests)),
    layoutShift: { withWidget: Math.max(...withWidget.map((l) => l.layoutShift)), without: Math.max(...without.map((l) => l.layoutShift)) },
    mainThreadMsAdded: { task: extraTask, script: extraScript },
  };
  mkdirSync(path.join(here, 'results'), { recursive: true });
  writeFileSync(path.join(here, 'results', 'page-weight.json'), JSON.stringify(result, null, 2));
  const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
  console.log(`page weight, ${runs} runs of the demo product page with and without the widget`);
  console.log(`  the loader (scripts) before a click: ${kb(result.loader.raw)} raw, ${kb(result.loader.gzip)} gzip -9 (budget ${kb(BUDGET_GZIP_BYTES)})`);
  for (const f of first.widget) console.log(`    ${f.url}: ${f.raw} B raw, ${f.gzip} B gzip`);
  console.log(`  requests to the media server before a click: ${result.mediaServerRequests}`);
  console.log(`  layout shift: ${result.layoutShift.withWidget.toFixed(4)} with the widget, ${result.layoutShift.without.toFixed(4)} without`);
  console.log(
    `  main-thread task time added (ms, min / median / max): ${extraTask.min.toFixed(1)} / ${extraTask.p50.toFixed(1)} / ${extraTask.max.toFixed(1)}; of it script ${extraScript.p50.toFixed(1)}`,
  );
  const over = result.loader.gzip > BUDGET_GZIP_BYTES;
  if (over) console.error(`OVER BUDGET: the loader costs the page ${kb(result.loader.gzip)} gzip before a click (budget ${kb(BUDGET_GZIP_BYTES)})`);
  if (result.mediaServerRequests > 0) console.error('the widget reached the media server before a click');
  return over || result.mediaServerRequests > 0 ? 1 : 0;
}

process.exitCode = await main();
