import { createHash } from 'node:crypto';
import { AccessToken } from 'livekit-server-sdk';

/** Signs a webhook body the way livekit-server does: a JWT from the API key carrying the body's SHA-256. */
export async function signWebhook(body: string, apiKey: string, apiSecret: string): Promise<string> {
  const token = new AccessToken(apiKey, apiSecret);
  token.sha256 = createHash('sha256').update(body).digest('base64');
  return token.toJwt();
}
