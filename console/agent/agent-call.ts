import type { Assignment, OutcomeRequest } from '../../server/contract/agent.js';
import type { CallOutcomeView } from '../../server/contract/sales-outcome.js';
import type { AgentMessageRequest } from '../../server/contract/chat.js';
import type { Page } from '../../server/contract/calls.js';
import { agentIdentity } from '../../server/contract/identities.js';
import { CallSession, CHAT_ONLY, type Side } from '../../widget/call-core/call-session.js';
import { readConversation } from '../../widget/call-core/chat-lines.js';
import { ApiError, type ConsoleApi } from '../shared/console-api.js';

/**
 * The consultant's side of one call. While it rings the console is already in the room, its
 * camera held (black frames) and previewed by the shopper only; accepting only releases it.
 */
export class AgentCall extends CallSession {
  private joined: Promise<void> = Promise.resolve();
  /** Set once a colleague has been given this call; the console shows the handover. */
  handedOver = false;
  /** Set while (and once) this consultant hands the call back to the queue. */
  private handedBack = false;
  private ringTimer: number | undefined;

  constructor(
    readonly assignment: Assignment,
    private readonly agentId: string,
    private readonly api: ConsoleApi,
  ) {
    super();
    this.on('metadata', (meta) => {
      if (meta.state === 'answered' && meta.agent === agentIdentity(this.agentId)) {
        this.admit(meta.shopper);
        this.advance('in-call');
      }
    });
  }

  /** The shopper we are rung for: subscribed to our held tracks while it rings (see CallSession). */
  protected override previewTo(): string[] {
    return [this.assignment.shopperIdentity];
  }

  get callId(): string {
    return this.assignment.callId;
  }

  protected override get side(): Side {
    return 'agent';
  }

  /** How the shopper began it: a chat, a chat that became a video call, or a video call. */
  get kind(): 'chat' | 'chat-video' | 'video' {
    if (this.assignment.kind === 'video') return 'video';
    const meta = this.metadata;
    // Before the room is joined only the assignment knows; after, the room says when both agreed.
    return this.assignment.videoSince !== undefined || (meta && !meta.chat) ? 'chat-video' : 'chat';
  }

  /** Asks the shopper to turn this chat into a video call (or agrees, when they asked first). */
  async askVideo(): Promise<void> {
    await this.api.call('agentVideo', { params: { callId: this.callId }, body: { step: 'ask' } });
  }

  /** The shopper's ask for video: yes (both start camera and microphone) or not now. */
  async answerVideo(accept: boolean): Promise<void> {
    await this.api.call('agentVideo', { params: { callId: this.callId }, body: { step: accept ? 'accept' : 'decline' } });
  }

  /** The page the shopper is on now: the last one they moved to during the call, else the one they called from. */
  get shopperPage(): Page {
    const last = this.messages.findLast((m) => m.kind === 'page');
    return last?.kind === 'page' ? last.page : this.assignment.page;
  }

  /** Answered here and still this consultant's when it ended (not handed to a colleague or back to the queue): theirs to say what came of it. */
  get outcomeIsOurs(): boolean {
    return this.wasInCall && !this.handedOver && !this.handedBack;
  }

  /** What came of the call and a note for the owner; sent again, it replaces them. */
  recordOutcome(outcome: OutcomeRequest): Promise<CallOutcomeView> {
    return this.api.call('setCallOutcome', { params: { callId: this.callId }, body: outcome });
  }

  /** The conversation so far (after a console reload, or for a colleague who took over). */
  async loadMessages(): Promise<void> {
    this.addLines(await readConversation((after, limit) => this.api.call('agentMessages', { params: { callId: this.callId }, query: { after, limit } })));
  }

  async send(message: AgentMessageRequest): Promise<void> {
    this.addLines([await this.api.call('agentSay', { params: { callId: this.callId }, body: message })]);
  }

  protected override async freshToken(): Promise<{ url: string; token: string } | undefined> {
    try {
      const assignment = await this.api.call('agentRejoin', { params: { callId: this.callId } });
      return { url: assignment.livekitUrl, token: assignment.token };
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) return undefined;
      throw err;
    }
  }

  /** Rings (or, after a console reload, rejoins a call already answered). */
  async start(): Promise<void> {
    const { state, ringEndsInMs } = this.assignment;
    this.moveTo(state === 'in-call' ? 'connecting' : 'ringing');
    if (ringEndsInMs !== undefined) {
      // Should the server's "withdrawn" never arrive (a dropped event stream), stop ringing anyway.
      this.ringTimer = window.setTimeout(() => this.status === 'ringing' && void this.leave(), ringEndsInMs + 2000);
    }
    // A chat rings and is answered without camera or microphone: the consultant types, as the shopper does.
    const chat = this.assignment.kind === 'chat' && this.assignment.videoSince === undefined;
    // Camera and connection start together: a camera takes as long to start as a connect on a
    // good link, and the consultant may click Accept the moment the ring shows.
    this.joined = this.join(this.assignment.livekitUrl, this.assignment.token, this.prepareMedia(chat ? CHAT_ONLY : undefined));
    // Where the shopper is now, and what was said before a reload or a transfer.
    void this.loadMessages();
    try {
      await this.joined;
    } catch (err) {
      this.stopped(err);
    }
  }

  /**
   * Our camera goes to the shopper from the click, not after the server's answer: the consultant
   * chose to be seen, and the shopper, subscribed to our held camera since the ring, gets the
   * face as the next frame we encode. Whom we see is the
   * server's word (the shopper admits us on the room's "answered"). The server hears at once,
   * while the room may still be joining: our grant then waits in `admit` for the connection,
   * which applies it before publishing anything, and our first key frame goes straight to the
   * shopper. A refused answer takes the grant back; a join that fails after the answer hands
   * the call back to the front of the line, as a consultant who dropped out would.
   */
  async accept(): Promise<void> {
    if (this.status !== 'ringing') return;
    clearTimeout(this.ringTimer);
    this.moveTo('connecting');
    this.admit(this.assignment.shopperIdentity);
    try {
      await this.api.call('acceptCall', { params: { callId: this.callId } });
    } catch (err) {
      this.unadmit();
      this.stopped(err);
      return;
    }
    try {
      await this.joined;
    } catch (err) {
      this.handedBack = true;
      await this.api.call('requeueCall', { params: { callId: this.callId } }).catch(() => undefined);
      this.stopped(err);
      return;
    }
    this.advance('in-call');
  }

  /** The server hears first, so the call is logged as declined or hung up, not as a console that vanished. */
  async decline(): Promise<void> {
    clearTimeout(this.ringTimer);
    // The ring may have ended already (409/404); either way it rings elsewhere or has stopped.
    await this.api.call('declineCall', { params: { callId: this.callId } }).catch(() => undefined);
    await this.leave();
  }

  /** A colleague takes over: stay (silently) until they are in the room, so the shopper is never alone, then leave. */
  async handOver(toIdentity: string): Promise<void> {
    this.handedOver = true;
    this.emit('media');
    await this.waitForParticipant(toIdentity, 15_000);
    await this.leave();
  }

  async transfer(agentId: string): Promise<void> {
    await this.api.call('transferCall', { params: { callId: this.callId }, body: { agentId } });
  }

  /** Back to the front of the queue for the next free colleague. */
  async requeue(): Promise<void> {
    // Before asking: the server's word that the call left may end it here before its answer comes.
    this.handedBack = true;
    try {
      await this.api.call('requeueCall', { params: { callId: this.callId } });
    } catch (err) {
      this.handedBack = false;
      throw err;
    }
    await this.leave();
  }

  /** Out of the room first, then the server ends the call (see endFromHere). */
  async hangUp(): Promise<void> {
    await this.endFromHere(() =>
      this.api.call('endCall', { params: { callId: this.callId } }).then(
        () => undefined,
        // Already ended (by the shopper, or the server): having left the room is all that was left to do.
        () => undefined,
      ),
    );
  }
}
