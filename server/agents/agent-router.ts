import express, { Router } from 'express';
import { StatusBody } from '../contract/agent.js';
import { AgentMessageBody, MessagesQuery } from '../contract/chat.js';
import type { ChatService } from '../chat/chat-service.js';
import { HttpError } from '../http/errors.js';
import { CallIdParams } from '../contract/calls.js';
import { initialsOf, TransferBody, type ConsultantCard } from '../contract/queue.js';
import { agentView } from '../accounts/auth-router.js';
import { currentAgent, type Sessions } from '../accounts/sessions.js';
import type { CallService } from '../calls/call-service.js';
import { sameOriginOnly } from '../http/origins.js';
import { valid, validate } from '../http/validate.js';
import type { Logger } from '../log.js';
import { openSse } from '../push/sse.js';
import { STREAM_LIMITS, type StreamQuota } from '../push/stream-quota.js';
import type { QueueRouter } from '../queue/router.js';
import type { Store } from '../store/store.js';
import type { AgentChannel } from './agent-channel.js';
import type { Presence } from './presence.js';

export interface AgentRouterOptions {
  store: Store;
  sessions: Sessions;
  channel: AgentChannel;
  presence: Presence;
  router: QueueRouter;
  calls: CallService;
  chat: ChatService;
  streams: StreamQuota;
  allowedOrigins: () => Promise<ReadonlySet<string>>;
  log: Logger;
}

/** The agent console's API: the push channel, availability, and answering calls. */
export function agentRouter(o: AgentRouterOptions): Router {
  const router = Router();
  const status = { body: StatusBody };
  const byId = { params: CallIdParams };
  const transfer = { params: CallIdParams, body: TransferBody };
  router.use('/api/agent', sameOriginOnly, o.sessions.require('agent', 'owner'), express.json({ limit: '4kb' }));

  router.get('/api/agent/events', async (req, res) => {
    const agent = currentAgent(req);
    const release = o.streams.take([
      { what: 'this account', key: agent.id, max: STREAM_LIMITS.perSession },
      { what: 'this address', key: req.ip ?? 'unknown', max: STREAM_LIMITS.perAddress },
    ]);
    const stream = openSse(req, res, () => {
      release();
      detach();
    });
    const detach = o.channel.attach(agent.id, stream);
    const open = await o.store.calls.openCallOf(agent.id);
    stream.send({
      type: 'hello',
      agent: agentView(agent),
      shopOrigins: [...(await o.allowedOrigins())],
      ...(open ? { assignment: await o.router.assignment(open, agent) } : {}),
    });
    o.log.debug('console connected', { agentId: agent.id });
    void o.router.dispatch();
  });

  router.post('/api/agent/status', validate(status), async (req, res) => {
    const agent = currentAgent(req);
    const { body } = valid(req, status);
    const updated = await o.presence.setStatus(agent.id, body.status);
    res.json(updated && agentView(updated));
  });

  /** Colleagues and whether each could take a transferred call now. */
  router.get('/api/agent/colleagues', async (req, res) => {
    const me = currentAgent(req);
    const team = await o.router.team();
    const cards: ConsultantCard[] = team.agents
      .filter((a) => a.id !== me.id)
      .map((a) => ({ id: a.id, name: a.name, initials: initialsOf(a.name), languages: a.languages, status: team.statusOf(a) }));
    res.json(cards);
  });

  router.post('/api/agent/calls/:callId/accept', validate(byId), async (req, res) => {
    res.json(await o.calls.answer(valid(req, byId).params.callId, currentAgent(req)));
  });

  router.post('/api/agent/calls/:callId/decline', validate(byId), async (req, res) => {
    await o.calls.decline(valid(req, byId).params.callId, currentAgent(req));
    res.status(204).end();
  });

  router.post('/api/agent/calls/:callId/transfer', validate(transfer), async (req, res) => {
    const { params, body } = valid(req, transfer);
    await o.calls.transfer(params.callId, currentAgent(req), body.agentId);
    res.status(204).end();
  });

  router.post('/api/agent/calls/:callId/requeue', validate(byId), async (req, res) => {
    await o.calls.requeueByAgent(valid(req, byId).params.callId, currentAgent(req));
    res.status(204).end();
  });

  /** A console whose connection the SDK could not resume comes back with a fresh token for the same call. */
  router.post('/api/agent/calls/:callId/rejoin', validate(byId), async (req, res) => {
    const agent = currentAgent(req);
    const open = await o.store.calls.openCallOf(agent.id);
    if (open?.id !== valid(req, byId).params.callId) throw new HttpError(404, 'call-not-found', 'You have no such call.');
    res.json(await o.router.assignment(open, agent));
  });

  const message = { params: CallIdParams, body: AgentMessageBody };
  router.post('/api/agent/calls/:callId/messages', validate(message), async (req, res) => {
    const { params, body } = valid(req, message);
    res.status(201).json(await o.chat.fromAgent(params.callId, currentAgent(req), body));
  });

  /** The conversation so far: after a reload, or for a colleague the call was transferred to. */
  const readMessages = { params: CallIdParams, query: MessagesQuery };
  router.get('/api/agent/calls/:callId/messages', validate(readMessages), async (req, res) => {
    const agent = currentAgent(req);
    const { params, query } = valid(req, readMessages);
    const call = await o.store.calls.get(params.callId);
    if (!call || call.agentId !== agent.id) throw new HttpError(404, 'call-not-found', 'You have no such call.');
    res.json(await o.chat.list(call.id, 'agent', query));
  });

  router.post('/api/agent/calls/:callId/end', validate(byId), async (req, res) => {
    await o.calls.hangUpAsAgent(valid(req, byId).params.callId, currentAgent(req));
    res.status(204).end();
  });
  return router;
}
