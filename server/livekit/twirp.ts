import http from 'node:http';
import https from 'node:https';
import { AccessToken, type VideoGrant } from 'livekit-server-sdk';

/** LiveKit's room service as the API answers it: `code` is Twirp's (`not_found`, `permission_denied`, …). */
export class TwirpCallError extends Error {
  constructor(
    readonly method: string,
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`LiveKit ${method}: ${status} ${code}: ${message}`);
  }
}

export interface TwirpKeys {
  apiKey: string;
  apiSecret: string;
}

const TOKEN_TTL_S = 600;
/** A token is reused for half its life, so one in flight never expires on the way. */
const TOKEN_REUSE_MS = (TOKEN_TTL_S * 1000) / 2;
const TOKENS_KEPT = 2000;
const TIMEOUT_MS = 10_000;

/**
 * LiveKit's room service (Twirp, JSON) for the calls on every call's path. The SDK's client
 * signs a new token for each request and sends it through `fetch`, which writes the body as a
 * stream: in the queue bench that was ~2 ms of CPU per call, most of it socket writes. Here
 * each request is one write on a kept-alive connection, and the admin token for a grant is
 * signed once and reused for minutes.
 */
export class TwirpRoomService {
  private readonly agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
  private readonly tokens = new Map<string, { jwt: string; at: number }>();

  constructor(private readonly keys: TwirpKeys) {}

  async call<T>(baseUrl: string, method: string, body: object, grant: VideoGrant): Promise<T> {
    const url = new URL(`/twirp/livekit.RoomService/${method}`, baseUrl.replace(/^ws/, 'http'));
    const payload = Buffer.from(JSON.stringify(body));
    const token = await this.token(grant);
    const secure = url.protocol === 'https:';
    return new Promise<T>((resolve, reject) => {
      const req = (secure ? https : http).request(
        url,
        {
          method: 'POST',
          agent: secure ? this.agents.https : this.agents.http,
          timeout: TIMEOUT_MS,
          headers: { 'Content-Type': 'application/json', 'Content-Length': payload.byteLength, Authorization: `Bearer ${token}` },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const status = res.statusCode ?? 0;
            let json: unknown;
            try {
              json = text ? JSON.parse(text) : {};
            } catch {
              json = undefined;
            }
            if (status >= 200 && status < 300 && json !== undefined) return resolve(json as T);
            const err = (json ?? {}) as { code?: string; msg?: string };
            reject(new TwirpCallError(method, status, err.code ?? 'unknown', err.msg ?? text.slice(0, 200)));
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`LiveKit ${method}: no answer in ${TIMEOUT_MS} ms`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  private async token(grant: VideoGrant): Promise<string> {
    const key = JSON.stringify(grant);
    const now = Date.now();
    const kept = this.tokens.get(key);
    if (kept && now - kept.at < TOKEN_REUSE_MS) return kept.jwt;
    const at = new AccessToken(this.keys.apiKey, this.keys.apiSecret, { ttl: TOKEN_TTL_S });
    at.addGrant(grant);
    const jwt = await at.toJwt();
    // Room-scoped grants come one per call: the oldest go first.
    this.tokens.delete(key);
    if (this.tokens.size >= TOKENS_KEPT) this.tokens.delete(this.tokens.keys().next().value as string);
    this.tokens.set(key, { jwt, at: now });
    return jwt;
  }
}
