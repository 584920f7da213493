import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import { agentRouter } from './agents/agent-router.js';
import { AgentChannel } from './agents/agent-channel.js';
import { authRouter } from './accounts/auth-router.js';
import { createSessions } from './accounts/sessions.js';
import { callsRouter } from './calls/calls-router.js';
import { CallService } from './calls/call-service.js';
import type { Config } from './config.js';
import { errorHandler, notFound } from './http/errors.js';
import type { CallRooms } from './livekit/rooms.js';
import { webhookRouter } from './livekit/webhook-router.js';
import type { Logger } from './log.js';
import { QueueRouter } from './queue/router.js';
import type { Store } from './store/store.js';

export const defaultStaticDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');

export interface AppDeps {
  config: Config;
  store: Store;
  rooms: CallRooms;
  log: Logger;
  now?: () => number;
  /** Built widget and console bundles (scripts/build.ts writes them). */
  staticDir?: string;
}

export interface VitrinaApp {
  app: Express;
  calls: CallService;
  /** Stops timers and push streams; the caller closes the HTTP server and the store. */
  stop(): void;
}

/** Builds the whole HTTP application from its dependencies, without listening. */
export function createApp(deps: AppDeps): VitrinaApp {
  const { config, store, rooms, log } = deps;
  const now = deps.now ?? Date.now;
  const staticDir = deps.staticDir ?? defaultStaticDir;

  const channel: AgentChannel = new AgentChannel((agentId) => {
    router.agentUnavailable(agentId, 'offline').catch((err: unknown) => log.error('could not requeue an offline agent\'s ring', { agentId, err }));
  });
  const router = new QueueRouter({
    store,
    channel,
    log,
    now,
    ringTimeoutMs: config.ringTimeoutMs,
    livekit: config.livekit,
    agentTokenTtlS: config.agentTokenTtlS,
  });
  const calls = new CallService({
    store,
    rooms,
    router,
    channel,
    log,
    now,
    livekit: config.livekit,
    shopperTokenTtlS: config.shopperTokenTtlS,
    agentRejoinGraceMs: config.agentRejoinGraceMs,
    secret: config.sessionSecret,
  });
  const sessions = createSessions({
    secret: config.sessionSecret,
    ttlS: config.sessionTtlS,
    secureCookies: config.publicUrl.startsWith('https:'),
    store,
  });

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use((_req, res, next) => {
    res.set({ 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'strict-origin-when-cross-origin' });
    next();
  });

  app.get('/healthz', (_req, res) => void res.json({ ok: true }));
  app.use(webhookRouter({ apiKey: config.livekit.apiKey, apiSecret: config.livekit.apiSecret, calls, log }));
  app.use(callsRouter({ calls, allowedOrigins: config.allowedOrigins, secret: config.sessionSecret }));
  app.use(authRouter({ store, sessions }));
  app.use(agentRouter({ store, sessions, channel, router, calls, log, now }));

  // Shop pages on other origins load the widget as a module script, which is a CORS request.
  app.use(
    '/widget',
    (_req, res, next) => {
      res.set('Access-Control-Allow-Origin', '*');
      next();
    },
    express.static(path.join(staticDir, 'widget'), { maxAge: '5m', fallthrough: true }),
  );
  app.use('/console', express.static(path.join(staticDir, 'console'), { maxAge: 0 }));
  app.get('/', (_req, res) => res.redirect('/console/agent/'));
  app.use(notFound);
  app.use(errorHandler(log));

  return {
    app,
    calls,
    stop() {
      router.stop();
      calls.stop();
      channel.closeAll();
    },
  };
}
