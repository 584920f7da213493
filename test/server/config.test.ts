import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../server/config.js';

const valid = {
  VITRINA_SESSION_SECRET: 'x'.repeat(32),
  LIVEKIT_API_KEY: 'APIkey',
  LIVEKIT_API_SECRET: 'y'.repeat(32),
};

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err.problems;
  }
  assert.fail('expected a ConfigError');
}

describe('config', () => {
  it('works on one machine with only the secrets given', () => {
    const config = loadConfig(valid);
    assert.equal(config.port, 8080);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.livekit.url, 'ws://127.0.0.1:7880');
    assert.equal(config.ringTimeoutMs, 20_000);
    assert.equal(config.publicUrl, 'http://localhost:8080');
    assert.deepEqual(config.allowedOrigins, []);
  });

  it('names every bad setting at once', () => {
    const found = problems({ ...valid, VITRINA_PORT: 'eighty', LIVEKIT_API_SECRET: 'short', LIVEKIT_URL: 'http://x' });
    assert.equal(found.length, 3);
    assert.match(found.join('\n'), /VITRINA_PORT: must be a port number/);
    assert.match(found.join('\n'), /LIVEKIT_API_SECRET: must be at least 32 characters/);
    assert.match(found.join('\n'), /LIVEKIT_URL: must start with ws:\/\/ or wss:\/\//);
  });

  it('trusts no proxy unless told, and reads hop counts and addresses', () => {
    assert.equal(loadConfig(valid).trustProxy, false);
    assert.equal(loadConfig({ ...valid, VITRINA_TRUST_PROXY: '1' }).trustProxy, 1);
    assert.deepEqual(loadConfig({ ...valid, VITRINA_TRUST_PROXY: 'loopback, 198.18.0.0/15' }).trustProxy, ['loopback', '198.18.0.0/15']);
    assert.match(
      problems({ ...valid, VITRINA_TRUST_PROXY: 'everyone' }).join('\n'),
      /VITRINA_TRUST_PROXY: must be a hop count or addresses\/subnets \(not everyone\)/,
    );
  });

  it('gives browsers the public LiveKit address, node for node', () => {
    const config = loadConfig({ ...valid, LIVEKIT_URL: 'ws://127.0.0.1:7880', LIVEKIT_PUBLIC_URL: 'wss://video.example.com' });
    assert.equal(config.livekit.url, 'ws://127.0.0.1:7880');
    assert.equal(config.livekit.browserUrl, 'wss://video.example.com');
    assert.equal(loadConfig(valid).livekit.browserUrl, 'ws://127.0.0.1:7880');
    assert.match(
      problems({ ...valid, LIVEKIT_URL: 'ws://a:1,ws://b:1', LIVEKIT_PUBLIC_URL: 'wss://a' }).join('\n'),
      /LIVEKIT_PUBLIC_URL: must name as many nodes as LIVEKIT_URL/,
    );
  });

  it('requires the secrets', () => {
    assert.deepEqual(problems({}).sort(), ['LIVEKIT_API_KEY: is required', 'LIVEKIT_API_SECRET: is required', 'VITRINA_SESSION_SECRET: is required']);
  });

  it('accepts a list of shop origins and refuses URLs with paths', () => {
    const config = loadConfig({ ...valid, VITRINA_ALLOWED_ORIGINS: 'https://shop.example, http://localhost:8081' });
    assert.deepEqual(config.allowedOrigins, ['https://shop.example', 'http://localhost:8081']);
    assert.match(problems({ ...valid, VITRINA_ALLOWED_ORIGINS: 'https://shop.example/products' })[0] ?? '', /VITRINA_ALLOWED_ORIGINS/);
  });
});
