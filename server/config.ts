import path from 'node:path';
import { z } from 'zod';

const seconds = (fallback: number) =>
  z.coerce.number({ error: 'must be a whole number of seconds' }).int('must be a whole number of seconds').positive('must be more than 0').default(fallback);
const required = () => z.string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be text') });
const list = z.string().transform((s) =>
  s
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean),
);
const origin = z.string().refine((value) => {
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}, 'must be an origin such as https://shop.example (scheme, host and port, no path)');

/**
 * Which proxies in front of us to believe about the client's address (Express's `trust proxy`):
 * unset trusts none, so a client's own X-Forwarded-For is never taken as its address; a hop
 * count (`1` for one proxy such as Caddy); or addresses and subnets, comma separated, with the
 * names `loopback`, `linklocal` and `uniquelocal`.
 */
const trustProxy = z.string().transform((s, ctx): number | string[] | false => {
  const value = s.trim();
  if (value === '' || value === 'false' || value === '0') return false;
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const bad = entries.filter((e) => !/^(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)$/.test(e));
  if (bad.length) ctx.addIssue({ code: 'custom', message: `must be a hop count or addresses/subnets (not ${bad.join(', ')})` });
  return entries;
});

/** Every setting, read from the environment once at start-up. */
const EnvSchema = z.object({
  VITRINA_HOST: z.string().min(1).default('127.0.0.1'),
  VITRINA_PORT: z.coerce.number({ error: 'must be a port number' }).int('must be a port number').min(0).max(65535, 'must be at most 65535').default(8080),
  /** The address shoppers' browsers and consoles use to reach this server. */
  VITRINA_PUBLIC_URL: z.url().optional(),
  VITRINA_DATA_DIR: z.string().min(1).default('data'),
  VITRINA_TRUST_PROXY: trustProxy.default(false),
  /**
   * Where the store lives: unset means an SQLite file in the data folder (one server);
   * a postgres:// URL lets several servers share one PostgreSQL database.
   */
  VITRINA_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// URL (leave it unset for the embedded SQLite file)')
    .optional(),
  /** Several servers: the Redis they share for push fan-out and rate limits. Unset for one server. */
  VITRINA_REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/\S+$/, 'must be a redis:// URL')
    .optional(),
  /** Shop pages allowed to open calls, comma separated. */
  VITRINA_ALLOWED_ORIGINS: list.pipe(z.array(origin)).default([]),
  VITRINA_SESSION_SECRET: required().min(32, 'must be at least 32 characters'),
  VITRINA_SESSION_TTL_S: seconds(12 * 3600),
  VITRINA_SHOPPER_TOKEN_TTL_S: seconds(10 * 60),
  VITRINA_AGENT_TOKEN_TTL_S: seconds(10 * 60),
  VITRINA_RING_TIMEOUT_S: seconds(20),
  /** How long a consultant who dropped out of a call (a reload, a network change) has to come back before it ends. */
  VITRINA_AGENT_REJOIN_GRACE_S: z.coerce
    .number({ error: 'must be a whole number of seconds' })
    .int('must be a whole number of seconds')
    .min(0, 'must be 0 or more')
    .default(10),
  /**
   * How long a call waits for a shopper who left its room to come back: their widget rejoins
   * from the next page of the shop, or after a connection the SDK could not resume. Kept under
   * the room's 20 s departure timeout, so a waiting shopper's empty room is still there.
   */
  VITRINA_SHOPPER_REJOIN_GRACE_S: z.coerce
    .number({ error: 'must be a whole number of seconds' })
    .int('must be a whole number of seconds')
    .min(0, 'must be 0 or more')
    .max(19, "must be under the room's 20 s departure timeout")
    .default(15),
  /** Offers a consultant may miss in a row before they are set away (and told why). */
  VITRINA_MAX_MISSED_OFFERS: z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(1, 'must be at least 1').default(3),
  /** How long a consultant's console may be disconnected before they count as away. */
  VITRINA_AGENT_OFFLINE_GRACE_S: seconds(30),
  /** Calls one address may open per minute (a shop behind one NAT may need more). */
  VITRINA_CALLS_PER_MINUTE: z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(1, 'must be at least 1').default(20),
  /** Seeds demo consultants into an empty store (the demo sets it; production does not). */
  VITRINA_SEED_DEMO: z.stringbool().default(false),
  VITRINA_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** `chromium` records every answered call (a server-side headless browser); `off` records nothing. */
  VITRINA_RECORDER: z.enum(['chromium', 'off']).default('chromium'),
  /**
   * Several servers: how long a server's hold on a call's recording lasts unrenewed (it renews
   * every third of it). A server gone this long has its recordings taken over by another.
   */
  VITRINA_RECORDER_LEASE_S: seconds(15),
  /**
   * The shop's mail server, for the summaries shoppers ask to be e-mailed: smtp://user:password@host:587
   * (STARTTLS when the server offers it) or smtps://…:465. Unset: the widget does not offer e-mail.
   */
  VITRINA_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/\S+$/, 'must be an smtp:// or smtps:// URL')
    .optional(),
  /** Who the summaries come from, e.g. "Oak & Linen <shop@example.com>"; the SMTP user's address when unset. */
  VITRINA_MAIL_FROM: z.string().min(3).max(200).optional(),
  /** How long a webhook that failed waits for its first retry; each later one waits longer (docs/webhooks.md). */
  VITRINA_WEBHOOK_FIRST_RETRY_S: seconds(10),
  CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
  FFMPEG_PATH: z.string().min(1).default('ffmpeg'),
  FFPROBE_PATH: z.string().min(1).default('ffprobe'),
  /** The LiveKit server, or several nodes of one LiveKit cluster (comma separated, this server's own first). */
  LIVEKIT_URL: list
    .pipe(z.array(z.string()).min(1, 'must name at least one LiveKit server'))
    .refine((urls) => urls.every((url) => /^wss?:\/\//.test(url)), 'must start with ws:// or wss:// (each of them, comma separated)')
    .default(['ws://127.0.0.1:7880']),
  /**
   * Where browsers reach the same nodes, in the same order, when that is not where this server
   * does (behind a TLS proxy: `wss://video.example.com`). Unset: browsers use LIVEKIT_URL.
   */
  LIVEKIT_PUBLIC_URL: list
    .pipe(z.array(z.string()))
    .refine((urls) => urls.every((url) => /^wss?:\/\//.test(url)), 'must start with ws:// or wss:// (each of them, comma separated)')
    .optional(),
  LIVEKIT_API_KEY: required().min(3, 'must be at least 3 characters'),
  LIVEKIT_API_SECRET: required().min(32, 'must be at least 32 characters'),
});

export type Config = ReturnType<typeof toConfig>;

/** Every setting the server reads (the README's settings table must name each; a test checks). */
export const SETTING_NAMES = Object.keys(EnvSchema.shape);

const LivekitPublicMatches = EnvSchema.refine((env) => !env.LIVEKIT_PUBLIC_URL || env.LIVEKIT_PUBLIC_URL.length === env.LIVEKIT_URL.length, {
  path: ['LIVEKIT_PUBLIC_URL'],
  message: 'must name as many nodes as LIVEKIT_URL, in the same order',
});

function toConfig(env: z.infer<typeof EnvSchema>) {
  const publicUrl = env.VITRINA_PUBLIC_URL ?? `http://localhost:${env.VITRINA_PORT}`;
  return {
    host: env.VITRINA_HOST,
    port: env.VITRINA_PORT,
    publicUrl: publicUrl.replace(/\/$/, ''),
    dataDir: path.resolve(env.VITRINA_DATA_DIR),
    trustProxy: env.VITRINA_TRUST_PROXY,
    redisUrl: env.VITRINA_REDIS_URL,
    database: env.VITRINA_DATABASE_URL
      ? ({ engine: 'postgres', url: env.VITRINA_DATABASE_URL } as const)
      : ({ engine: 'sqlite', file: path.resolve(env.VITRINA_DATA_DIR, 'vitrina.sqlite') } as const),
    allowedOrigins: env.VITRINA_ALLOWED_ORIGINS,
    sessionSecret: env.VITRINA_SESSION_SECRET,
    sessionTtlS: env.VITRINA_SESSION_TTL_S,
    shopperTokenTtlS: env.VITRINA_SHOPPER_TOKEN_TTL_S,
    agentTokenTtlS: env.VITRINA_AGENT_TOKEN_TTL_S,
    ringTimeoutMs: env.VITRINA_RING_TIMEOUT_S * 1000,
    agentRejoinGraceMs: env.VITRINA_AGENT_REJOIN_GRACE_S * 1000,
    shopperRejoinGraceMs: env.VITRINA_SHOPPER_REJOIN_GRACE_S * 1000,
    maxMissedOffers: env.VITRINA_MAX_MISSED_OFFERS,
    agentOfflineGraceMs: env.VITRINA_AGENT_OFFLINE_GRACE_S * 1000,
    callsPerMinute: env.VITRINA_CALLS_PER_MINUTE,
    seedDemo: env.VITRINA_SEED_DEMO,
    logLevel: env.VITRINA_LOG_LEVEL,
    recorder: env.VITRINA_RECORDER,
    recorderLeaseMs: env.VITRINA_RECORDER_LEASE_S * 1000,
    webhookFirstRetryMs: env.VITRINA_WEBHOOK_FIRST_RETRY_S * 1000,
    mail: env.VITRINA_SMTP_URL ? { smtpUrl: env.VITRINA_SMTP_URL, from: env.VITRINA_MAIL_FROM } : undefined,
    chromiumPath: env.CHROMIUM_PATH,
    ffmpeg: { ffmpeg: env.FFMPEG_PATH, ffprobe: env.FFPROBE_PATH },
    livekit: {
      url: env.LIVEKIT_URL[0],
      browserUrl: (env.LIVEKIT_PUBLIC_URL ?? env.LIVEKIT_URL)[0],
      urls: env.LIVEKIT_URL,
      publicUrls: env.LIVEKIT_PUBLIC_URL ?? env.LIVEKIT_URL,
      apiKey: env.LIVEKIT_API_KEY,
      apiSecret: env.LIVEKIT_API_SECRET,
    },
  } as const;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws a ConfigError that names every bad setting. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = LivekitPublicMatches.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  return toConfig(parsed.data);
}
