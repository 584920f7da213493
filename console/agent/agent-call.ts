import type { AcceptResponse, Assignment } from '../../server/contract/agent.js';
import { agentIdentity } from '../../server/contract/calls.js';
import { CallError } from '../../widget/call-core/call-error.js';
import { CallSession } from '../../widget/call-core/call-session.js';
import type { ConsoleApi } from './console-api.js';

/**
 * The consultant's side of one call. While it rings the console is already in the room with
 * its camera live and granted to nobody; accepting only flips permissions on both sides.
 */
export class AgentCall extends CallSession {
  constructor(
    readonly assignment: Assignment,
    private readonly agentId: string,
    private readonly api: ConsoleApi,
  ) {
    super();
    this.on('metadata', (meta) => {
      if (meta.state === 'answered' && meta.agent === agentIdentity(this.agentId)) {
        this.admit(meta.shopper);
        this.setStatus('in-call');
      }
    });
  }

  get callId(): string {
    return this.assignment.callId;
  }

  /** Rings (or, after a console reload, rejoins a call already answered). */
  async start(): Promise<void> {
    this.setStatus(this.assignment.state === 'in-call' ? 'connecting' : 'ringing');
    try {
      await this.prepareMedia();
      await this.join(this.assignment.livekitUrl, this.assignment.token);
    } catch (err) {
      this.fail(err instanceof CallError ? err : new CallError('unknown', String(err), { cause: err }));
    }
  }

  async accept(): Promise<void> {
    if (this.status !== 'ringing') return;
    this.setStatus('connecting');
    let answer: AcceptResponse;
    try {
      answer = await this.api.post<AcceptResponse>(`/api/agent/calls/${this.callId}/accept`);
    } catch (err) {
      this.fail(new CallError('unknown', err instanceof Error ? err.message : String(err), { cause: err }));
      return;
    }
    this.admit(answer.shopperIdentity);
    this.setStatus('in-call');
  }

  /** The server hears first, so the call is logged as declined or hung up, not as a console that vanished. */
  async decline(): Promise<void> {
    await this.api.post(`/api/agent/calls/${this.callId}/decline`).catch(() => undefined);
    await this.leave();
  }

  async hangUp(): Promise<void> {
    await this.api.post(`/api/agent/calls/${this.callId}/end`).catch(() => undefined);
    await this.leave();
  }
}
