import { ChatService } from './chat/chat-service.js';
import { LocalBus, type Cluster } from './cluster/bus.js';
import { newServerId } from './cluster/server-id.js';
import { OnlineConsoles } from './cluster/online-consoles.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import { callsAdminRouter } from './admin/calls-admin-router.js';
import { settingsRouter } from './admin/settings-router.js';
import { agentsAdminRouter } from './admin/agents-admin-router.js';
import { AuditLog, auditRouter } from './admin/audit-log.js';
import { analyticsRouter } from './admin/analytics-router.js';
import { csvExportRouter } from './admin/csv-export.js';
import { ApiKeys } from './sales/api-keys.js';
import { OrderAttribution } from './sales/order-attribution.js';
import { salesRouter } from './sales/sales-router.js';
import { FunnelCounter } from './sales/funnel-counter.js';
import { ShopWebhooks } from './shop-webhooks/shop-webhooks.js';
import { webhooksRouter } from './shop-webhooks/webhooks-router.js';
import { CatalogueService } from './catalogue/catalogue-service.js';
import { catalogueRouter } from './catalogue/catalogue-router.js';
import { smtpMailer, type Mailer } from './mail/mailer.js';
import { attributionSetting, catalogueSetting } from './settings/shop-settings.js';
import { recordingSettings as recordingSetting } from './settings/recording-settings.js';
import { serviceTargetSetting, ShopOrigins, widgetLookSetting } from './settings/shop-settings.js';
import type { WidgetLookForShopper } from './contract/shop.js';
import { RetentionSweeper } from '../recordings/retention.js';
import { CompositeService } from '../recordings/composite-service.js';
import { agentRouter } from './agents/agent-router.js';
import { FirstOwner, firstOwnerRouter } from './accounts/first-owner.js';
import { doctorRouter } from './doctor/doctor-router.js';
import { AgentChannel } from './agents/agent-channel.js';
import { Presence } from './agents/presence.js';
import { callbacksRouter } from './callbacks/callbacks-router.js';
import { ShopperChannel } from './calls/shopper-channel.js';
import { hoursRouter } from './hours/hours-router.js';
import { ShopHours } from './hours/shop-hours.js';
import { statusRouter } from './queue/status-router.js';
import { authRouter } from './accounts/auth-router.js';
import { createSessions } from './accounts/sessions.js';
import { callsRouter } from './calls/calls-router.js';
import { CallService } from './calls/call-service.js';
import { VideoUpgrade } from './calls/video-upgrade.js';
import type { Config } from './config.js';
import { errorHandler, notFound } from './http/errors.js';
import { MemoryHitCounter } from './http/rate-limit.js';
import { consoleSecurityHeaders } from './http/console-headers.js';
import { staticFiles } from './http/static-files.js';
import { authGuards } from './http/auth-guards.js';
import { RouteMounter } from './http/mount-route.js';
import { StreamQuota } from './push/stream-quota.js';
import type { CallRooms } from './livekit/rooms.js';
import { RoomKeeper } from './livekit/room-keeper.js';
import type { LivekitAccess, LivekitNodes } from './livekit/nodes.js';
import { webhookRouter } from './livekit/webhook-router.js';
import type { Logger } from './log.js';
import { QueueRouter } from './queue/router.js';
import type { Store } from './store/store.js';
import { NO_RECORDER, type CallRecorder, type RecordingService } from '../recordings/recording-service.js';
import { relayRecorder } from '../recordings/recorder-relay.js';
import { LocalFolderStorage, type RecordingStorage } from '../recordings/storage.js';

/**
 * The widget's loader (`vitrina.js`) keeps its name from one deploy to the next, and shops never
 * change their script tag. Five minutes: a shopper moving from page to page loads it once, and a
 * deploy reaches every shop's visitors within minutes (after that the browser asks again with
 * the ETag, a 304 when nothing changed). What it imports has hashed names and is kept for ever.
 */
const LOADER_CACHE = 'public, max-age=300';
/** Staff open the consoles for hours: each load asks (a 304 when nothing changed), so a deploy is seen at the next one. */
const CONSOLE_ENTRY_CACHE = 'public, no-cache';

export const defaultStaticDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');

export interface AppDeps {
  config: Config;
  store: Store;
  rooms: CallRooms;
  log: Logger;
  now?: () => number;
  /** Built widget and console bundles (scripts/build.ts writes them). */
  staticDir?: string;
  /** Records answered calls; without one, nothing is recorded. */
  recorder?: RecordingService;
  /** Where recording files are kept; the data folder's `recordings/` when not given. */
  recordingStorage?: RecordingStorage;
  /** The LiveKit nodes, followed as they come and go; the one in the config when not given. */
  livekit?: LivekitNodes;
  /** What several servers share (Redis): the bus and the rate limits. A server on its own keeps both in its process. */
  cluster?: Cluster;
  /** Sends mail; the shop's SMTP server from the settings when not given, none when it is unset. */
  mailer?: Mailer;
}

export interface VitrinaApp {
  app: Express;
  calls: CallService;
  presence: Presence;
  /** The one-time link that creates the owner account while there is none. */
  firstOwner: FirstOwner;
  /** Stops timers and push streams and writes what is counted in memory; the caller then closes the HTTP server and the store. */
  stop(): Promise<void>;
}

/** Builds the whole HTTP application from its dependencies, without listening. */
export function createApp(deps: AppDeps): VitrinaApp {
  const { config, store, rooms, log } = deps;
  const livekit: LivekitAccess = deps.livekit ?? config.livekit;
  const now = deps.now ?? Date.now;
  const staticDir = deps.staticDir ?? defaultStaticDir;
  const bus = deps.cluster ?? new LocalBus();
  const recorder: CallRecorder = !deps.recorder ? NO_RECORDER : deps.cluster ? relayRecorder(deps.recorder, bus) : deps.recorder;
  const recordingStorage = deps.recordingStorage ?? new LocalFolderStorage(path.join(config.dataDir, 'recordings'));
  const recordingSettings = recordingSetting(store, log);
  const shopOrigins = new ShopOrigins(store, log, config.allowedOrigins);
  const allowedOrigins = () => shopOrigins.allowed();
  const look = widgetLookSetting(store, log);
  const serviceTarget = serviceTargetSetting(store, log);
  const widgetLook = async (lang: string | undefined): Promise<WidgetLookForShopper> => {
    const { greeting, ...rest } = await look.get();
    const words = greeting[lang === 'ru' ? 'ru' : 'en'];
    return words ? { ...rest, greeting: words } : rest;
  };
  const composites = new CompositeService({ store, storage: recordingStorage, tools: config.ffmpeg, dir: path.join(config.dataDir, 'composites'), log });
  const recordingNotice = async (lang: string | undefined) => {
    if (recorder === NO_RECORDER) return undefined;
    const settings = await recordingSettings.get();
    return settings.enabled ? settings.notice[lang === 'ru' ? 'ru' : 'en'] : undefined;
  };
  const retention = new RetentionSweeper({
    store,
    storage: recordingStorage,
    log,
    now,
    retentionDays: async () => (await recordingSettings.get()).retentionDays,
    removed: (callId) => composites.remove(callId),
  });
  retention.start();

  const webhooks = new ShopWebhooks({ store, secret: config.sessionSecret, firstRetryMs: config.webhookFirstRetryMs, log, now });
  webhooks.sender.start();
  deps.recorder?.onFinished((callId, status) => {
    if (status === 'failed') return;
    void webhooks.emit('recording.ready', { callId, status, reviewUrl: `${config.publicUrl}/console/admin/#/calls/${callId}` });
  });

  const mailer = deps.mailer ?? (config.mail ? smtpMailer({ ...config.mail, log }) : undefined);
  const limits = deps.cluster ?? new MemoryHitCounter(now);
  const streams = new StreamQuota();
  const consoles = new OnlineConsoles({ bus, server: newServerId(), now });
  consoles.start();
  const channel: AgentChannel = new AgentChannel({
    bus,
    consoles,
    online: (agentId) => presence.connected(agentId),
    offline: (agentId) => presence.disconnected(agentId),
  });
  const shoppers = new ShopperChannel(bus);
  const hours = new ShopHours(store, log);
  const presence: Presence = new Presence({
    store,
    channel,
    log,
    now,
    offlineGraceMs: config.agentOfflineGraceMs,
    onUnavailable: (agentId, why) => {
      router.agentUnavailable(agentId, why).catch((err: unknown) => log.error("could not move on an unavailable agent's ring", { agentId, err }));
    },
    onAvailable: () => void router.dispatch(),
  });
  const router: QueueRouter = new QueueRouter({
    store,
    channel,
    shoppers,
    log,
    now,
    ringTimeoutMs: config.ringTimeoutMs,
    maxMissedOffers: config.maxMissedOffers,
    livekit,
    agentTokenTtlS: config.agentTokenTtlS,
    setAway: (agentId, reason) => presence.setStatus(agentId, 'away', reason),
    onRing: (callId) => recorder.callRinging(callId),
  });
  router.watchRings();
  const chat = new ChatService({ store, rooms, log, now });
  const calls = new CallService({
    store,
    rooms,
    router,
    channel,
    shoppers,
    hours,
    log,
    now,
    livekit,
    shopperTokenTtlS: config.shopperTokenTtlS,
    agentRejoinGraceMs: config.agentRejoinGraceMs,
    shopperRejoinGraceMs: config.shopperRejoinGraceMs,
    chat,
    secret: config.sessionSecret,
    recorder,
    events: webhooks,
  });
  calls.watchAbsences();
  // On its own a server sees every console close; with others, one that dies closes none.
  if (deps.cluster) presence.watchConsoles();
  const video = new VideoUpgrade({ store, rooms, log, now, metadataFor: (call) => calls.roomMetadata(call) });
  const roomKeeper = new RoomKeeper({ store, rooms, log, metadataFor: (call) => calls.roomMetadata(call) });
  roomKeeper.start();
  deps.livekit?.onNodeLost(() => roomKeeper.nodeLost());
  const sessions = createSessions({
    secret: config.sessionSecret,
    ttlS: config.sessionTtlS,
    secureCookies: config.publicUrl.startsWith('https:'),
    store,
    onEnded: (agentId, reason) => channel.sessionsEnded(agentId, reason),
  });

  const audit = new AuditLog({ store, now });
  const firstOwner = new FirstOwner({ secret: config.sessionSecret, publicUrl: config.publicUrl, store, now });

  const app = express();
  app.disable('x-powered-by');
  // Only a proxy named in the settings may say who the client is; a client's own X-Forwarded-For is ignored.
  app.set('trust proxy', config.trustProxy);
  app.use((_req, res, next) => {
    res.set({ 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'strict-origin-when-cross-origin' });
    next();
  });

  app.get('/healthz', (_req, res) => void res.json({ ok: true }));
  const api = new RouteMounter(authGuards({ sessions, callKeySecret: config.sessionSecret, allowedOrigins }));
  app.use(webhookRouter({ api, apiKey: config.livekit.apiKey, apiSecret: config.livekit.apiSecret, calls, store, log, now }));
  app.use(
    callsRouter({ api, limits, calls, chat, video, store, router, shoppers, callsPerMinute: config.callsPerMinute, streams, events: webhooks, mailer, log }),
  );
  app.use(statusRouter({ api, router, hours, now, recordingNotice, widgetLook }));
  app.use(callbacksRouter({ api, limits, store, channel, events: webhooks, log, now }));
  app.use(authRouter({ api, store, sessions, limits }));
  app.use(firstOwnerRouter({ api, firstOwner, store, sessions, limits, log, now }));
  app.use(doctorRouter({ api, livekit, limits, log }));
  app.use(agentRouter({ api, store, channel, presence, router, calls, chat, video, streams, allowedOrigins, log }));
  app.use(hoursRouter({ api, hours, audit, now }));
  app.use(callsAdminRouter({ api, store, chat, storage: recordingStorage, composites, audit, log }));
  app.use(
    settingsRouter({
      api,
      recording: recordingSettings,
      look,
      target: serviceTarget,
      origins: shopOrigins,
      publicUrl: config.publicUrl,
      livekitPublicUrls: config.livekit.publicUrls,
      audit,
      now,
    }),
  );
  app.use(agentsAdminRouter({ api, store, sessions, audit, log, now }));
  app.use(auditRouter({ api, store }));
  app.use(analyticsRouter({ api, store, hours, target: serviceTarget, now }));
  app.use(csvExportRouter({ api, store, now }));
  app.use(webhooksRouter({ api, store, webhooks, audit, now }));
  const catalogueSettings = catalogueSetting(store, log);
  const catalogue = new CatalogueService({ store, settings: catalogueSettings, log, now });
  catalogue.start();
  app.use(catalogueRouter({ api, store, catalogue, settings: catalogueSettings, audit, now }));
  const attribution = attributionSetting(store, log);
  const funnel = new FunnelCounter({ store, log, now });
  app.use(
    salesRouter({
      api,
      limits,
      orders: new OrderAttribution({ store, settings: attribution, events: webhooks, log, now }),
      funnel,
      keys: new ApiKeys({ store, secret: config.sessionSecret, now }),
      settings: attribution,
      audit,
      now,
    }),
  );
  const unmounted = api.unmounted();
  // The route table and the routers are one API: a declared route nobody serves is a bug found at start.
  if (unmounted.length > 0) throw new Error(`routes declared but not mounted: ${unmounted.join(', ')}`);

  // Shop pages on other origins load the widget as a module script, which is a CORS request.
  app.use(
    '/widget',
    (_req, res, next) => {
      res.set('Access-Control-Allow-Origin', '*');
      next();
    },
    staticFiles(path.join(staticDir, 'widget'), { entryCache: LOADER_CACHE }),
  );
  app.use(
    '/console',
    consoleSecurityHeaders(config.livekit.publicUrls, config.allowedOrigins),
    staticFiles(path.join(staticDir, 'console'), { entryCache: CONSOLE_ENTRY_CACHE }),
  );
  app.get('/', (_req, res) => res.redirect('/console/agent/'));
  app.use(notFound);
  app.use(errorHandler(log));

  return {
    app,
    calls,
    presence,
    firstOwner,
    async stop() {
      roomKeeper.stop();
      retention.stop();
      router.stop();
      calls.stop();
      presence.stop();
      channel.closeAll();
      shoppers.closeAll();
      consoles.stop();
      catalogue.stop();
      await Promise.all([funnel.flush(), webhooks.sender.stop()]);
    },
  };
}
