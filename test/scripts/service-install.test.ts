import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';

const install = (root: string, env: Record<string, string>) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/service-install.ts', '--root', root], {
    encoding: 'utf8',
    // Only what is given here: the machine's own VITRINA_* settings stay out of the test.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
  });

describe('npm run service:install', () => {
  it('writes a unit that restarts the stack on failure and a private file with the settings', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'vitrina-service-'));
    const run = install(root, { VITRINA_PUBLIC_URL: 'https://video.shop.test', VITRINA_PUBLIC_IP: '203.0.113.10', LIVEKIT_API_SECRET: 'a secret with "quotes"', UNRELATED: 'x' });
    assert.equal(run.status, 0, run.stderr);
    const unit = readFileSync(path.join(root, 'etc/systemd/system/vitrina.service'), 'utf8');
    assert.match(unit, /^ExecStart=\S+npm start$/m);
    assert.match(unit, new RegExp(`^WorkingDirectory=${process.cwd().replace(/[/.]/g, '\\$&')}$`, 'm'));
    assert.match(unit, /^Restart=on-failure$/m);
    assert.match(unit, /^EnvironmentFile=\/etc\/vitrina\/vitrina\.env$/m);
    assert.match(unit, /^WantedBy=multi-user\.target$/m);
    const envFile = path.join(root, 'etc/vitrina/vitrina.env');
    assert.equal(statSync(envFile).mode & 0o777, 0o600, 'the settings may hold secrets');
    const settings = readFileSync(envFile, 'utf8');
    assert.match(settings, /^NODE_ENV="production"$/m);
    assert.match(settings, /^VITRINA_PUBLIC_URL="https:\/\/video\.shop\.test"$/m);
    assert.match(settings, /^LIVEKIT_API_SECRET="a secret with \\"quotes\\""$/m);
    assert.doesNotMatch(settings, /UNRELATED/);
  });

  it('refuses to install without an https address', () => {
    const run = install(mkdtempSync(path.join(tmpdir(), 'vitrina-service-')), { VITRINA_PUBLIC_URL: 'http://video.shop.test' });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /VITRINA_PUBLIC_URL must be set to the https address/);
  });
});
