import express, { Router } from 'express';
import type { Sessions } from '../accounts/sessions.js';
import { sameOriginOnly } from '../http/origins.js';
import { valid, validate } from '../http/validate.js';
import { RecordingSettingsSchema, type RecordingSettings } from '../settings/recording-settings.js';

/** The owner's shop settings that the server reads fresh each time: a change applies without a restart. */
export function settingsRouter(o: { recording: RecordingSettings; sessions: Sessions; now: () => number }): Router {
  const router = Router();
  const owner = [sameOriginOnly, o.sessions.require('owner')];
  const put = { body: RecordingSettingsSchema };
  router.get('/api/admin/settings/recording', ...owner, async (_req, res) => void res.json(await o.recording.get()));
  router.put('/api/admin/settings/recording', ...owner, express.json({ limit: '16kb' }), validate(put), async (req, res) => {
    const { body } = valid(req, put);
    await o.recording.set(body, o.now());
    res.json(body);
  });
  return router;
}
