/**
 * `npm start`: builds what is missing, starts livekit-server, the Vitrina server and the demo
 * shop on this machine, prints where to go, and stops them all on Ctrl-C.
 */
import path from 'node:path';
import { DEMO_AGENTS } from '../server/accounts/demo-seed.js';
import { buildFrontends } from './build.js';
import { ensureLivekitServer } from './livekit/ensure-livekit.js';
import { projectRoot } from './system/paths.js';
import { formatLine } from './system/log-format.js';
import { startStack } from './stack.js';

const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

async function main(): Promise<void> {
  const say = (line: string) => console.log(`[vitrina] ${line}`);
  const livekitBin = await ensureLivekitServer(say);
  say('building the widget and the console…');
  await buildFrontends();
  const stack = await startStack({
    livekitBin,
    dataDir: path.resolve(process.env.VITRINA_DATA_DIR ?? path.join(projectRoot, 'data')),
    ports: {
      server: port('VITRINA_PORT', 8080),
      shop: port('DEMO_SHOP_PORT', 8081),
      livekit: port('LIVEKIT_PORT', 7880),
      livekitTcp: port('LIVEKIT_RTC_TCP_PORT', 7881),
      livekitUdp: port('LIVEKIT_RTC_UDP_PORT', 7882),
    },
    onLine: (source, line) => console.log(formatLine(source, line)),
  });

  const agents = DEMO_AGENTS.map((a) => `${a.email} / ${a.password}`).join('   ');
  console.log(
    [
      '',
      '  Vitrina is running.',
      `  Demo shop (shopper):   ${stack.shopUrl}/`,
      `  Agent console:         ${stack.serverUrl}/console/agent/`,
      `  Demo consultants:      ${agents}`,
      `  LiveKit:               ${stack.livekit.url}`,
      '  Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping…');
    await stack.stop();
    say('stopped.');
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  const which = await stack.died;
  if (!stopping) {
    say(`${which} stopped unexpectedly; stopping the rest.`);
    await stop(1);
  }
}

main().catch((err: unknown) => {
  console.error(`[vitrina] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
