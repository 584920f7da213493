import { Router } from 'express';
import type { RecordingFile, TimelineEntry } from '../contract/admin.js';
import { parseIdentity } from '../contract/identities.js';
import { HttpError } from '../http/errors.js';
import type { RouteMounter } from '../http/mount-route.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import type { ChatService } from '../chat/chat-service.js';
import type { AuditLog } from './audit-log.js';
import type { CompositeService } from '../../recordings/composite-service.js';
import type { RecordingStorage } from '../../recordings/storage.js';

const noSuchCall = () => new HttpError(404, 'call-not-found', 'There is no such call.');

/**
 * The owner's review of calls: the history with filters, one call with its timeline, its
 * conversation and recording files, the owner's note and score, deleting a recording, and the files themselves
 * (by id, with Range so the player seeks). Owner sessions only, same origin only.
 */
export function callsAdminRouter(o: {
  api: RouteMounter;
  store: Store;
  chat: ChatService;
  storage: RecordingStorage;
  composites: CompositeService;
  audit: AuditLog;
  log: Logger;
}): Router {
  const { store, storage, composites, log } = o;
  const router = Router();

  o.api.mount(router, 'callList', async ({ query: q }) => {
    const { total, calls } = await store.history.search({
      ...(q.agentId ? { agentId: q.agentId } : {}),
      ...(q.from !== undefined ? { from: q.from } : {}),
      ...(q.to !== undefined ? { to: q.to } : {}),
      ...(q.outcome ? { outcome: q.outcome } : {}),
      sort: q.sort,
      order: q.order,
      offset: (q.page - 1) * q.pageSize,
      limit: q.pageSize,
    });
    return { total, page: q.page, pageSize: q.pageSize, calls };
  });

  o.api.mount(router, 'callDetail', async ({ params: { callId } }) => {
    const call = await store.history.summary(callId);
    if (!call) throw noSuchCall();
    const names = new Map((await store.agents.list()).map((a) => [a.id, a.name]));
    const timeline: TimelineEntry[] = (await store.calls.events(callId)).map((e) => ({
      at: e.at,
      kind: e.kind,
      agentName: e.agentId ? (names.get(e.agentId) ?? null) : null,
      detail: e.detail,
    }));
    const files: RecordingFile[] = (await store.recordings.tracksOf(callId))
      .filter((t) => t.status !== 'writing')
      .map((t) => {
        const who = parseIdentity(t.participant);
        return {
          id: t.id,
          from:
            who?.role === 'agent'
              ? { role: 'agent', name: names.get(who.id) ?? 'Consultant' }
              : who?.role === 'shopper'
                ? { role: 'shopper', name: 'Shopper' }
                : { role: 'other', name: t.participant },
          source: t.source,
          kind: t.kind,
          segment: t.segment,
          offsetMs: t.offsetMs ?? 0,
          durationMs: t.durationMs ?? 0,
          status: t.status === 'partial' ? 'partial' : 'complete',
          url: `/api/admin/recordings/${t.id}`,
        };
      });
    return { call, timeline, files, messages: await o.chat.list(callId, 'owner') };
  });

  o.api.mount(
    router,
    'reviewCall',
    async ({ params, body }) => {
      const call = await store.history.review(params.callId, { note: body.note || null, score: body.score });
      if (!call) throw noSuchCall();
      return call;
    },
    { bodyLimit: '16kb' },
  );

  o.api.mount(router, 'deleteRecording', async ({ params: { callId } }, req) => {
    const call = await store.history.summary(callId);
    if (!call) throw noSuchCall();
    if (call.recording === 'recording') throw new HttpError(409, 'recording-in-progress', 'This call is still being recorded.');
    const removed = await store.recordings.remove(callId);
    for (const track of removed) await storage.delete(track.id);
    await composites.remove(callId);
    await o.audit.record(req, 'recording-deleted', callId, { consultant: call.agentName, files: removed.length });
    log.info('recording deleted by the owner', { callId, files: removed.length });
  });

  // The composite download: asked for, made in the background, polled, then fetched.
  o.api.mount(router, 'makeComposite', async ({ params: { callId } }) => {
    if (!(await store.history.summary(callId))) throw noSuchCall();
    return composites.request(callId);
  });
  o.api.mount(router, 'compositeState', async ({ params: { callId } }, _req, res) => {
    if (!(await store.history.summary(callId))) throw noSuchCall();
    res.set('Cache-Control', 'no-store');
    return composites.status(callId);
  });
  o.api.mount(router, 'compositeFile', async ({ params: { callId } }, _req, res) => {
    if ((await composites.status(callId)).state !== 'ready') throw new HttpError(404, 'composite-not-ready', 'The download is not ready yet.');
    res.sendFile(composites.fileOf(callId), {
      acceptRanges: true,
      headers: { 'Content-Type': 'video/mp4', 'Cache-Control': 'private, no-cache', 'Content-Disposition': `attachment; filename="vitrina-${callId}.mp4"` },
    });
  });

  // By id only: the schema refuses anything else (a path, a dot-dot); an unknown id is not found.
  o.api.mount(router, 'recordingFile', async ({ params: { fileId } }, _req, res) => {
    const file = await storage.open(fileId);
    if (!file) throw new HttpError(404, 'recording-not-found', 'There is no such recording file.');
    res.sendFile(file.path, {
      acceptRanges: true,
      dotfiles: 'deny',
      headers: { 'Content-Type': 'video/webm', 'Cache-Control': 'private, max-age=3600', 'Content-Disposition': `inline; filename="${fileId}.webm"` },
    });
  });

  return router;
}
