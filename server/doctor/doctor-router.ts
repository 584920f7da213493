import { randomBytes } from 'node:crypto';
import { Router } from 'express';
import { RoomServiceClient } from 'livekit-server-sdk';
import type { RouteMounter } from '../http/mount-route.js';
import { rateLimit, type HitCounter } from '../http/rate-limit.js';
import type { LivekitAccess } from '../livekit/nodes.js';
import { mintProbeToken } from '../livekit/tokens.js';
import type { Logger } from '../log.js';

/** How long a probe's token and room live: one connection attempt. */
const PROBE_TTL_S = 60;

/**
 * `POST /api/doctor/probe`: a throwaway room and a token for it, so that `npm run doctor` can
 * make a real WebRTC connection through the deployment (UDP, TCP, TURN) from wherever it runs.
 * The token (`mintProbeToken`) opens only that empty room, for a minute. Limited per client.
 */
export function doctorRouter(o: { api: RouteMounter; livekit: LivekitAccess; limits: HitCounter; log: Logger }): Router {
  const router = Router();
  const probes = rateLimit({ counter: o.limits, windowMs: 60_000, max: 30, what: 'connection probes' });
  o.api.mount(
    router,
    'doctorProbe',
    async () => {
      const room = `doctor-${randomBytes(9).toString('base64url')}`;
      const rooms = new RoomServiceClient(o.livekit.url.replace(/^ws/, 'http'), o.livekit.apiKey, o.livekit.apiSecret);
      // Closed by LiveKit shortly after the probe leaves, or if it never comes.
      await rooms.createRoom({ name: room, emptyTimeout: PROBE_TTL_S, departureTimeout: 1, maxParticipants: 1 });
      o.log.info('doctor probe', { room });
      return { livekitUrl: o.livekit.browserUrl, token: await mintProbeToken(o.livekit, { room, ttlS: PROBE_TTL_S }) };
    },
    { before: [probes] },
  );
  return router;
}
