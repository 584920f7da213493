import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ensureLivekitServer } from '../../scripts/livekit/ensure-livekit.js';
import type { ProductionSettings } from '../../scripts/production/production-plan.js';
import { ensureCaddy } from '../../scripts/proxy/ensure-caddy.js';
import { ENV_FILE, installService, UNITS } from '../../scripts/service-install.js';
import { freePort } from '../../scripts/system/free-port.js';
import { stopProcess } from '../../scripts/system/stop-process.js';

async function settingsOnFreePorts(o: { livekitBin: string; caddyBin: string }): Promise<ProductionSettings> {
  const [http, httpsPort, server, livekit, livekitTcp, livekitUdp, turnUdp, turnTls] = await Promise.all(Array.from({ length: 8 }, () => freePort()));
  return {
    ...o,
    dataDir: mkdtempSync(path.join(tmpdir(), 'vitrina-service-data-')),
    publicUrl: `https://video.vitrina.test:${httpsPort}`,
    publicIp: '127.0.0.1',
    bind: '127.0.0.1',
    tls: 'internal',
    ports: { http: http, server: server, livekit: livekit, livekitTcp: livekitTcp, livekitUdp: livekitUdp, turnUdp: turnUdp, turnTls: turnTls },
  };
}

/** What systemd would run for a unit written under `root`: its command, folder and environment. */
function unitCommand(root: string, name: string): { args: string[]; cwd?: string; env: Record<string, string> } {
  const text = readFileSync(path.join(root, 'etc/systemd/system', `${name}.service`), 'utf8');
  const values = (key: string) => [...text.matchAll(new RegExp(`^${key}=(.*)$`, 'gm'))].map((m) => m[1] ?? '');
  const env: Record<string, string> = {};
  for (const assignment of values('Environment')) {
    const [key = '', ...rest] = assignment.split('=');
    env[key] = rest.join('=');
  }
  for (const file of values('EnvironmentFile')) {
    for (const line of readFileSync(path.join(root, file), 'utf8').split('\n')) {
      const m = /^([A-Z_]+)=(".*")$/.exec(line);
      if (m?.[1] && m[2]) env[m[1]] = JSON.parse(m[2]) as string;
    }
  }
  const cwd = values('WorkingDirectory')[0];
  return { args: (values('ExecStart')[0] ?? '').split(' '), ...(cwd ? { cwd } : {}), env };
}

describe('npm run service:install', () => {
  it('writes a unit per process, restarting on failure, and private files for the settings and configurations', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'vitrina-service-'));
    const settings = await settingsOnFreePorts({ livekitBin: '/opt/lk/livekit-server', caddyBin: '/opt/caddy/caddy' });
    installService({
      root,
      settings,
      env: {
        VITRINA_PUBLIC_URL: settings.publicUrl,
        VITRINA_ALLOWED_ORIGINS: 'https://shop.example',
        LIVEKIT_API_SECRET: 'a secret with "quotes"',
        UNRELATED: 'x',
      },
      node: '/usr/bin/node',
      workDir: '/srv/vitrina',
    });
    const units = Object.fromEntries(UNITS.map((u) => [u, readFileSync(path.join(root, 'etc/systemd/system', `${u}.service`), 'utf8')]));
    for (const text of Object.values(units)) {
      assert.match(text, /^Restart=on-failure$/m);
      assert.match(text, /^WantedBy=multi-user\.target$/m);
    }
    assert.match(units['vitrina-caddy'], new RegExp(`^ExecStart=/opt/caddy/caddy run --config ${settings.dataDir}/Caddyfile --adapter caddyfile$`, 'm'));
    assert.match(units['vitrina-livekit'], new RegExp(`^ExecStart=/opt/lk/livekit-server --config ${settings.dataDir}/livekit\\.yaml$`, 'm'));
    assert.match(units.vitrina, /^ExecStart=\/usr\/bin\/node --import tsx server\/index\.ts$/m);
    assert.match(units.vitrina, /^WorkingDirectory=\/srv\/vitrina$/m);
    assert.match(units.vitrina, /^EnvironmentFile=\/etc\/vitrina\/vitrina\.env$/m);
    assert.match(units.vitrina, /^Wants=.*vitrina-livekit\.service vitrina-caddy\.service$/m);
    assert.match(units.vitrina, /^KillMode=mixed$/m, 'the server stops first and finishes its recordings');

    for (const file of [path.join(root, ENV_FILE), path.join(settings.dataDir, 'Caddyfile'), path.join(settings.dataDir, 'livekit.yaml')]) {
      assert.equal(statSync(file).mode & 0o777, 0o600, `${file} may hold secrets`);
    }
    const env = readFileSync(path.join(root, ENV_FILE), 'utf8');
    assert.match(env, /^NODE_ENV="production"$/m);
    assert.match(env, /^VITRINA_TRUST_PROXY="1"$/m);
    assert.match(env, /^VITRINA_ALLOWED_ORIGINS="https:\/\/shop\.example"$/m);
    assert.match(env, /^LIVEKIT_API_SECRET="a secret with \\"quotes\\""$/m, 'a secret from the environment wins over a generated one');
    assert.doesNotMatch(env, /UNRELATED/);
    assert.match(readFileSync(path.join(settings.dataDir, 'livekit.yaml'), 'utf8'), /"a secret with \\"quotes\\""/, 'LiveKit and the server share the secret');
  });

  it('refuses to install without an https address', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/service-install.ts', '--root', mkdtempSync(path.join(tmpdir(), 'vitrina-service-'))], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', VITRINA_PUBLIC_URL: 'http://video.shop.test' },
    });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /VITRINA_PUBLIC_URL=https:\/\/<your host>/);
  });
});

/** The three units' own command lines, run as systemd would run them, make one working HTTPS address. */
describe('the units service:install writes, started as systemd starts them', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'vitrina-service-run-'));
  const children: ChildProcess[] = [];
  const output: string[] = [];
  let settings: ProductionSettings;
  let rootCa = '';

  before(async () => {
    settings = await settingsOnFreePorts({ livekitBin: await ensureLivekitServer(() => undefined), caddyBin: await ensureCaddy(() => undefined) });
    rootCa = installService({ root, settings, env: {} }).plan.rootCa ?? '';
    for (const name of UNITS) {
      const { args, cwd, env } = unitCommand(root, name);
      const child = spawn(args[0] ?? '', args.slice(1), { cwd, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout?.on('data', (c: Buffer) => output.push(c.toString()));
      child.stderr?.on('data', (c: Buffer) => output.push(c.toString()));
      children.push(child);
    }
  });
  after(async () => {
    await Promise.all(children.map((c) => stopProcess(c)));
  });

  const get = (pathname: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = https.request(
        {
          host: '127.0.0.1',
          port: new URL(settings.publicUrl).port,
          path: pathname,
          servername: 'video.vitrina.test',
          headers: { Host: new URL(settings.publicUrl).host },
          agent: new https.Agent({ ca: readFileSync(rootCa), ALPNProtocols: ['http/1.1'] }),
        },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.end();
    });

  it('serves the server and LiveKit signalling over HTTPS, and the server offers the owner a one-time link', async () => {
    const deadline = Date.now() + 30_000;
    let health: { status: number; body: string } | undefined;
    while (Date.now() < deadline) {
      if (children.some((c) => c.exitCode !== null)) assert.fail(`a unit's process exited:\n${output.join('')}`);
      health = existsSync(rootCa) ? await get('/healthz').catch(() => undefined) : undefined;
      if (health?.status === 200) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.equal(health?.status, 200, output.join(''));
    assert.equal((await get('/rtc/validate')).status, 401, 'LiveKit answers behind Caddy and refuses a join without a token');
    assert.match(output.join(''), /open this link once to create it/);
  });
});
