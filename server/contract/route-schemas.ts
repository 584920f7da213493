import { OutcomeBody, StatusBody } from './agent.js';
import {
  AgentChangeBody,
  AgentIdParams,
  AnalyticsQuery,
  CsvExportQuery,
  AuditQuery,
  FileIdParams,
  HistoryQuery,
  NewAgentBody,
  PasswordBody,
  ReviewBody,
} from './admin.js';
import { FirstOwnerBody, LoginBody } from './auth.js';
import { CallIdParams, CreateCallBody, RatingBody, RejoinBody, VideoStepBody } from './calls.js';
import { AgentMessageBody, MessagesQuery, ShopperMessageBody } from './chat.js';
import { CallbackBody, CallbackIdParams, CallbackListQuery, QueueStatusQuery, SwitchBody, TransferBody, WorkingHoursSchema } from './queue.js';
import type { RouteName, Routes } from './routes.js';
import { SummaryEmailBody } from './call-summary.js';
import { CatalogueSearchQuery, CatalogueSettingsSchema, UploadQuery } from './catalogue.js';
import { DeliveriesQuery, DeliveryIdParams, EndpointIdParams, WebhookEndpointBody } from './webhooks.js';
import { ApiKeyIdParams, AttributionSettingsSchema, FunnelBeaconBody, NewApiKeyBody, PageOrderBody } from './sales.js';
import { OriginCheckBody, RecordingSettingsSchema, ServiceTargetSchema, ShopOriginsSchema, WidgetLookSchema } from './shop.js';

type SchemasOf<N extends RouteName> = Routes[N] extends { input: infer I } ? I : never;

/**
 * The zod schemas behind `routes`, for the server only (the browsers' bundles stay free of zod).
 * The compiler holds each entry to the schema types its route names, so the two cannot drift.
 */
export const routeSchemas: { [N in RouteName]: SchemasOf<N> } = {
  queueStatus: { query: QueueStatusQuery },
  openCall: { body: CreateCallBody },
  callEvents: { params: CallIdParams },
  switchCall: { params: CallIdParams, body: SwitchBody },
  rejoinCall: { params: CallIdParams, body: RejoinBody },
  reportPage: { params: CallIdParams, body: RejoinBody },
  shopperSay: { params: CallIdParams, body: ShopperMessageBody },
  shopperMessages: { params: CallIdParams, query: MessagesQuery },
  rateCall: { params: CallIdParams, body: RatingBody },
  hangUp: { params: CallIdParams },
  shopperSummary: { params: CallIdParams },
  emailSummary: { params: CallIdParams, body: SummaryEmailBody },
  shopperVideo: { params: CallIdParams, body: VideoStepBody },
  requestCallback: { body: CallbackBody },
  login: { body: LoginBody },
  logout: {},
  me: {},
  setUpOwner: { body: FirstOwnerBody },
  livekitWebhook: {},
  doctorProbe: {},
  agentEvents: {},
  setStatus: { body: StatusBody },
  colleagues: {},
  acceptCall: { params: CallIdParams },
  declineCall: { params: CallIdParams },
  transferCall: { params: CallIdParams, body: TransferBody },
  requeueCall: { params: CallIdParams },
  agentRejoin: { params: CallIdParams },
  agentSay: { params: CallIdParams, body: AgentMessageBody },
  agentVideo: { params: CallIdParams, body: VideoStepBody },
  agentMessages: { params: CallIdParams, query: MessagesQuery },
  endCall: { params: CallIdParams },
  setCallOutcome: { params: CallIdParams, body: OutcomeBody },
  callbacks: { query: CallbackListQuery },
  callbackDone: { params: CallbackIdParams },
  callList: { query: HistoryQuery },
  callDetail: { params: CallIdParams },
  reviewCall: { params: CallIdParams, body: ReviewBody },
  deleteRecording: { params: CallIdParams },
  makeComposite: { params: CallIdParams },
  compositeState: { params: CallIdParams },
  compositeFile: { params: CallIdParams },
  recordingFile: { params: FileIdParams },
  analytics: { query: AnalyticsQuery },
  audit: { query: AuditQuery },
  agents: {},
  addAgent: { body: NewAgentBody },
  changeAgent: { params: AgentIdParams, body: AgentChangeBody },
  removeAgent: { params: AgentIdParams },
  resetPassword: { params: AgentIdParams, body: PasswordBody },
  endSessions: { params: AgentIdParams },
  hours: {},
  setHours: { body: WorkingHoursSchema },
  recordingSettings: {},
  setRecordingSettings: { body: RecordingSettingsSchema },
  serviceTarget: {},
  setServiceTarget: { body: ServiceTargetSchema },
  look: {},
  setLook: { body: WidgetLookSchema },
  origins: {},
  setOrigins: { body: ShopOriginsSchema },
  install: {},
  checkInstall: { body: OriginCheckBody },
  reportOrder: { body: PageOrderBody },
  funnelBeacon: { body: FunnelBeaconBody },
  // Read raw and checked inside: the signature covers the bytes as sent (ServerOrderBody then).
  serverOrder: {},
  attributionSettings: {},
  setAttributionSettings: { body: AttributionSettingsSchema },
  apiKeys: {},
  createApiKey: { body: NewApiKeyBody },
  revokeApiKey: { params: ApiKeyIdParams },
  exportCalls: { query: CsvExportQuery },
  exportOrders: { query: CsvExportQuery },
  webhookEndpoints: {},
  addWebhookEndpoint: { body: WebhookEndpointBody },
  removeWebhookEndpoint: { params: EndpointIdParams },
  webhookSecret: { params: EndpointIdParams },
  webhookDeliveries: { query: DeliveriesQuery },
  redeliverWebhook: { params: DeliveryIdParams },
  catalogueSearch: { query: CatalogueSearchQuery },
  catalogue: {},
  setCatalogueSettings: { body: CatalogueSettingsSchema },
  importCatalogue: {},
  // The feed itself is read raw (its own charset, up to 50 MB) and parsed by feed-parsers.ts.
  uploadCatalogue: { query: UploadQuery },
};
