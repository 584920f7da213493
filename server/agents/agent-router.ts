import express, { Router } from 'express';
import { StatusBody } from '../contract/agent.js';
import { CallIdParams } from '../contract/calls.js';
import { agentView } from '../accounts/auth-router.js';
import { currentAgent, type Sessions } from '../accounts/sessions.js';
import type { CallService } from '../calls/call-service.js';
import { sameOriginOnly } from '../http/origins.js';
import { valid, validate } from '../http/validate.js';
import type { Logger } from '../log.js';
import { openSse } from '../push/sse.js';
import type { QueueRouter } from '../queue/router.js';
import type { Store } from '../store/store.js';
import type { AgentChannel } from './agent-channel.js';

export interface AgentRouterOptions {
  store: Store;
  sessions: Sessions;
  channel: AgentChannel;
  router: QueueRouter;
  calls: CallService;
  log: Logger;
  now: () => number;
}

/** The agent console's API: the push channel, availability, and answering calls. */
export function agentRouter(o: AgentRouterOptions): Router {
  const router = Router();
  const status = { body: StatusBody };
  const byId = { params: CallIdParams };
  router.use('/api/agent', sameOriginOnly, o.sessions.require('agent', 'owner'), express.json({ limit: '4kb' }));

  router.get('/api/agent/events', async (req, res) => {
    const agent = currentAgent(req);
    const stream = openSse(req, res, () => detach());
    const detach = o.channel.attach(agent.id, stream);
    const open = await o.store.calls.openCallOf(agent.id);
    stream.send({
      type: 'hello',
      agent: agentView(agent),
      ...(open ? { assignment: await o.router.assignment(open, agent) } : {}),
    });
    o.log.debug('console connected', { agentId: agent.id });
    void o.router.dispatch();
  });

  router.post('/api/agent/status', validate(status), async (req, res) => {
    const agent = currentAgent(req);
    const { body } = valid(req, status);
    const updated = await o.store.agents.setStatus(agent.id, body.status, o.now());
    o.log.info('agent status', { agentId: agent.id, status: body.status });
    o.channel.send(agent.id, { type: 'status', status: body.status });
    if (body.status === 'available') void o.router.dispatch();
    else await o.router.agentUnavailable(agent.id, 'away');
    res.json(updated && agentView(updated));
  });

  router.post('/api/agent/calls/:callId/accept', validate(byId), async (req, res) => {
    res.json(await o.calls.answer(valid(req, byId).params.callId, currentAgent(req)));
  });

  router.post('/api/agent/calls/:callId/decline', validate(byId), async (req, res) => {
    await o.calls.decline(valid(req, byId).params.callId, currentAgent(req));
    res.status(204).end();
  });

  router.post('/api/agent/calls/:callId/end', validate(byId), async (req, res) => {
    await o.calls.hangUpAsAgent(valid(req, byId).params.callId, currentAgent(req));
    res.status(204).end();
  });
  return router;
}
