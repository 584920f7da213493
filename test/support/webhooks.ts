import { createHash, randomUUID } from 'node:crypto';
import { AccessToken } from 'livekit-server-sdk';

/** Signs a webhook body the way livekit-server does: a JWT from the API key carrying the body's SHA-256. */
export async function signWebhook(body: string, apiKey: string, apiSecret: string): Promise<string> {
  const token = new AccessToken(apiKey, apiSecret);
  token.sha256 = createHash('sha256').update(body).digest('base64');
  return token.toJwt();
}

/** An event as livekit-server sends it now: with a fresh id and creation time. */
export function webhookEvent(fields: object): Record<string, unknown> {
  return { id: `EV_${randomUUID()}`, createdAt: Math.floor(Date.now() / 1000), ...fields };
}

/** Posts a raw webhook body with the given Authorization header, or none. */
export function postWebhook(serverUrl: string, raw: string, authorization?: string): Promise<Response> {
  return fetch(`${serverUrl}/api/livekit/webhook`, {
    method: 'POST',
    body: raw,
    headers: { 'Content-Type': 'application/webhook+json', ...(authorization ? { Authorization: authorization } : {}) },
  });
}

/** Posts an event signed with the server's real LiveKit keys, as livekit-server would. */
export async function sendSignedWebhook(server: { url: string; config: { livekit: { apiKey: string; apiSecret: string } } }, event: object): Promise<Response> {
  const raw = JSON.stringify(event);
  return postWebhook(server.url, raw, await signWebhook(raw, server.config.livekit.apiKey, server.config.livekit.apiSecret));
}
