import type { CreateCallRequest } from '../../server/contract/calls.js';
import { CallsApi } from '../api/calls-api.js';
import { CallError } from './call-error.js';
import { CallSession, type MediaChoice } from './call-session.js';

/**
 * The shopper's call: camera first, then a call from the server, then waiting inside the
 * room until the room's metadata says an agent answered.
 */
export class ShopperCall extends CallSession {
  private readonly api: CallsApi;
  private ids: { callId: string; callKey: string } | undefined;

  constructor(server: string, log?: Pick<Console, 'debug' | 'warn'>) {
    super(log);
    this.api = new CallsApi(server);
    this.on('metadata', (meta) => {
      if (meta.state !== 'answered' || !meta.agent) return;
      this.admit(meta.agent);
      this.advance('in-call');
    });
  }

  get callId(): string | undefined {
    return this.ids?.callId;
  }

  async start(page: CreateCallRequest['page'], media?: MediaChoice): Promise<void> {
    this.setStatus('requesting');
    try {
      await this.prepareMedia(media);
      const call = await this.api.create({ page });
      this.ids = { callId: call.callId, callKey: call.callKey };
      this.setStatus('connecting');
      await this.join(call.livekitUrl, call.token);
      if (this.status === 'connecting') this.setStatus('queued');
    } catch (err) {
      // Whatever stopped the start (a hang-up meanwhile, a failure), the server must not keep the call.
      if (this.ids) await this.api.hangUp(this.ids.callId, this.ids.callKey);
      if (err instanceof CallError && err.reason === 'cancelled') return;
      this.fail(err instanceof CallError ? err : new CallError('unknown', String(err), { cause: err }));
    }
  }

  /** Tells the server first, so the call is recorded as hung up rather than as a shopper who vanished. */
  async hangUp(): Promise<void> {
    if (this.ids) await this.api.hangUp(this.ids.callId, this.ids.callKey);
    await this.leave();
  }
}
