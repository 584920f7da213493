import express, { Router } from 'express';
import type { Sessions } from '../accounts/sessions.js';
import { CallIdParams, HistoryQuery, ReviewBody, type RecordingFile, type TimelineEntry } from '../contract/admin.js';
import { parseIdentity } from '../contract/identities.js';
import { HttpError } from '../http/errors.js';
import { sameOriginOnly } from '../http/origins.js';
import { valid, validate } from '../http/validate.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import type { ChatService } from '../chat/chat-service.js';
import type { AuditLog } from './audit-log.js';
import type { CompositeService } from '../../recordings/composite-service.js';
import { FILE_ID, type RecordingStorage } from '../../recordings/storage.js';

const noSuchCall = () => new HttpError(404, 'call-not-found', 'There is no such call.');

/**
 * The owner's review of calls: the history with filters, one call with its timeline, its
 * conversation and recording files, the owner's note and score, deleting a recording, and the files themselves
 * (by id, with Range so the player seeks). Owner sessions only, same origin only.
 */
export function callsAdminRouter(o: { store: Store; chat: ChatService; storage: RecordingStorage; composites: CompositeService; sessions: Sessions; audit: AuditLog; log: Logger }): Router {
  const { store, storage, composites, log } = o;
  const router = Router();
  const owner = [sameOriginOnly, o.sessions.require('owner')];
  const list = { query: HistoryQuery };
  const one = { params: CallIdParams };
  const review = { params: CallIdParams, body: ReviewBody };

  router.get('/api/admin/calls', ...owner, validate(list), async (req, res) => {
    const { query: q } = valid(req, list);
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
    res.json({ total, page: q.page, pageSize: q.pageSize, calls });
  });

  router.get('/api/admin/calls/:callId', ...owner, validate(one), async (req, res) => {
    const { callId } = valid(req, one).params;
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
    res.json({ call, timeline, files, messages: await o.chat.list(callId, 'owner') });
  });

  router.put('/api/admin/calls/:callId/review', ...owner, express.json({ limit: '16kb' }), validate(review), async (req, res) => {
    const { params, body } = valid(req, review);
    const call = await store.history.review(params.callId, { note: body.note || null, score: body.score });
    if (!call) throw noSuchCall();
    res.json(call);
  });

  router.delete('/api/admin/calls/:callId/recording', ...owner, validate(one), async (req, res) => {
    const { callId } = valid(req, one).params;
    const call = await store.history.summary(callId);
    if (!call) throw noSuchCall();
    if (call.recording === 'recording') throw new HttpError(409, 'recording-in-progress', 'This call is still being recorded.');
    const removed = await store.recordings.remove(callId);
    for (const track of removed) await storage.delete(track.id);
    await composites.remove(callId);
    await o.audit.record(req, 'recording-deleted', callId, { consultant: call.agentName, files: removed.length });
    log.info('recording deleted by the owner', { callId, files: removed.length });
    res.status(204).end();
  });

  // The composite download: asked for, made in the background, polled, then fetched.
  router.post('/api/admin/calls/:callId/composite', ...owner, validate(one), async (req, res) => {
    const { callId } = valid(req, one).params;
    if (!(await store.history.summary(callId))) throw noSuchCall();
    res.status(202).json(await composites.request(callId));
  });
  router.get('/api/admin/calls/:callId/composite', ...owner, validate(one), async (req, res) => {
    const { callId } = valid(req, one).params;
    if (!(await store.history.summary(callId))) throw noSuchCall();
    res.set('Cache-Control', 'no-store').json(await composites.status(callId));
  });
  router.get('/api/admin/calls/:callId/composite.mp4', ...owner, validate(one), async (req, res) => {
    const { callId } = valid(req, one).params;
    if ((await composites.status(callId)).state !== 'ready') throw new HttpError(404, 'composite-not-ready', 'The download is not ready yet.');
    res.sendFile(composites.fileOf(callId), {
      acceptRanges: true,
      headers: { 'Content-Type': 'video/mp4', 'Cache-Control': 'private, no-cache', 'Content-Disposition': `attachment; filename="vitrina-${callId}.mp4"` },
    });
  });

  // Any id that is not one of ours (a path, a dot-dot, an unknown id) is simply not found.
  router.get('/api/admin/recordings/:fileId', ...owner, async (req, res) => {
    const fileId = String(req.params.fileId);
    const file = FILE_ID.test(fileId) ? await storage.open(fileId) : undefined;
    if (!file) throw new HttpError(404, 'recording-not-found', 'There is no such recording file.');
    res.sendFile(file.path, {
      acceptRanges: true,
      dotfiles: 'deny',
      headers: { 'Content-Type': 'video/webm', 'Cache-Control': 'private, max-age=3600', 'Content-Disposition': `inline; filename="${fileId}.webm"` },
    });
  });

  return router;
}
