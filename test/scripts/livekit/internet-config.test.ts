import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { livekitConfigYaml, type LivekitOptions } from '../../../scripts/livekit/livekit-process.js';

const base: LivekitOptions = {
  bin: 'livekit-server',
  dir: '/tmp',
  apiKey: 'APIkey',
  apiSecret: 's'.repeat(32),
  port: 7880,
  rtcTcpPort: 7881,
  rtcUdpPort: 7882,
};

describe('livekit config', () => {
  it('keeps everything on loopback for the demo and the tests', () => {
    const yaml = livekitConfigYaml(base);
    assert.match(yaml, /node_ip: 127\.0\.0\.1/);
    assert.match(yaml, /enable_loopback_candidate: true/);
    assert.doesNotMatch(yaml, /turn:/);
  });

  it('sends only the webhook events the server acts on', () => {
    const yaml = livekitConfigYaml({ ...base, webhookUrl: 'http://127.0.0.1:3000/api/livekit/webhook' });
    assert.match(
      yaml,
      /webhook:\n {2}api_key: "APIkey"\n {2}urls:\n {4}- "http:\/\/127\.0\.0\.1:3000\/api\/livekit\/webhook"\n {2}filter_params:\n {4}include_events: \["participant_left","room_finished"\]/,
    );
  });

  it('on the internet: signalling on loopback, media on the public address only, TURN over UDP and over TLS from the proxy', () => {
    // 127.0.0.1 stands for an address this machine has; media binds to it alone.
    const yaml = livekitConfigYaml({ ...base, internet: { publicIp: '127.0.0.1', turn: { domain: 'video.shop.example', udpPort: 3478, tlsPort: 5349 } } });
    assert.match(yaml, /bind_addresses: \["127\.0\.0\.1"\]/);
    assert.match(yaml, /node_ip: "127\.0\.0\.1"/);
    assert.match(yaml, /enable_loopback_candidate: false/);
    assert.match(yaml, /ips:\n {4}includes: \["127\.0\.0\.1\/32"\]/);
    assert.match(yaml, /turn:\n {2}enabled: true\n {2}domain: "video\.shop\.example"\n {2}udp_port: 3478\n {2}tls_port: 5349\n {2}external_tls: true/);
  });

  it('announces a public address it does not have (1:1 NAT), or asks STUN when none is given', () => {
    const nat = livekitConfigYaml({ ...base, internet: { publicIp: '203.0.113.10', turn: { domain: 'v.example', udpPort: 3478, tlsPort: 5349 } } });
    assert.match(nat, /node_ip: "203\.0\.113\.10"/);
    assert.doesNotMatch(nat, /ips:/);
    const stun = livekitConfigYaml({ ...base, internet: { turn: { domain: 'v.example', udpPort: 3478, tlsPort: 5349 } } });
    assert.match(stun, /use_external_ip: true/);
  });
});
