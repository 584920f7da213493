import { Router } from 'express';
import type { ChatService } from '../chat/chat-service.js';
import { HttpError } from '../http/errors.js';
import { initialsOf } from '../contract/people.js';
import type { ConsultantCard } from '../contract/queue.js';
import { agentView } from '../accounts/auth-router.js';
import { currentAgent } from '../accounts/sessions.js';
import type { CallService } from '../calls/call-service.js';
import type { VideoUpgrade } from '../calls/video-upgrade.js';
import type { RouteMounter } from '../http/mount-route.js';
import type { Logger } from '../log.js';
import { openSse } from '../push/sse.js';
import { STREAM_LIMITS, type StreamQuota } from '../push/stream-quota.js';
import type { QueueRouter } from '../queue/router.js';
import type { Agent, Store } from '../store/store.js';
import type { AgentChannel } from './agent-channel.js';
import type { Presence } from './presence.js';

export interface AgentRouterOptions {
  api: RouteMounter;
  store: Store;
  channel: AgentChannel;
  presence: Presence;
  router: QueueRouter;
  calls: CallService;
  chat: ChatService;
  video: VideoUpgrade;
  streams: StreamQuota;
  allowedOrigins: () => Promise<ReadonlySet<string>>;
  log: Logger;
}

/** The agent console's API: the push channel, availability, and answering calls. */
export function agentRouter(o: AgentRouterOptions): Router {
  const router = Router();
  const { api } = o;
  const mine = async (callId: string, agent: Agent) => {
    const call = await o.store.calls.get(callId);
    if (!call || call.agentId !== agent.id) throw new HttpError(404, 'call-not-found', 'You have no such call.');
    return call;
  };

  api.mount(router, 'agentEvents', async (_input, req, res) => {
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
      ...(await o.router.line()),
      ...(open ? { assignment: await o.router.assignment(open, agent) } : {}),
    });
    o.log.debug('console connected', { agentId: agent.id });
    void o.router.dispatch();
  });

  api.mount(router, 'setStatus', async ({ body }, req) => {
    const agent = currentAgent(req);
    const updated = await o.presence.setStatus(agent.id, body.status);
    return agentView(updated ?? agent);
  });

  /** Colleagues and whether each could take a transferred call now. */
  api.mount(router, 'colleagues', async (_input, req) => {
    const me = currentAgent(req);
    const team = await o.router.team();
    return team.agents
      .filter((a) => a.id !== me.id)
      .map((a): ConsultantCard => ({ id: a.id, name: a.name, initials: initialsOf(a.name), languages: a.languages, status: team.statusOf(a) }));
  });

  api.mount(router, 'acceptCall', ({ params }, req) => o.calls.answer(params.callId, currentAgent(req)));
  api.mount(router, 'declineCall', ({ params }, req) => o.calls.decline(params.callId, currentAgent(req)));
  api.mount(router, 'transferCall', ({ params, body }, req) => o.calls.transfer(params.callId, currentAgent(req), body.agentId));
  api.mount(router, 'requeueCall', ({ params }, req) => o.calls.requeueByAgent(params.callId, currentAgent(req)));

  /** A console whose connection the SDK could not resume comes back with a fresh token for the same call. */
  api.mount(router, 'agentRejoin', async ({ params }, req) => {
    const agent = currentAgent(req);
    const open = await o.store.calls.openCallOf(agent.id);
    if (open?.id !== params.callId) throw new HttpError(404, 'call-not-found', 'You have no such call.');
    return o.router.assignment(open, agent);
  });

  api.mount(router, 'agentSay', ({ params, body }, req) => o.chat.fromAgent(params.callId, currentAgent(req), body), { bodyLimit: '4kb' });
  api.mount(router, 'agentVideo', ({ params, body }, req) => o.video.fromAgent(params.callId, currentAgent(req), body.step));
  /** The conversation so far: after a reload, or for a colleague the call was transferred to. */
  api.mount(router, 'agentMessages', async ({ params, query }, req) => o.chat.list((await mine(params.callId, currentAgent(req))).id, 'agent', query));
  api.mount(router, 'endCall', ({ params }, req) => o.calls.hangUpAsAgent(params.callId, currentAgent(req)));
  /** Only the consultant who answered it speaks for a call; anyone else's is, to them, no such call. */
  api.mount(
    router,
    'setCallOutcome',
    async ({ params, body }, req) => {
      const saved = { outcome: body.outcome, note: body.note || null };
      if (!(await o.store.history.recordOutcome(params.callId, currentAgent(req).id, saved))) {
        throw new HttpError(404, 'call-not-found', 'You have no such call.');
      }
      return saved;
    },
    // 2,000 characters may be written as JSON escapes of six bytes each.
    { bodyLimit: '16kb' },
  );
  return router;
}
