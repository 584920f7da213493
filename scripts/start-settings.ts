/**
 * The settings `npm start` and `npm run service:install` read from the environment, checked
 * once. The server validates its own VITRINA_* and LIVEKIT_* settings itself (server/config.ts).
 */
import path from 'node:path';
import { z } from 'zod';
import type { ProductionSettings } from './production/production-plan.js';
import { projectRoot } from './system/paths.js';

const port = (fallback: number) => z.coerce.number({ error: 'must be a port number' }).int('must be a port number').min(1).max(65535).default(fallback);

export const StartEnv = z.object({
  VITRINA_PORT: port(8080),
  DEMO_SHOP_PORT: port(8081),
  LIVEKIT_PORT: port(7880),
  LIVEKIT_RTC_TCP_PORT: port(7881),
  LIVEKIT_RTC_UDP_PORT: port(7882),
  VITRINA_DATA_DIR: z.string().min(1).default(path.join(projectRoot, 'data')),
  /** More than one: the scaled-out demo (PostgreSQL, Redis, a balancer in front; docs/scaling.md). */
  VITRINA_SERVERS: z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(1).max(8).default(1),
  LIVEKIT_NODES: z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(1).max(8).default(1),
  /** The scaled-out demo's own PostgreSQL and Redis, unless VITRINA_DATABASE_URL / VITRINA_REDIS_URL name others. */
  POSTGRES_PORT: port(5433),
  REDIS_PORT: port(6380),
  VITRINA_DATABASE_URL: z.string().optional(),
  VITRINA_REDIS_URL: z.string().optional(),
  // Production (docs/deploy.md): an https public address, or NODE_ENV=production.
  NODE_ENV: z.string().optional(),
  VITRINA_PUBLIC_URL: z.url({ error: 'must be an address such as https://video.example.com' }).optional(),
  VITRINA_PUBLIC_IP: z.union([z.ipv4(), z.ipv6()], { error: 'must be an IP address' }).optional(),
  VITRINA_TLS: z.enum(['acme', 'internal']).default('acme'),
  VITRINA_ACME_EMAIL: z.email({ error: 'must be an e-mail address' }).optional(),
  VITRINA_HTTP_PORT: port(80),
  LIVEKIT_TURN_UDP_PORT: port(3478),
  /** Loopback only: Caddy hands TURN over TLS from the HTTPS port to it. */
  LIVEKIT_TURN_TLS_PORT: port(5349),
});
export type StartSettings = z.infer<typeof StartEnv>;

/** The settings, or an error naming each bad one. */
export function readStartSettings(env: NodeJS.ProcessEnv = process.env): StartSettings {
  const parsed = StartEnv.safeParse(env);
  if (!parsed.success) throw new Error(`Invalid setting: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  return parsed.data;
}

export const isProduction = (env: StartSettings) => env.NODE_ENV === 'production' || env.VITRINA_PUBLIC_URL?.startsWith('https:') === true;

/** The production stack these settings describe, run by the given binaries. */
export function productionSettings(env: StartSettings, bins: { livekitBin: string; caddyBin: string }): ProductionSettings {
  if (!env.VITRINA_PUBLIC_URL?.startsWith('https:')) {
    throw new Error('Production needs VITRINA_PUBLIC_URL=https://<your host> (browsers give the camera only to secure pages). See docs/deploy.md.');
  }
  return {
    ...bins,
    dataDir: path.resolve(env.VITRINA_DATA_DIR),
    publicUrl: env.VITRINA_PUBLIC_URL,
    ...(env.VITRINA_PUBLIC_IP ? { publicIp: env.VITRINA_PUBLIC_IP } : {}),
    tls: env.VITRINA_TLS,
    ...(env.VITRINA_ACME_EMAIL ? { acmeEmail: env.VITRINA_ACME_EMAIL } : {}),
    ports: {
      http: env.VITRINA_HTTP_PORT,
      server: env.VITRINA_PORT,
      livekit: env.LIVEKIT_PORT,
      livekitTcp: env.LIVEKIT_RTC_TCP_PORT,
      livekitUdp: env.LIVEKIT_RTC_UDP_PORT,
      turnUdp: env.LIVEKIT_TURN_UDP_PORT,
      turnTls: env.LIVEKIT_TURN_TLS_PORT,
    },
  };
}
