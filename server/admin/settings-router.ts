import express, { Router } from 'express';
import type { Sessions } from '../accounts/sessions.js';
import type { z } from 'zod';
import { OriginCheckBody, ShopOriginsSchema, type ServiceTargetSchema, type WidgetLookSchema } from '../contract/shop.js';
import { widgetCsp } from '../http/csp.js';
import { sameOriginOnly } from '../http/origins.js';
import type { AuditLog } from './audit-log.js';
import { valid, validate } from '../http/validate.js';
import type { RecordingSettings } from '../settings/recording-settings.js';
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
  /** LiveKit's addresses as browsers reach them, for the shop's Content-Security-Policy lines. */
  livekitPublicUrls: readonly string[];
  sessions: Sessions;
  audit: AuditLog;
  now: () => number;
}): Router {
  const router = Router();
  const owner = [sameOriginOnly, o.sessions.require('owner')];
  const json = express.json({ limit: '16kb' });
  const origins = { body: ShopOriginsSchema };
  const check = { body: OriginCheckBody };

  /** GET and PUT for one stored setting, validated by its own schema. */
  const editable = <S extends z.ZodType>(name: string, setting: StoredSetting<S>) => {
    const put = { body: setting.schema };
    router.get(`/api/admin/settings/${name}`, ...owner, async (_req, res) => void res.json(await setting.get()));
    router.put(`/api/admin/settings/${name}`, ...owner, json, validate(put), async (req, res) => {
      const { body } = valid(req, put);
      // The validator cannot narrow its output type for a generic schema; it has checked it.
      await setting.set(body as z.output<S>, o.now());
      await o.audit.record(req, 'settings-changed', name, body as Record<string, unknown>);
      res.json(body);
    });
  };
  editable('recording', o.recording);
  editable('service', o.target);
  editable('look', o.look);

  const originsView = async () => ({ fixed: o.origins.fixed, origins: (await o.origins.setting.get()).origins });
  router.get('/api/admin/settings/origins', ...owner, async (_req, res) => void res.json(await originsView()));
  router.put('/api/admin/settings/origins', ...owner, json, validate(origins), async (req, res) => {
    const { body } = valid(req, origins);
    await o.origins.setting.set({ origins: [...new Set(body.origins)] }, o.now());
    await o.audit.record(req, 'origins-changed', null, { origins: [...new Set(body.origins)] });
    res.json(await originsView());
  });

  router.get('/api/admin/install', ...owner, (_req, res) => {
    const widgetUrl = `${o.publicUrl}/widget/vitrina.js`;
    const csp = Object.entries(widgetCsp(o.publicUrl, o.livekitPublicUrls)).map(([directive, sources]) => `${directive} ${sources.join(' ')};`);
    res.json({ widgetUrl, snippet: `<script type="module" src="${widgetUrl}"></script>\n<vitrina-call-button></vitrina-call-button>`, csp });
  });
  router.post('/api/admin/install/check', ...owner, json, validate(check), async (req, res) => {
    const origin = new URL(valid(req, check).body.url).origin;
    res.json({ origin, allowed: (await o.origins.allowed()).has(origin) });
  });
  return router;
}
