import type { AcceptResponse, AgentEvent, Assignment, OutcomeBody, StatusBody } from './agent.js';
import type {
  AgentAccount,
  AgentChangeBody,
  AgentIdParams,
  Analytics,
  AnalyticsQuery,
  AuditPage,
  AuditQuery,
  CallDetail,
  CallPage,
  CallSummary,
  CompositeState,
  CsvExportQuery,
  FileIdParams,
  HistoryQuery,
  NewAgentBody,
  PasswordBody,
  ReviewBody,
} from './admin.js';
import type { AgentView, FirstOwnerBody, LoginBody } from './auth.js';
import type { CallIdParams, CreateCallBody, CreateCallResponse, RatingBody, RejoinBody, RejoinResponse, VideoStepBody } from './calls.js';
import type { AgentMessageBody, ChatMessage, MessagesQuery, ShopperMessageBody } from './chat.js';
import type { DoctorProbe } from './doctor.js';
import type { ErrorCode } from './errors.js';
import type {
  CallbackBody,
  CallbackIdParams,
  CallbackListQuery,
  CallbackRequest,
  ConsultantCard,
  QueueStatus,
  QueueStatusQuery,
  ShopperQueueEvent,
  SwitchBody,
  TransferBody,
  WorkingHours,
  WorkingHoursSchema,
} from './queue.js';
import type {
  InstallInfo,
  OriginCheck,
  OriginCheckBody,
  OriginsView,
  RecordingSettingsSchema,
  RecordingSettingsValue,
  ServiceTarget,
  ServiceTargetSchema,
  ShopOriginsSchema,
  WidgetLook,
  WidgetLookSchema,
} from './shop.js';
import type { CallOutcomeView } from './sales-outcome.js';
import type { ShopperSummary, SummaryEmailBody } from './call-summary.js';
import type {
  CatalogueProduct,
  CatalogueSearchQuery,
  CatalogueSettings,
  CatalogueSettingsSchema,
  CatalogueStatus,
  CatalogueView,
  UploadQuery,
} from './catalogue.js';
import type {
  DeliveriesQuery,
  DeliveryIdParams,
  EndpointIdParams,
  WebhookDeliveryView,
  WebhookEndpointBody,
  WebhookEndpointView,
  WebhookSecret,
} from './webhooks.js';
import type {
  ApiKeyIdParams,
  ApiKeyView,
  AttributionSettings,
  AttributionSettingsSchema,
  FunnelBeaconBody,
  NewApiKeyBody,
  NewApiKeyResponse,
  PageOrderBody,
  ServerOrderResponse,
} from './sales.js';

/**
 * Every route of our HTTP API, declared once: the server mounts them from this table
 * (`server/http/mount-route.ts`, with the schemas of `route-schemas.ts`), the widget and the
 * consoles build their requests from it, and the fuzz suite attacks every entry.
 *
 * This file carries no zod: the browsers import it, and the schemas appear here only as types.
 */

/**
 * Who may call a route.
 * - `public`: anyone (a LiveKit webhook proves itself by its signature, inside the handler);
 * - `shop`: the widget on one of the shop's pages (CORS for the shop's origins);
 * - `call-key`: the shopper holding the call's key;
 * - `console`: our own pages, before anyone has signed in (same origin only);
 * - `staff`: a signed-in consultant or owner; `owner`: the owner only.
 */
export type RouteAuth = 'public' | 'shop' | 'call-key' | 'console' | 'staff' | 'owner';

/**
 * How a route answers success: JSON, nothing (204), a stream of server-sent events, or a file
 * (with Range).
 */
export type RouteReply = 'json' | 'none' | 'events' | 'file';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The zod schemas a route's input is checked with, named here by their types only. */
export interface InputSchemas {
  params?: unknown;
  query?: unknown;
  body?: unknown;
}

export interface RouteSpec {
  method: Method;
  path: `/api/${string}`;
  auth: RouteAuth;
  status: 200 | 201 | 202 | 204;
  reply: RouteReply;
  /** The codes this route answers beyond those any route of its `auth` may (`errorsOf`). */
  errors: readonly ErrorCode[];
  /** Types only, never read at run time. */
  input?: InputSchemas;
  output?: unknown;
}

/** Declares a route's input schemas and output type, which exist for the compiler only. */
const types = <I extends InputSchemas, O>() => ({ input: undefined as unknown as I, output: undefined as unknown as O });

const CALL = ['call-not-found', 'call-ended'] as const;

export const routes = {
  // The shopper's widget.
  queueStatus: {
    method: 'GET',
    path: '/api/queue/status',
    auth: 'shop',
    status: 200,
    reply: 'json',
    errors: [],
    ...types<{ query: typeof QueueStatusQuery }, QueueStatus>(),
  },
  openCall: {
    method: 'POST',
    path: '/api/calls',
    auth: 'shop',
    status: 201,
    reply: 'json',
    errors: ['rate-limited', 'closed', 'no-consultants', 'consultant-away', 'consultant-not-found', 'media-unavailable'],
    ...types<{ body: typeof CreateCallBody }, CreateCallResponse>(),
  },
  callEvents: {
    method: 'GET',
    path: '/api/calls/:callId/events',
    auth: 'call-key',
    status: 200,
    reply: 'events',
    errors: ['too-many-streams'],
    ...types<{ params: typeof CallIdParams }, ShopperQueueEvent>(),
  },
  switchCall: {
    method: 'POST',
    path: '/api/calls/:callId/switch',
    auth: 'call-key',
    status: 204,
    reply: 'none',
    errors: [...CALL],
    ...types<{ params: typeof CallIdParams; body: typeof SwitchBody }, void>(),
  },
  rejoinCall: {
    method: 'POST',
    path: '/api/calls/:callId/rejoin',
    auth: 'call-key',
    status: 200,
    reply: 'json',
    errors: [...CALL, 'rate-limited', 'media-unavailable'],
    ...types<{ params: typeof CallIdParams; body: typeof RejoinBody }, RejoinResponse>(),
  },
  reportPage: {
    method: 'POST',
    path: '/api/calls/:callId/page',
    auth: 'call-key',
    status: 204,
    reply: 'none',
    errors: [...CALL, 'rate-limited'],
    ...types<{ params: typeof CallIdParams; body: typeof RejoinBody }, void>(),
  },
  shopperSay: {
    method: 'POST',
    path: '/api/calls/:callId/messages',
    auth: 'call-key',
    status: 201,
    reply: 'json',
    errors: [...CALL, 'rate-limited', 'not-in-call', 'conversation-full'],
    ...types<{ params: typeof CallIdParams; body: typeof ShopperMessageBody }, ChatMessage>(),
  },
  shopperMessages: {
    method: 'GET',
    path: '/api/calls/:callId/messages',
    auth: 'call-key',
    status: 200,
    reply: 'json',
    errors: [...CALL],
    ...types<{ params: typeof CallIdParams; query: typeof MessagesQuery }, ChatMessage[]>(),
  },
  rateCall: {
    method: 'POST',
    path: '/api/calls/:callId/rating',
    auth: 'call-key',
    status: 204,
    reply: 'none',
    errors: ['call-not-rateable'],
    ...types<{ params: typeof CallIdParams; body: typeof RatingBody }, void>(),
  },
  shopperSummary: {
    method: 'GET',
    path: '/api/calls/:callId/summary',
    auth: 'call-key',
    status: 200,
    reply: 'json',
    errors: [...CALL, 'call-not-answered'],
    ...types<{ params: typeof CallIdParams }, ShopperSummary>(),
  },
  emailSummary: {
    method: 'POST',
    path: '/api/calls/:callId/summary/email',
    auth: 'call-key',
    status: 204,
    reply: 'none',
    errors: [...CALL, 'call-not-answered', 'mail-unavailable', 'rate-limited'],
    ...types<{ params: typeof CallIdParams; body: typeof SummaryEmailBody }, void>(),
  },
  hangUp: {
    method: 'POST',
    path: '/api/calls/:callId/hangup',
    auth: 'call-key',
    status: 204,
    reply: 'none',
    errors: [...CALL],
    ...types<{ params: typeof CallIdParams }, void>(),
  },
  /** A chat call's shopper asks for video, or answers the consultant's ask. */
  shopperVideo: {
    method: 'POST',
    path: '/api/calls/:callId/video',
    auth: 'call-key',
    status: 204,
    reply: 'none',
    errors: [...CALL, 'rate-limited', 'not-in-call', 'no-video-request', 'media-unavailable'],
    ...types<{ params: typeof CallIdParams; body: typeof VideoStepBody }, void>(),
  },
  requestCallback: {
    method: 'POST',
    path: '/api/callbacks',
    auth: 'shop',
    status: 201,
    reply: 'json',
    errors: ['rate-limited'],
    ...types<{ body: typeof CallbackBody }, { id: string }>(),
  },

  // Signing in, and the first owner of a new installation.
  login: {
    method: 'POST',
    path: '/api/auth/login',
    auth: 'console',
    status: 200,
    reply: 'json',
    errors: ['rate-limited', 'wrong-credentials'],
    ...types<{ body: typeof LoginBody }, AgentView>(),
  },
  logout: { method: 'POST', path: '/api/auth/logout', auth: 'console', status: 204, reply: 'none', errors: [], ...types<object, void>() },
  me: { method: 'GET', path: '/api/auth/me', auth: 'staff', status: 200, reply: 'json', errors: [], ...types<object, AgentView>() },
  setUpOwner: {
    method: 'POST',
    path: '/api/setup/owner',
    auth: 'console',
    status: 201,
    reply: 'json',
    errors: ['rate-limited', 'bad-setup-link', 'setup-done', 'email-taken'],
    ...types<{ body: typeof FirstOwnerBody }, AgentView>(),
  },

  // Machines: LiveKit's webhooks and `npm run doctor`.
  livekitWebhook: {
    method: 'POST',
    path: '/api/livekit/webhook',
    auth: 'public',
    status: 200,
    reply: 'json',
    errors: ['webhook-unverified', 'webhook-stale', 'webhook-replayed'],
    ...types<object, { ok: true }>(),
  },
  doctorProbe: {
    method: 'POST',
    path: '/api/doctor/probe',
    auth: 'public',
    status: 201,
    reply: 'json',
    errors: ['rate-limited'],
    ...types<object, DoctorProbe>(),
  },

  // Orders the shop reports: its thank-you page (`<vitrina-purchase>`), or its server, signed with an API key.
  reportOrder: {
    method: 'POST',
    path: '/api/orders',
    auth: 'shop',
    status: 204,
    reply: 'none',
    errors: ['rate-limited'],
    ...types<{ body: typeof PageOrderBody }, void>(),
  },
  funnelBeacon: {
    method: 'POST',
    path: '/api/funnel',
    auth: 'shop',
    status: 204,
    reply: 'none',
    errors: ['rate-limited'],
    ...types<{ body: typeof FunnelBeaconBody }, void>(),
  },
  serverOrder: {
    method: 'POST',
    path: '/api/shop/orders',
    auth: 'public',
    status: 200,
    reply: 'json',
    errors: ['api-key-invalid', 'signature-invalid', 'signature-stale', 'rate-limited'],
    ...types<object, ServerOrderResponse>(),
  },

  // The consultant's console.
  agentEvents: {
    method: 'GET',
    path: '/api/agent/events',
    auth: 'staff',
    status: 200,
    reply: 'events',
    errors: ['too-many-streams'],
    ...types<object, AgentEvent>(),
  },
  setStatus: {
    method: 'POST',
    path: '/api/agent/status',
    auth: 'staff',
    status: 200,
    reply: 'json',
    errors: [],
    ...types<{ body: typeof StatusBody }, AgentView>(),
  },
  colleagues: { method: 'GET', path: '/api/agent/colleagues', auth: 'staff', status: 200, reply: 'json', errors: [], ...types<object, ConsultantCard[]>() },
  acceptCall: {
    method: 'POST',
    path: '/api/agent/calls/:callId/accept',
    auth: 'staff',
    status: 200,
    reply: 'json',
    errors: [...CALL, 'offer-gone', 'media-unavailable'],
    ...types<{ params: typeof CallIdParams }, AcceptResponse>(),
  },
  declineCall: {
    method: 'POST',
    path: '/api/agent/calls/:callId/decline',
    auth: 'staff',
    status: 204,
    reply: 'none',
    errors: [...CALL, 'offer-gone'],
    ...types<{ params: typeof CallIdParams }, void>(),
  },
  transferCall: {
    method: 'POST',
    path: '/api/agent/calls/:callId/transfer',
    auth: 'staff',
    status: 204,
    reply: 'none',
    errors: [...CALL, 'consultant-not-found', 'consultant-unavailable'],
    ...types<{ params: typeof CallIdParams; body: typeof TransferBody }, void>(),
  },
  requeueCall: {
    method: 'POST',
    path: '/api/agent/calls/:callId/requeue',
    auth: 'staff',
    status: 204,
    reply: 'none',
    errors: [...CALL],
    ...types<{ params: typeof CallIdParams }, void>(),
  },
  agentRejoin: {
    method: 'POST',
    path: '/api/agent/calls/:callId/rejoin',
    auth: 'staff',
    status: 200,
    reply: 'json',
    errors: [...CALL],
    ...types<{ params: typeof CallIdParams }, Assignment>(),
  },
  agentSay: {
    method: 'POST',
    path: '/api/agent/calls/:callId/messages',
    auth: 'staff',
    status: 201,
    reply: 'json',
    errors: [...CALL, 'not-in-call', 'conversation-full'],
    ...types<{ params: typeof CallIdParams; body: typeof AgentMessageBody }, ChatMessage>(),
  },
  /** The consultant asks a chat call's shopper for video, or answers the shopper's ask. */
  agentVideo: {
    method: 'POST',
    path: '/api/agent/calls/:callId/video',
    auth: 'staff',
    status: 204,
    reply: 'none',
    errors: [...CALL, 'not-in-call', 'no-video-request', 'media-unavailable'],
    ...types<{ params: typeof CallIdParams; body: typeof VideoStepBody }, void>(),
  },
  agentMessages: {
    method: 'GET',
    path: '/api/agent/calls/:callId/messages',
    auth: 'staff',
    status: 200,
    reply: 'json',
    errors: [...CALL],
    ...types<{ params: typeof CallIdParams; query: typeof MessagesQuery }, ChatMessage[]>(),
  },
  endCall: {
    method: 'POST',
    path: '/api/agent/calls/:callId/end',
    auth: 'staff',
    status: 204,
    reply: 'none',
    errors: [...CALL],
    ...types<{ params: typeof CallIdParams }, void>(),
  },
  /** The consultant who answered a call (the last one, after a transfer) says what came of it, during the call or after. */
  setCallOutcome: {
    method: 'PUT',
    path: '/api/agent/calls/:callId/outcome',
    auth: 'staff',
    status: 200,
    reply: 'json',
    errors: ['call-not-found'],
    ...types<{ params: typeof CallIdParams; body: typeof OutcomeBody }, CallOutcomeView>(),
  },
  callbacks: {
    method: 'GET',
    path: '/api/agent/callbacks',
    auth: 'staff',
    status: 200,
    reply: 'json',
    errors: [],
    ...types<{ query: typeof CallbackListQuery }, CallbackRequest[]>(),
  },
  callbackDone: {
    method: 'POST',
    path: '/api/agent/callbacks/:callbackId/done',
    auth: 'staff',
    status: 200,
    reply: 'json',
    errors: ['callback-not-found', 'callback-done'],
    ...types<{ params: typeof CallbackIdParams }, CallbackRequest>(),
  },

  // The owner's admin page.
  callList: {
    method: 'GET',
    path: '/api/admin/calls',
    auth: 'owner',
    status: 200,
    reply: 'json',
    errors: [],
    ...types<{ query: typeof HistoryQuery }, CallPage>(),
  },
  callDetail: {
    method: 'GET',
    path: '/api/admin/calls/:callId',
    auth: 'owner',
    status: 200,
    reply: 'json',
    errors: ['call-not-found'],
    ...types<{ params: typeof CallIdParams }, CallDetail>(),
  },
  reviewCall: {
    method: 'PUT',
    path: '/api/admin/calls/:callId/review',
    auth: 'owner',
    status: 200,
    reply: 'json',
    errors: ['call-not-found'],
    ...types<{ params: typeof CallIdParams; body: typeof ReviewBody }, CallSummary>(),
  },
  deleteRecording: {
    method: 'DELETE',
    path: '/api/admin/calls/:callId/recording',
    auth: 'owner',
    status: 204,
    reply: 'none',
    errors: ['call-not-found', 'recording-in-progress'],
    ...types<{ params: typeof CallIdParams }, void>(),
  },
  makeComposite: {
    method: 'POST',
    path: '/api/admin/calls/:callId/composite',
    auth: 'owner',
    status: 202,
    reply: 'json',
    errors: ['call-not-found'],
    ...types<{ params: typeof CallIdParams }, CompositeState>(),
  },
  compositeState: {
    method: 'GET',
    path: '/api/admin/calls/:callId/composite',
    auth: 'owner',
    status: 200,
    reply: 'json',
    errors: ['call-not-found'],
    ...types<{ params: typeof CallIdParams }, CompositeState>(),
  },
  compositeFile: {
    method: 'GET',
    path: '/api/admin/calls/:callId/composite.mp4',
    auth: 'owner',
    status: 200,
    reply: 'file',
    errors: ['composite-not-ready', 'range-not-satisfiable'],
    ...types<{ params: typeof CallIdParams }, Blob>(),
  },
  recordingFile: {
    method: 'GET',
    path: '/api/admin/recordings/:fileId',
    auth: 'owner',
    status: 200,
    reply: 'file',
    errors: ['recording-not-found', 'range-not-satisfiable'],
    ...types<{ params: typeof FileIdParams }, Blob>(),
  },
  analytics: {
    method: 'GET',
    path: '/api/admin/analytics',
    auth: 'owner',
    status: 200,
    reply: 'json',
    errors: [],
    ...types<{ query: typeof AnalyticsQuery }, Analytics>(),
  },
  audit: {
    method: 'GET',
    path: '/api/admin/audit',
    auth: 'owner',
    status: 200,
    reply: 'json',
    errors: [],
    ...types<{ query: typeof AuditQuery }, AuditPage>(),
  },
  agents: { method: 'GET', path: '/api/admin/agents', auth: 'owner', status: 200, reply: 'json', errors: [], ...types<object, AgentAccount[]>() },
  addAgent: {
    method: 'POST',
    path: '/api/admin/agents',
    auth: 'owner',
    status: 201,
    reply: 'json',
    errors: ['email-taken'],
    ...types<{ body: typeof NewAgentBody }, AgentAccount>(),
  },
  changeAgent: {
    method: 'PATCH',
    path: '/api/admin/agents/:agentId',
    auth: 'owner',
    status: 200,
    reply: 'json',
    errors: ['consultant-not-found', 'cannot-disable-self'],
    ...types<{ params: typeof AgentIdParams; body: typeof AgentChangeBody }, AgentAccount>(),
  },
  removeAgent: {
    method: 'DELETE',
    path: '/api/admin/agents/:agentId',
    auth: 'owner',
    status: 204,
    reply: 'none',
    errors: ['consultant-not-found', 'cannot-remove-self'],
    ...types<{ params: typeof AgentIdParams }, void>(),
  },
  resetPassword: {
    method: 'POST',
    path: '/api/admin/agents/:agentId/password',
    auth: 'owner',
    status: 204,
    reply: 'none',
    errors: ['consultant-not-found'],
    ...types<{ params: typeof AgentIdParams; body: typeof PasswordBody }, void>(),
  },
  endSessions: {
    method: 'DELETE',
    path: '/api/admin/agents/:agentId/sessions',
    auth: 'owner',
    status: 204,
    reply: 'none',
    errors: ['consultant-not-found'],
    ...types<{ params: typeof AgentIdParams }, void>(),
  },
  hours: { method: 'GET', path: '/api/admin/hours', auth: 'owner', status: 200, reply: 'json', errors: [], ...types<object, WorkingHours>() },
  setHours: {
    method: 'PUT',
    path: '/api/admin/hours',
    auth: 'owner',
    status: 200,
    reply: 'json',
    errors: [],
    ...types<{ body: typeof WorkingHoursSchema }, WorkingHours>(),
  },
  recordingSettings: {
    method: 'GET',
    path: '/api/admin/settings/recording',
    auth: 'owner',
    status: 200,
    reply: 'json',
    errors: [],
    ...types<object, RecordingSettingsValue>(),
  },
  setRecordingSettings: {
    method: 'PUT',
    path: '/api/admin/settings/recording',
    auth: 'owner',
    status: 200,
    reply: 'json',
    errors: [],
    ...types<{ body: typeof RecordingSettingsSchema }, RecordingSettingsValue>(),
  },
  serviceTarget: {
    method: 'GET',
    path: '/api/admin/settings/service',
    auth: 'owner',
    status: 200,
    reply: 'json',
    errors: [],
    ...types<object, ServiceTarget>(),
  },
  setServiceTarget: {
    method: 'PUT',
    path: '/api/admin/settings/service',
    auth: 'owner',
    status: 200,
    reply: 'json',
    errors: [],
    ...types<{ body: typeof ServiceTargetSchema }, ServiceTarget>(),
  },
  look: { method: 'GET', path: '/api/admin/settings/look', auth: 'owner', status: 200, reply: 'json', errors: [], ...types<object, WidgetLook>() },
  setLook: {
    method: 'PUT',
    path: '/api/admin/settings/look',
    auth: 'owner',
    status: 200,
    reply: 'json',
    errors: [],
    ...types<{ body: typeof WidgetLookSchema }, WidgetLook>(),
  },
  origins: { method: 'GET', path: '/api/admin/settings/origins', auth: 'owner', status: 200, reply: 'json', errors: [], ...types<object, OriginsView>() },
  setOrigins: {
    method: 'PUT',
    path: '/api/admin/settings/origins',
    auth: 'owner',
    status: 200,
    reply: 'json',
    errors: [],
    ...types<{ body: typeof ShopOriginsSchema }, OriginsView>(),
  },
  install: { method: 'GET', path: '/api/admin/install', auth: 'owner', status: 200, reply: 'json', errors: [], ...types<object, InstallInfo>() },
  checkInstall: {
    method: 'POST',
    path: '/api/admin/install/check',
    auth: 'owner',
    status: 200,
    reply: 'json',
    errors: [],
    ...types<{ body: typeof OriginCheckBody }, OriginCheck>(),
  },
  attributionSettings: {
    method: 'GET',
    path: '/api/admin/settings/attribution',
    auth: 'owner',
    status: 200,
    reply: 'json',
    errors: [],
    ...types<object, AttributionSettings>(),
  },
  setAttributionSettings: {
    method: 'PUT',
    path: '/api/admin/settings/attribution',
    auth: 'owner',
    status: 200,
    reply: 'json',
    errors: [],
    ...types<{ body: typeof AttributionSettingsSchema }, AttributionSettings>(),
  },
  apiKeys: { method: 'GET', path: '/api/admin/api-keys', auth: 'owner', status: 200, reply: 'json', errors: [], ...types<object, ApiKeyView[]>() },
  createApiKey: {
    method: 'POST',
    path: '/api/admin/api-keys',
    auth: 'owner',
    status: 201,
    reply: 'json',
    errors: [],
    ...types<{ body: typeof NewApiKeyBody }, NewApiKeyResponse>(),
  },
  revokeApiKey: {
    method: 'DELETE',
    path: '/api/admin/api-keys/:keyId',
    auth: 'owner',
    status: 200,
    reply: 'json',
    errors: ['api-key-not-found'],
    ...types<{ params: typeof ApiKeyIdParams }, ApiKeyView>(),
  },
  exportCalls: {
    method: 'GET',
    path: '/api/admin/export/calls.csv',
    auth: 'owner',
    status: 200,
    reply: 'file',
    errors: [],
    ...types<{ query: typeof CsvExportQuery }, Blob>(),
  },
  exportOrders: {
    method: 'GET',
    path: '/api/admin/export/orders.csv',
    auth: 'owner',
    status: 200,
    reply: 'file',
    errors: [],
    ...types<{ query: typeof CsvExportQuery }, Blob>(),
  },
  webhookEndpoints: {
    method: 'GET',
    path: '/api/admin/webhooks',
    auth: 'owner',
    status: 200,
    reply: 'json',
    errors: [],
    ...types<object, WebhookEndpointView[]>(),
  },
  addWebhookEndpoint: {
    method: 'POST',
    path: '/api/admin/webhooks',
    auth: 'owner',
    status: 201,
    reply: 'json',
    errors: [],
    ...types<{ body: typeof WebhookEndpointBody }, WebhookEndpointView & WebhookSecret>(),
  },
  removeWebhookEndpoint: {
    method: 'DELETE',
    path: '/api/admin/webhooks/:endpointId',
    auth: 'owner',
    status: 204,
    reply: 'none',
    errors: ['webhook-endpoint-not-found'],
    ...types<{ params: typeof EndpointIdParams }, void>(),
  },
  webhookSecret: {
    method: 'GET',
    path: '/api/admin/webhooks/:endpointId/secret',
    auth: 'owner',
    status: 200,
    reply: 'json',
    errors: ['webhook-endpoint-not-found'],
    ...types<{ params: typeof EndpointIdParams }, WebhookSecret>(),
  },
  webhookDeliveries: {
    method: 'GET',
    path: '/api/admin/webhook-deliveries',
    auth: 'owner',
    status: 200,
    reply: 'json',
    errors: [],
    ...types<{ query: typeof DeliveriesQuery }, WebhookDeliveryView[]>(),
  },
  redeliverWebhook: {
    method: 'POST',
    path: '/api/admin/webhook-deliveries/:deliveryId/retry',
    auth: 'owner',
    status: 204,
    reply: 'none',
    errors: ['webhook-delivery-not-found'],
    ...types<{ params: typeof DeliveryIdParams }, void>(),
  },
  catalogueSearch: {
    method: 'GET',
    path: '/api/agent/catalogue',
    auth: 'staff',
    status: 200,
    reply: 'json',
    errors: [],
    ...types<{ query: typeof CatalogueSearchQuery }, CatalogueProduct[]>(),
  },
  catalogue: { method: 'GET', path: '/api/admin/catalogue', auth: 'owner', status: 200, reply: 'json', errors: [], ...types<object, CatalogueView>() },
  setCatalogueSettings: {
    method: 'PUT',
    path: '/api/admin/catalogue/settings',
    auth: 'owner',
    status: 200,
    reply: 'json',
    errors: [],
    ...types<{ body: typeof CatalogueSettingsSchema }, CatalogueSettings>(),
  },
  importCatalogue: {
    method: 'POST',
    path: '/api/admin/catalogue/import',
    auth: 'owner',
    status: 200,
    reply: 'json',
    errors: ['catalogue-no-feed', 'feed-unreachable', 'feed-invalid'],
    ...types<object, CatalogueStatus>(),
  },
  uploadCatalogue: {
    method: 'POST',
    path: '/api/admin/catalogue/upload',
    auth: 'owner',
    status: 200,
    reply: 'json',
    errors: ['feed-invalid'],
    ...types<{ query: typeof UploadQuery }, CatalogueStatus>(),
  },
} as const satisfies Record<string, RouteSpec>;

export type Routes = typeof routes;
export type RouteName = keyof Routes;

/** Codes any request may be answered with, whatever the route: it could not be read or checked. */
const ANY_REQUEST = ['bad-request', 'body-too-large', 'invalid-json', 'invalid-input', 'unsupported-encoding', 'undecodable-path'] as const;
const SIGNED_IN = ['cross-origin', 'not-signed-in', 'session-invalid', 'session-ended'] as const;
const BY_AUTH: Record<RouteAuth, readonly ErrorCode[]> = {
  public: [],
  shop: ['origin-required', 'origin-not-allowed'],
  'call-key': ['origin-required', 'origin-not-allowed', 'call-key-missing', 'call-key-invalid'],
  console: ['cross-origin'],
  staff: SIGNED_IN,
  owner: [...SIGNED_IN, 'forbidden'],
};

/** Every code a route may answer with: its own, its callers', and those of a request that cannot be read. */
export function errorsOf(route: RouteSpec): ReadonlySet<ErrorCode> {
  return new Set([...ANY_REQUEST, ...BY_AUTH[route.auth], ...route.errors]);
}

type Shape<N extends RouteName, K extends keyof InputSchemas> = Routes[N] extends { input: { [P in K]: { _zod: { input: infer T } } } } ? T : never;
type Parts<N extends RouteName> = {
  [K in keyof InputSchemas as [Shape<N, K>] extends [never] ? never : K]: Shape<N, K>;
};

/** What a browser sends to a route: the schemas' input types (before defaults are filled in). */
export type RequestOf<N extends RouteName> = Parts<N>;
/** What a route answers with on success. */
export type ResponseOf<N extends RouteName> = Routes[N]['output'];

type Filled<P extends string> = P extends `${infer A}:${string}/${infer B}`
  ? `${A}${string}/${Filled<B>}`
  : P extends `${infer A}:${string}`
    ? `${A}${string}`
    : P;
/**
 * A route's path as a type, its parameters any string: a client that writes its paths out (the
 * widget, which keeps this table out of its bundle) is held to the table by the compiler.
 */
export type PathOf<N extends RouteName> = Filled<Routes[N]['path']>;

/** The path of a route with its parameters filled in (encoded) and its query appended. */
export function pathOf(route: RouteSpec, parts: { params?: object; query?: object } = {}): string {
  const params = (parts.params ?? {}) as Record<string, string>;
  const path = route.path.replace(/:([A-Za-z]+)/g, (_m, name: string) => encodeURIComponent(params[name] ?? ''));
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(parts.query ?? {}) as [string, string | number | boolean | undefined][]) {
    if (value !== undefined) query.set(key, String(value));
  }
  return query.size > 0 ? `${path}?${query.toString()}` : path;
}
