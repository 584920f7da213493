import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { HANDLED_WEBHOOK_EVENTS } from '../../server/livekit/webhook-events.js';
import { stopProcess } from '../system/stop-process.js';

export interface LivekitOptions {
  bin: string;
  /** The config file is written here. */
  dir: string;
  /** Name of the config file in `dir` (default `livekit.yaml`): nodes of one cluster may share a folder. */
  configFile?: string;
  apiKey: string;
  apiSecret: string;
  /** Signalling (HTTP/WebSocket) port; RTC uses the given TCP and UDP ports. */
  port: number;
  rtcTcpPort: number;
  rtcUdpPort: number;
  webhookUrl?: string;
  /**
   * Nodes given the same Redis (`host:port`) and keys form one cluster: each room is placed on one
   * of them, and a participant may connect to any, which relays the signalling to the room's node.
   */
  redis?: { address: string };
  /**
   * On the internet (production): media on `publicIp` (discovered by STUN when absent) and
   * LiveKit's embedded TURN over UDP and over TLS. Signalling stays on loopback behind the TLS
   * proxy, and so does TURN's TLS: livekit-server announces it as `turns:<domain>:443`, where
   * the proxy decrypts it and hands it to `tlsPort` in plain TCP (ADR 0009). Without
   * `internet` everything is on loopback.
   */
  internet?: { publicIp?: string; turn: { domain: string; udpPort: number; tlsPort: number } };
  /** Receives every line livekit-server prints. */
  onLine?: (line: string) => void;
  /** `debug` also logs every key-frame request the SFU sends a publisher (bench/accept-to-face.ts reads them). */
  logLevel?: 'info' | 'debug';
}

export interface RunningLivekit {
  url: string;
  httpUrl: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

const loopbackRtc = ['  use_external_ip: false', '  node_ip: 127.0.0.1', '  enable_loopback_candidate: true', '  interfaces:', '    includes: ["lo"]'];

/**
 * Media on the public address only. When that address is this machine's own, LiveKit binds
 * nothing else: bound to several addresses it may answer a check from another one than it was
 * asked on, which browsers ignore. Behind a 1:1 NAT (the address is not local) it is announced
 * instead; without one, LiveKit asks a STUN server for it.
 */
function internetRtc(publicIp: string | undefined): string[] {
  if (!publicIp) return ['  use_external_ip: true', '  enable_loopback_candidate: false'];
  const local = Object.values(networkInterfaces()).some((addrs) => addrs?.some((a) => a.address === publicIp));
  return [
    '  use_external_ip: false',
    `  node_ip: ${JSON.stringify(publicIp)}`,
    '  enable_loopback_candidate: false',
    ...(local ? ['  ips:', `    includes: [${JSON.stringify(`${publicIp}/${publicIp.includes(':') ? 128 : 32}`)}]`] : []),
  ];
}

/**
 * The config keeps signalling and media on loopback (`--dev` would bind media to the outside
 * address) and lowers the keyframe-request throttle so that a subscription granted at accept
 * shows a face in ~100 ms instead of up to a second.
 */
export function livekitConfigYaml(o: LivekitOptions): string {
  const lines = [
    `port: ${o.port}`,
    'bind_addresses: ["127.0.0.1"]',
    'rtc:',
    `  tcp_port: ${o.rtcTcpPort}`,
    `  udp_port: ${o.rtcUdpPort}`,
    ...(o.internet ? internetRtc(o.internet.publicIp) : loopbackRtc),
    '  pli_throttle:',
    '    low_quality: 100ms',
    '    mid_quality: 100ms',
    '    high_quality: 100ms',
    'keys:',
    `  ${JSON.stringify(o.apiKey)}: ${JSON.stringify(o.apiSecret)}`,
    'room:',
    // Only our server creates rooms, so a token still valid after a call ended opens nothing.
    '  auto_create: false',
    '  empty_timeout: 120',
    '  departure_timeout: 10',
    'logging:',
    // VITRINA_LIVEKIT_LOG=debug shows any stack's SFU decisions (pauses, key-frame requests) when a test needs explaining.
    `  level: ${o.logLevel ?? process.env.VITRINA_LIVEKIT_LOG ?? 'info'}`,
  ];
  if (o.internet) {
    const { turn } = o.internet;
    lines.push(
      'turn:',
      '  enabled: true',
      `  domain: ${JSON.stringify(turn.domain)}`,
      `  udp_port: ${turn.udpPort}`,
      `  tls_port: ${turn.tlsPort}`,
      '  external_tls: true',
    );
  }
  if (o.redis) lines.push('redis:', `  address: ${JSON.stringify(o.redis.address)}`);
  if (o.webhookUrl) {
    lines.push(
      'webhook:',
      `  api_key: ${JSON.stringify(o.apiKey)}`,
      '  urls:',
      `    - ${JSON.stringify(o.webhookUrl)}`,
      '  filter_params:',
      `    include_events: ${JSON.stringify(HANDLED_WEBHOOK_EVENTS)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Writes the config (private: it holds the API secret) and returns livekit-server's command line for it. */
export function writeLivekitConfig(o: LivekitOptions): string[] {
  mkdirSync(o.dir, { recursive: true });
  const configPath = path.join(o.dir, o.configFile ?? 'livekit.yaml');
  writeFileSync(configPath, livekitConfigYaml(o), { mode: 0o600 });
  return [o.bin, '--config', configPath];
}

export async function startLivekit(o: LivekitOptions): Promise<RunningLivekit> {
  const [bin = o.bin, ...args] = writeLivekitConfig(o);
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const forward = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) o.onLine?.(line);
  };
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const httpUrl = `http://127.0.0.1:${o.port}`;

  const deadline = Date.now() + 20_000;
  for (;;) {
    const early = await Promise.race([exited, new Promise<'pending'>((r) => setTimeout(() => r('pending'), 100))]);
    if (early !== 'pending') throw new Error(`livekit-server exited with code ${early} before it was ready`);
    try {
      const res = await fetch(httpUrl);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`livekit-server did not answer on ${httpUrl} within 20 s`);
    }
  }

  return {
    url: `ws://127.0.0.1:${o.port}`,
    httpUrl,
    process: child,
    stop: () => stopProcess(child, 'SIGTERM', 5_000),
  };
}
