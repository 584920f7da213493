import type { ApiKeyView, NewApiKeyResponse } from '../contract/sales.js';
import { HttpError } from '../http/errors.js';
import { checkSignature, derivedSecret } from '../http/vitrina-signature.js';
import { newId } from '../ids.js';
import type { Store } from '../store/store.js';

/** Marks a key's secret where it turns up (a log, a repository) and tells it from the key's id. */
const SECRET_PREFIX = 'vsk_';

/**
 * The keys a shop's server signs its requests with. A key's secret is never stored: it is
 * derived from the server's own secret and the key's id, shown to the owner once when made, and
 * checked by deriving it again. So a copy of the database holds no usable key; changing the
 * server's secret (`VITRINA_SESSION_SECRET`) invalidates every key, as it does every session.
 */
export class ApiKeys {
  constructor(
    private readonly o: {
      store: Store;
      /** The server's own secret. */
      secret: string;
      now: () => number;
    },
  ) {}

  private secretOf(keyId: string): string {
    return derivedSecret(this.o.secret, SECRET_PREFIX, `api key ${keyId}`);
  }

  async create(name: string, createdBy: string): Promise<NewApiKeyResponse> {
    const key = await this.o.store.sales.createKey({ id: newId('key'), name, createdBy }, this.o.now());
    return { ...key, secret: this.secretOf(key.id) };
  }

  list(): Promise<ApiKeyView[]> {
    return this.o.store.sales.keys();
  }

  async revoke(keyId: string): Promise<ApiKeyView> {
    const key = await this.o.store.sales.revokeKey(keyId, this.o.now());
    if (!key) throw new HttpError(404, 'api-key-not-found', 'There is no such API key.', 'keyId');
    return key;
  }

  /** Checks a signed request: the key must exist and not be revoked, and the signature must be fresh and over this body. */
  async verify(keyId: string | undefined, signature: string | undefined, body: string): Promise<ApiKeyView> {
    const key = keyId && /^key_[A-Za-z0-9_-]{16,40}$/.test(keyId) ? await this.o.store.sales.key(keyId) : undefined;
    if (!key || key.revokedAt !== null) throw new HttpError(401, 'api-key-invalid', 'The Vitrina-Key header names no API key in use.', 'vitrina-key');
    const now = this.o.now();
    const check = checkSignature(signature, this.secretOf(key.id), body, now);
    if (check === 'stale') throw new HttpError(401, 'signature-stale', "The signature's time is more than 5 minutes from ours.", 'vitrina-signature');
    if (check !== 'valid')
      throw new HttpError(401, 'signature-invalid', 'The Vitrina-Signature header does not verify for this key and body.', 'vitrina-signature');
    await this.o.store.sales.keyUsed(key.id, now);
    return key;
  }
}
