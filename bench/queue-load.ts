/**
 * Queue under load: simulated shoppers and consultants (plain HTTP clients: no browsers, no
 * media) against the real server, a real livekit-server and the real SQLite file. Every call
 * must end answered or cancelled, and the simulation's own counts must match the store's.
 *
 * Run: npm run bench:queue [-- --shoppers 1000 --agents 100 --arrive-s 40 --seed 1 --history 0]
 *      (all options: npm run bench:queue -- --help)
 *
 * The server (startTestServer: our app, livekit-server, a temporary SQLite file) runs in a
 * child process, as it would in production, so the clients' work does not queue on its event
 * loop. Exits non-zero if anything does not reconcile. The simulation itself is in
 * bench/support/queue-sim/ (run-load.ts); bench/queue-cluster.ts runs it against two servers.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ServerProcess } from './support/queue-server.js';
import { parseOptions } from './support/queue-sim/options.js';
import { runLoad } from './support/queue-sim/run-load.js';
import { sqliteReader } from './support/queue-sim/store.js';

const args = process.argv.slice(2);
const o = parseOptions(args[0] === '--' ? args.slice(1) : args, 'npm run bench:queue');
const t0 = performance.now();
// The harness's server reads VITRINA_TEST_POSTGRES_URL: this bench is the SQLite one, whatever the shell says.
const server = ServerProcess.start(
  { role: 'test-server', agents: o.agents, ringTimeoutS: o.ringTimeoutS, cluster: false, history: o.history },
  { VITRINA_TEST_POSTGRES_URL: '' },
);
let ok = false;
const interrupted = () => {
  void server.close().then(() => process.exit(130));
};
process.once('SIGINT', interrupted);
try {
  const ready = await server.ready();
  ok = (
    await runLoad(o, {
      servers: [{ process: server, url: ready.url, label: 'server process (app + SQLite)' }],
      agents: ready.agents,
      store: sqliteReader(path.join(ready.dataDir, 'vitrina.sqlite')),
      t0,
      serverUpS: (performance.now() - t0) / 1000,
    })
  ).ok;
} finally {
  await server.close();
  process.off('SIGINT', interrupted);
}
process.exit(ok ? 0 : 1);
