import { Router, type Request } from 'express';
import type { z } from 'zod';
import type { ServiceTargetSchema, WidgetLookSchema } from '../contract/shop.js';
import { widgetCsp } from '../http/csp.js';
import type { RouteMounter } from '../http/mount-route.js';
import type { AuditLog } from './audit-log.js';
import type { RecordingSettings } from '../settings/recording-settings.js';
import type { ShopOrigins, StoredSetting } from '../settings/shop-settings.js';

/**
 * The owner's shop settings that the server reads fresh each time, so a change applies without
 * a restart: recording, the widget's look, the shop origins allowed to embed it; and the
 * install page's snippet and origin check.
 */
export function settingsRouter(o: {
  api: RouteMounter;
  recording: RecordingSettings;
  look: StoredSetting<typeof WidgetLookSchema>;
  target: StoredSetting<typeof ServiceTargetSchema>;
  origins: ShopOrigins;
  publicUrl: string;
  /** LiveKit's addresses as browsers reach them, for the shop's Content-Security-Policy lines. */
  livekitPublicUrls: readonly string[];
  audit: AuditLog;
  now: () => number;
}): Router {
  const router = Router();
  const { api } = o;
  const bodyLimit = '16kb';

  /** Keeps a setting the owner changed (its schema has checked it), and says so in the audit log. */
  const save = async <S extends z.ZodType>(name: string, setting: StoredSetting<S>, value: z.output<S>, req: Request) => {
    await setting.set(value, o.now());
    await o.audit.record(req, 'settings-changed', name, value as Record<string, unknown>);
    return value;
  };
  api.mount(router, 'recordingSettings', () => o.recording.get());
  api.mount(router, 'setRecordingSettings', ({ body }, req) => save('recording', o.recording, body, req), { bodyLimit });
  api.mount(router, 'serviceTarget', () => o.target.get());
  api.mount(router, 'setServiceTarget', ({ body }, req) => save('service', o.target, body, req), { bodyLimit });
  api.mount(router, 'look', () => o.look.get());
  api.mount(router, 'setLook', ({ body }, req) => save('look', o.look, body, req), { bodyLimit });

  const originsView = async () => ({ fixed: [...o.origins.fixed], origins: (await o.origins.setting.get()).origins });
  api.mount(router, 'origins', originsView);
  api.mount(
    router,
    'setOrigins',
    async ({ body }, req) => {
      const origins = [...new Set(body.origins)];
      await o.origins.setting.set({ origins }, o.now());
      await o.audit.record(req, 'origins-changed', null, { origins });
      return originsView();
    },
    { bodyLimit },
  );

  api.mount(router, 'install', () => {
    const widgetUrl = `${o.publicUrl}/widget/vitrina.js`;
    const csp = Object.entries(widgetCsp(o.publicUrl, o.livekitPublicUrls)).map(([directive, sources]) => `${directive} ${sources.join(' ')};`);
    return { widgetUrl, snippet: `<script type="module" src="${widgetUrl}"></script>\n<vitrina-call-button></vitrina-call-button>`, csp };
  });
  api.mount(router, 'checkInstall', async ({ body }) => {
    const origin = new URL(body.url).origin;
    return { origin, allowed: (await o.origins.allowed()).has(origin) };
  });
  return router;
}
