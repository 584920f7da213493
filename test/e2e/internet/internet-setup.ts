import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildFrontends } from '../../../scripts/build.js';
import { ensureLivekitServer } from '../../../scripts/livekit/ensure-livekit.js';
import { startProduction } from '../../../scripts/production/production-stack.js';
import { ensureCaddy } from '../../../scripts/proxy/ensure-caddy.js';
import { spawnDemoShop, waitForHttp } from '../../../scripts/stack.js';
import { stopProcess } from '../../../scripts/system/stop-process.js';
import { homeTrusting } from '../../../scripts/system/trusting-home.js';
import { createTestNetwork } from '../../support/test-network.js';
import { INTERNET, type InternetEnv } from './internet-support.js';

/**
 * Playwright's global setup for `test/e2e/internet/`: the production stack `npm start` runs
 * for an https address (Caddy in front, LiveKit with TURN, no demo accounts), with Caddy's own
 * CA for a test host name, and a network namespace for the shopper's browser to sit in,
 * reaching this machine only through a veth pair. Browsers trust the CA through an NSS
 * database of their own (no certificate errors ignored) and resolve the test hosts to the
 * pair's address with `--host-resolver-rules`.
 */
export default async function internetSetup(): Promise<() => Promise<void>> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vitrina-e2e-internet-'));
  // The spec's workers add the paths they measured to this file: it starts empty each run.
  rmSync(path.join('test-results', 'internet', 'paths.json'), { force: true });
  const lines: string[] = [];
  const log = (source: string, line: string) => lines.push(`[${new Date().toISOString()}] [${source}] ${line}`);
  const network = createTestNetwork(INTERNET.namespace);
  const stopAll: (() => Promise<void>)[] = [async () => network.remove()];
  const teardown = async () => {
    for (const stop of stopAll.reverse()) await stop().catch(() => undefined);
    writeFileSync(path.join(dataDir, 'stack.log'), lines.join('\n'));
    console.log(`internet stack log: ${path.join(dataDir, 'stack.log')}`);
  };
  try {
    await buildFrontends({ minify: false });
    let setupLink = '';
    const stack = await startProduction({
      livekitBin: await ensureLivekitServer(),
      caddyBin: await ensureCaddy(),
      dataDir,
      publicUrl: INTERNET.publicUrl,
      publicIp: network.hostAddress,
      bind: network.hostAddress,
      tls: 'internal',
      ports: INTERNET.ports,
      moreSites: [{ host: INTERNET.shopHost, upstream: `127.0.0.1:${INTERNET.shopPort}` }],
      serverEnv: { VITRINA_ALLOWED_ORIGINS: INTERNET.shopUrl, VITRINA_RING_TIMEOUT_S: '10', VITRINA_LOG_LEVEL: 'debug' },
      onLine: (source, line) => {
        log(source, line);
        const link = /open this link once to create it[^:]*: (\S+)"/.exec(line)?.[1];
        if (link) setupLink = link;
      },
    });
    stopAll.push(() => stack.stop());
    const shop = spawnDemoShop(INTERNET.shopPort, INTERNET.publicUrl, [INTERNET.publicUrl.replace(/^https/, 'wss')], (line) => log('shop', line));
    stopAll.push(() => stopProcess(shop));
    await waitForHttp(`http://127.0.0.1:${INTERNET.shopPort}/`, shop, 'the demo shop');
    if (!setupLink) throw new Error('the production server printed no one-time owner set-up link');

    const env: InternetEnv = {
      dataDir,
      setupLink,
      nssHome: homeTrusting(readFileSync(stack.rootCa ?? ''), path.join(dataDir, 'browser-home')),
      rootCa: stack.rootCa ?? '',
      hostAddress: network.hostAddress,
    };
    process.env.INTERNET_ENV = JSON.stringify(env);
    // The tests read the server's store as the other suites do (test/e2e/support.ts).
    process.env.E2E_DATA_DIR = dataDir;
    return teardown;
  } catch (err) {
    await teardown();
    throw err;
  }
}
