/**
 * `npm run service:install`: makes this production setup start at boot and come back after a
 * crash. Run it once, as root, with the same settings as `npm start` in production:
 *
 *   VITRINA_PUBLIC_URL=https://video.example.com VITRINA_PUBLIC_IP=… npm run service:install
 *
 * It writes the settings to /etc/vitrina/vitrina.env (mode 600: they may hold secrets) and a
 * systemd unit, vitrina.service, that runs `npm start` here: npm start supervises Caddy,
 * livekit-server and the server, stops them all when one dies, and systemd starts it again.
 * `--root <dir>` writes under another root and starts nothing (to look before installing).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { onPath } from './system/ensure-system-tools.js';
import { projectRoot } from './system/paths.js';

/** The settings a production server is started with; everything else keeps its default. */
const SETTING = /^(VITRINA_|LIVEKIT_|CADDY_PATH$|CHROMIUM_PATH$|FFMPEG_PATH$|FFPROBE_PATH$|NODE_ENV$)/;

const Env = z.object({
  VITRINA_PUBLIC_URL: z.url({ protocol: /^https$/, error: 'must be set to the https address of this server (see docs/deploy.md)' }),
});

export function serviceFiles(o: { env: NodeJS.ProcessEnv; workDir: string; npm: string; node: string }): { unit: string; envFile: string } {
  const settings = Object.entries(o.env)
    .filter(([key, value]) => SETTING.test(key) && value !== undefined && value !== '')
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `${key}=${JSON.stringify(value)}`);
  const unit = [
    '[Unit]',
    'Description=Vitrina video consultations (Caddy, livekit-server and the server, supervised by npm start)',
    'After=network-online.target',
    'Wants=network-online.target',
    '',
    '[Service]',
    'Type=simple',
    `WorkingDirectory=${o.workDir}`,
    'EnvironmentFile=/etc/vitrina/vitrina.env',
    // npm and node from where they were found now, not whatever PATH systemd has.
    `Environment=PATH=${path.dirname(o.node)}:/usr/local/bin:/usr/bin:/bin`,
    `ExecStart=${o.npm} start`,
    'Restart=on-failure',
    'RestartSec=5',
    // npm start stops its children in order and lets recordings finish.
    'KillSignal=SIGTERM',
    'KillMode=mixed',
    'TimeoutStopSec=40',
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
  return { unit, envFile: `${['# Written by npm run service:install; edit, then: systemctl restart vitrina', 'NODE_ENV="production"', ...settings.filter((s) => !s.startsWith('NODE_ENV='))].join('\n')}\n` };
}

function main(): void {
  const args = process.argv.slice(2);
  const rootIndex = args.indexOf('--root');
  const root = rootIndex >= 0 ? path.resolve(args[rootIndex + 1] ?? '') : '/';
  const parsed = Env.safeParse(process.env);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; '));
  const npm = spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).stdout.trim() || '/usr/bin/npm';
  const { unit, envFile } = serviceFiles({ env: process.env, workDir: projectRoot, npm, node: process.execPath });
  const etc = path.join(root, 'etc', 'vitrina');
  mkdirSync(etc, { recursive: true, mode: 0o700 });
  chmodSync(etc, 0o700);
  writeFileSync(path.join(etc, 'vitrina.env'), envFile, { mode: 0o600 });
  const unitDir = path.join(root, 'etc', 'systemd', 'system');
  mkdirSync(unitDir, { recursive: true });
  writeFileSync(path.join(unitDir, 'vitrina.service'), unit);
  console.log(`Wrote ${path.join(unitDir, 'vitrina.service')} and ${path.join(etc, 'vitrina.env')}.`);
  if (root !== '/') return;
  if (!onPath('systemctl')) {
    console.log('No systemctl here: start it with your service manager, or run npm start.');
    return;
  }
  for (const command of [['daemon-reload'], ['enable', '--now', 'vitrina']]) {
    const run = spawnSync('systemctl', command, { stdio: 'inherit' });
    if (run.status !== 0) throw new Error(`systemctl ${command.join(' ')} failed`);
  }
  console.log('vitrina.service is running and starts at boot. Its log: journalctl -u vitrina -f (the owner\'s one-time link is there).');
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(projectRoot, 'scripts', 'service-install.ts')) {
  try {
    main();
  } catch (err) {
    console.error(`service:install: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  }
}
