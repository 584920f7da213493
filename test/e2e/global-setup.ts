import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildFrontends } from '../../scripts/build.js';
import { ensureLivekitServer } from '../../scripts/livekit/ensure-livekit.js';
import { startStack } from '../../scripts/stack.js';

/**
 * Starts the same stack `npm start` runs (real livekit-server, real server, demo shop) on
 * test ports with a fresh data folder, and tells the tests where it is through the environment.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vitrina-e2e-'));
  const logFile = path.join(dataDir, 'stack.log');
  const lines: string[] = [];
  // `npm test`'s e2e-postgres runs the same tests with the server on a throwaway PostgreSQL.
  const databaseUrl = process.env.VITRINA_TEST_POSTGRES_URL;
  await buildFrontends({ minify: false });
  const stack = await startStack({
    livekitBin: await ensureLivekitServer(),
    dataDir,
    ports: { server: 18080, shop: 18081, livekit: 17880, livekitTcp: 17881, livekitUdp: 17882 },
    onLine: (source, line) => lines.push(`[${source}] ${line}`),
    serverEnv: {
      VITRINA_LOG_LEVEL: 'debug',
      VITRINA_RING_TIMEOUT_S: '10',
      VITRINA_SHOPPER_REJOIN_GRACE_S: '6',
      ...(databaseUrl ? { VITRINA_DATABASE_URL: databaseUrl } : {}),
    },
  });
  // Tests run in worker processes; this is how they ask for a server restart (a deploy mid-queue).
  const control = createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/restart-server') return void res.writeHead(404).end();
    stack.restartServer().then(
      () => res.writeHead(204).end(),
      (err: unknown) => res.writeHead(500).end(String(err)),
    );
  });
  await new Promise<void>((resolve) => control.listen(18090, '127.0.0.1', resolve));
  process.env.E2E_CONTROL_URL = 'http://127.0.0.1:18090';
  process.env.E2E_SERVER_URL = stack.serverUrl;
  process.env.E2E_SHOP_URL = stack.shopUrl;
  process.env.E2E_DATA_DIR = dataDir;
  if (databaseUrl) process.env.E2E_DATABASE_URL = databaseUrl;
  return async () => {
    control.close();
    await stack.stop();
    writeFileSync(logFile, lines.join('\n'));
    console.log(`stack log: ${logFile}`);
  };
}
