/**
 * `npm run service:install`: hands the production stack to systemd, so that it starts at boot
 * and each part comes back after a crash. Run it once, as root, with the same settings as
 * `npm start` in production, and again after an upgrade (it rebuilds and restarts):
 *
 *   VITRINA_PUBLIC_URL=https://video.example.com VITRINA_PUBLIC_IP=… npm run service:install
 *
 * Three units, one per process of the plan (production-plan.ts): vitrina-caddy (TLS in front),
 * vitrina-livekit (media) and vitrina (the server, whose restart leaves calls' media flowing).
 * Caddy's and LiveKit's configurations go into the data folder, the server's settings into
 * /etc/vitrina/vitrina.env; all three files are private (mode 600), as they hold secrets.
 * `--root <dir>` writes the units and the settings under another root and starts nothing.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildFrontends } from './build.js';
import { ensureLivekitServer } from './livekit/ensure-livekit.js';
import { planProduction, type ProductionPlan, type ProductionSettings } from './production/production-plan.js';
import { writeLivekitConfig } from './livekit/livekit-process.js';
import { caddyCommand, writeCaddyfile } from './proxy/caddy-process.js';
import { ensureCaddy } from './proxy/ensure-caddy.js';
import { productionSettings, readStartSettings } from './start-settings.js';
import { ensureSystemTools, onPath } from './system/ensure-system-tools.js';
import { projectRoot } from './system/paths.js';

/** The settings a production server is started with; everything else keeps its default. */
const SETTING = /^(VITRINA_|LIVEKIT_|CHROMIUM_PATH$|FFMPEG_PATH$|FFPROBE_PATH$)/;

export const UNITS = ['vitrina-caddy', 'vitrina-livekit', 'vitrina'] as const;
export const ENV_FILE = '/etc/vitrina/vitrina.env';

/** systemd splits ExecStart on spaces and honours double quotes. */
const commandLine = (args: string[]) => args.map((a) => (/[\s"\\]/.test(a) ? JSON.stringify(a) : a)).join(' ');

function unit(o: { description: string; exec: string[]; after?: string[]; wants?: string[]; service: string[] }): string {
  const after = ['network-online.target', ...(o.after ?? [])];
  return [
    '[Unit]',
    `Description=${o.description}`,
    `After=${after.join(' ')}`,
    `Wants=${['network-online.target', ...(o.wants ?? [])].join(' ')}`,
    '',
    '[Service]',
    'Type=simple',
    `ExecStart=${commandLine(o.exec)}`,
    ...o.service,
    'Restart=on-failure',
    'RestartSec=5',
    // A call's media and its recording hold many sockets and files at once.
    'LimitNOFILE=65536',
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
}

export interface ServiceFiles {
  /** File name → text, for /etc/systemd/system. */
  units: Record<`${(typeof UNITS)[number]}.service`, string>;
  /** The server's settings, for ENV_FILE. */
  envFile: string;
}

/** The units that run the plan's three processes, and the server's settings. */
export function serviceFiles(o: { plan: ProductionPlan; settings: ProductionSettings; env: NodeJS.ProcessEnv; workDir: string; node: string }): ServiceFiles {
  const caddy = caddyCommand(o.settings.caddyBin, o.settings.dataDir, o.plan.caddy);
  const livekitConfig = path.join(o.plan.livekit.dir, o.plan.livekit.configFile ?? 'livekit.yaml');
  const given = Object.entries(o.env).filter((entry): entry is [string, string] => SETTING.test(entry[0]) && !!entry[1]);
  const settings = { ...Object.fromEntries(given), ...o.plan.serverEnv };
  const envFile = [
    `# Written by npm run service:install; edit, then: systemctl restart vitrina`,
    ...Object.entries(settings)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, value]) => `${key}=${JSON.stringify(value)}`),
    '',
  ].join('\n');
  return {
    units: {
      'vitrina-caddy.service': unit({
        description: 'Vitrina: Caddy in front (HTTPS, LiveKit signalling, TURN over TLS on the HTTPS port)',
        exec: caddy.args,
        service: [...Object.entries(caddy.env).map(([k, v]) => `Environment=${k}=${v}`), 'TimeoutStopSec=10'],
      }),
      'vitrina-livekit.service': unit({
        description: 'Vitrina: livekit-server (call media, TURN)',
        exec: [o.plan.livekit.bin, '--config', livekitConfig],
        service: ['TimeoutStopSec=15'],
      }),
      'vitrina.service': unit({
        description: 'Vitrina: the server (queue, accounts, tokens, recordings)',
        exec: [o.node, '--import', 'tsx', 'server/index.ts'],
        after: ['vitrina-livekit.service'],
        wants: ['vitrina-livekit.service', 'vitrina-caddy.service'],
        service: [
          `WorkingDirectory=${o.workDir}`,
          `EnvironmentFile=${ENV_FILE}`,
          // The server first, so it can finish its recordings; what it started goes after it.
          'KillSignal=SIGTERM',
          'KillMode=mixed',
          'TimeoutStopSec=40',
        ],
      }),
    },
    envFile,
  };
}

/** Writes Caddy's and LiveKit's configurations into the data folder, and the units and settings under `root`. */
export function installService(o: { root: string; settings: ProductionSettings; env: NodeJS.ProcessEnv; workDir?: string; node?: string }): {
  plan: ProductionPlan;
  files: ServiceFiles;
} {
  const plan = planProduction(o.settings, o.env);
  writeCaddyfile(o.settings.dataDir, plan.caddy);
  writeLivekitConfig(plan.livekit);
  const files = serviceFiles({ plan, settings: o.settings, env: o.env, workDir: o.workDir ?? projectRoot, node: o.node ?? process.execPath });
  const etc = path.join(o.root, path.dirname(ENV_FILE));
  mkdirSync(etc, { recursive: true, mode: 0o700 });
  chmodSync(etc, 0o700);
  writeFileSync(path.join(o.root, ENV_FILE), files.envFile, { mode: 0o600 });
  chmodSync(path.join(o.root, ENV_FILE), 0o600);
  const unitDir = path.join(o.root, 'etc', 'systemd', 'system');
  mkdirSync(unitDir, { recursive: true });
  for (const [name, text] of Object.entries(files.units)) writeFileSync(path.join(unitDir, name), text);
  return { plan, files };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const rootIndex = args.indexOf('--root');
  const root = rootIndex >= 0 ? path.resolve(args[rootIndex + 1] ?? '') : '/';
  const say = (line: string) => console.log(`[service:install] ${line}`);
  const env = readStartSettings();
  ensureSystemTools(say);
  const settings = productionSettings(env, { livekitBin: await ensureLivekitServer(say), caddyBin: await ensureCaddy(say) });
  say('building the widget and the console…');
  await buildFrontends();
  const { plan } = installService({ root, settings, env: process.env });
  say(`wrote ${UNITS.map((u) => `${u}.service`).join(', ')} under ${path.join(root, 'etc/systemd/system')}, the settings in ${path.join(root, ENV_FILE)}.`);
  if (root !== '/') return;
  if (!onPath('systemctl')) {
    say('no systemctl here: start the three with your service manager, or run npm start.');
    return;
  }
  for (const command of [['daemon-reload'], ['enable', ...UNITS], ['restart', ...UNITS]]) {
    const run = spawnSync('systemctl', command, { stdio: 'inherit' });
    if (run.status !== 0) throw new Error(`systemctl ${command.join(' ')} failed`);
  }
  console.log(
    [
      '',
      `  Vitrina is running at ${plan.publicUrl} and starts at boot.`,
      '  Open these ports in the firewall:',
      ...plan.firewall.map((l) => `    ${l}`),
      "  The owner's one-time set-up link is in the server's log: journalctl -u vitrina | grep -i link",
      '  Logs: journalctl -u vitrina -u vitrina-livekit -u vitrina-caddy -f',
      '',
    ].join('\n'),
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(projectRoot, 'scripts', 'service-install.ts')) {
  main().catch((err: unknown) => {
    console.error(`service:install: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  });
}
