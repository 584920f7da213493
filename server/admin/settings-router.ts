import express, { Router } from 'express';
import type { Sessions } from '../accounts/sessions.js';
import { OriginCheckBody, ServiceTargetSchema, ShopOriginsSchema, WidgetLookSchema } from '../contract/shop.js';
import { sameOriginOnly } from '../http/origins.js';
import { valid, validate } from '../http/validate.js';
import { RecordingSettingsSchema, type RecordingSettings } from '../settings/recording-settings.js';
import type { ShopOrigins, StoredSetting } from '../settings/shop-settings.js';

/**
 * The owner's shop settings that the server reads fresh each time, so a change applies without
 * a restart: recording, the widget's look, the shop origins allowed to embed it; and the
 * install page's snippet and origin check.
 */
export function settingsRouter(o: {
  recording: RecordingSettings;
  look: StoredSetting<typeof WidgetLookSchema>;
  target: StoredSetting<typeof ServiceTargetSchema>;
  origins: ShopOrigins;
  publicUrl: string;
  sessions: Sessions;
  now: () => number;
}): Router {
  const router = Router();
  const owner = [sameOriginOnly, o.sessions.require('owner')];
  const json = express.json({ limit: '16kb' });
  const recording = { body: RecordingSettingsSchema };
  const look = { body: WidgetLookSchema };
  const origins = { body: ShopOriginsSchema };
  const check = { body: OriginCheckBody };

  router.get('/api/admin/settings/recording', ...owner, async (_req, res) => void res.json(await o.recording.get()));
  router.put('/api/admin/settings/recording', ...owner, json, validate(recording), async (req, res) => {
    const { body } = valid(req, recording);
    await o.recording.set(body, o.now());
    res.json(body);
  });

  const target = { body: ServiceTargetSchema };
  router.get('/api/admin/settings/service', ...owner, async (_req, res) => void res.json(await o.target.get()));
  router.put('/api/admin/settings/service', ...owner, json, validate(target), async (req, res) => {
    const { body } = valid(req, target);
    await o.target.set(body, o.now());
    res.json(body);
  });

  router.get('/api/admin/settings/look', ...owner, async (_req, res) => void res.json(await o.look.get()));
  router.put('/api/admin/settings/look', ...owner, json, validate(look), async (req, res) => {
    const { body } = valid(req, look);
    await o.look.set(body, o.now());
    res.json(body);
  });

  const originsView = async () => ({ fixed: o.origins.fixed, origins: (await o.origins.setting.get()).origins });
  router.get('/api/admin/settings/origins', ...owner, async (_req, res) => void res.json(await originsView()));
  router.put('/api/admin/settings/origins', ...owner, json, validate(origins), async (req, res) => {
    const { body } = valid(req, origins);
    await o.origins.setting.set({ origins: [...new Set(body.origins)] }, o.now());
    res.json(await originsView());
  });

  router.get('/api/admin/install', ...owner, (_req, res) => {
    const widgetUrl = `${o.publicUrl}/widget/vitrina.js`;
    res.json({ widgetUrl, snippet: `<script type="module" src="${widgetUrl}"></script>\n<vitrina-call-button></vitrina-call-button>` });
  });
  router.post('/api/admin/install/check', ...owner, json, validate(check), async (req, res) => {
    const origin = new URL(valid(req, check).body.url).origin;
    res.json({ origin, allowed: (await o.origins.allowed()).has(origin) });
  });
  return router;
}
