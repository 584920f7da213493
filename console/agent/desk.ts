import type { AgentEvent, Assignment, AwayReason, LineEntry } from '../../server/contract/agent.js';
import type { Page } from '../../server/contract/calls.js';
import type { AgentStatus, AgentView, SessionEndReason } from '../../server/contract/auth.js';
import type { CallbackRequest, ConsultantCard } from '../../server/contract/queue.js';
import { Emitter } from '../../widget/call-core/emitter.js';
import { ApiError, type ConsoleApi } from '../shared/console-api.js';
import type { AgentCall } from './agent-call.js';
import type { Ringer } from './ringer.js';

/** What the desk asks of a call: the real AgentCall, or a test's stand-in that joins no room. */
export type DeskCall = Pick<AgentCall, 'callId' | 'status' | 'wasInCall' | 'shopperPage' | 'on' | 'start' | 'leave' | 'handOver' | 'transfer' | 'requeue'>;

/** The part of an EventSource the desk uses, so a test can push events by hand. */
export interface EventStream {
  readonly readyState: number;
  onopen: ((ev: Event) => void) | null;
  onerror: ((ev: Event) => void) | null;
  onmessage: ((message: MessageEvent<string>) => void) | null;
  close(): void;
}

/** A server error: the element says it in the consultant's language where it knows the code, else as the server put it. */
export interface ServerError {
  kind: 'server';
  code: string;
  message: string;
}

/** Why the sign-in page shows a line: the session ended (and why), or signing in failed. */
export type SignInNotice = { kind: 'session-ended'; reason: SessionEndReason | 'expired' } | ServerError | { kind: 'unreachable' };

/** Why the transfer menu or "back to the queue" failed, when the server gave no error of its own. */
export type ActionError = ServerError | { kind: 'colleagues' | 'transfer' | 'requeue' };

/** A ring this consultant let run out or declined, kept for the session so they can see what they missed. */
export interface UnansweredRing {
  callId: string;
  page: Page;
  /** When it stopped ringing, in this browser's clock. */
  at: number;
  reason: 'timeout' | 'declined';
}

/** How many unanswered rings the console keeps. */
const UNANSWERED_KEPT = 5;

export interface DeskState<C extends DeskCall> {
  /** The first "who am I" is under way: nothing to show yet. */
  checkingSession: boolean;
  /** Signed in as; undefined shows the sign-in page. */
  agent: AgentView | undefined;
  /** The event stream is open. */
  connected: boolean;
  awayReason: AwayReason | undefined;
  callbacks: readonly CallbackRequest[];
  /** Colleagues offered for a transfer, while the transfer menu is open. */
  colleagues: readonly ConsultantCard[] | undefined;
  /** The shop's origins, from the server's hello: only their pages are links. */
  shopOrigins: ReadonlySet<string>;
  /** The one call the console holds (ringing, live, or ended until "next"). */
  call: C | undefined;
  /** Who waits now, oldest first. */
  line: readonly LineEntry[];
  /** The server's clock minus this browser's, so waits are counted right on a machine whose clock is off. */
  clockOffsetMs: number;
  /** This session's rings that went unanswered here, newest first. */
  unanswered: readonly UnansweredRing[];
  signInNotice: SignInNotice | undefined;
  actionError: ActionError | undefined;
}

export interface DeskDeps<C extends DeskCall> {
  api: Pick<ConsoleApi, 'call' | 'onSessionOver'>;
  ringer: Pick<Ringer, 'unlock' | 'start' | 'stop'>;
  /** Opens the agent event stream (the agentEvents route). */
  openEvents(): EventStream;
  newCall(assignment: Assignment, agentId: string): C;
  /** For the retry after a failed session check; the browser's own unless a test steps time by hand. */
  setTimeout?: (run: () => void, ms: number) => unknown;
  /** Cancels that retry, given what `setTimeout` returned. */
  clearTimeout?: (handle: unknown) => void;
}

export interface AgentDeskEvents {
  /** Something in `state` changed; read it again. The call's own changes come from the call. */
  change: () => void;
}

/** EventSource.CLOSED, spelt out so the desk needs no EventSource to exist. */
const CLOSED = 2;
const SESSION_RETRY_MS = 5_000;
const EXPIRED: SignInNotice = { kind: 'session-ended', reason: 'expired' };

/** The part of the state that belongs to a session: how it is before signing in and after signing out. */
const signedOut = (): Omit<DeskState<never>, 'checkingSession' | 'signInNotice'> => ({
  agent: undefined,
  connected: false,
  awayReason: undefined,
  callbacks: [],
  colleagues: undefined,
  shopOrigins: new Set(),
  call: undefined,
  line: [],
  clockOffsetMs: 0,
  unanswered: [],
  actionError: undefined,
});

const isLive = (call: DeskCall | undefined): call is DeskCall => !!call && call.status !== 'ended' && call.status !== 'failed';
const serverError = (err: unknown): ServerError | undefined => (err instanceof ApiError ? { kind: 'server', code: err.code, message: err.message } : undefined);

/**
 * The consultant's desk without any UI: the session, the event stream the server pushes,
 * available/away, the one call at a time and its ring, call-backs, transfers. The console
 * element renders `state` and forwards clicks here; tests drive it with fakes.
 */
export class AgentDesk<C extends DeskCall> extends Emitter<AgentDeskEvents> {
  private current: DeskState<C> = { checkingSession: true, signInNotice: undefined, ...signedOut() };
  private events: EventStream | undefined;
  /** Counts start() and stop(), so that a first session check answered after stop() is dropped. */
  private runs = 0;
  /** The pending retry of the session check, if any. */
  private retry: { handle: unknown } | undefined;
  private readonly schedule: (run: () => void, ms: number) => unknown;
  private readonly unschedule: (handle: unknown) => void;

  constructor(private readonly deps: DeskDeps<C>) {
    super();
    this.schedule = deps.setTimeout ?? ((run, ms) => setTimeout(run, ms));
    this.unschedule = deps.clearTimeout ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  }

  get state(): Readonly<DeskState<C>> {
    return this.current;
  }

  /** The page opened: is there a session already? Without one (401, offline) the sign-in page shows. */
  start(): void {
    this.deps.api.onSessionOver = () => {
      if (this.current.agent) this.sessionOver(EXPIRED);
    };
    const run = ++this.runs;
    this.deps.api
      .call('me')
      // Answered after the page went away (or came back and asked again): that run is over.
      .then((agent) => run === this.runs && this.signedIn(agent))
      // Signing in then says what is wrong.
      .catch(() => undefined)
      .finally(() => this.set({ checkingSession: false }));
  }

  /** The page went away: no stream, no ring, no session check. */
  stop(): void {
    this.runs += 1;
    this.events?.close();
    // A session check still under way is for this stream: forgetting it makes the check's answer moot.
    this.events = undefined;
    this.cancelRetry();
    this.deps.ringer.stop();
  }

  /** Call from the sign-in form's submit handler: `send` posts the form (and must run before any await). */
  async signIn(send: () => Promise<AgentView>): Promise<void> {
    // A click is what lets the page make sound later.
    this.deps.ringer.unlock();
    try {
      const agent = await send();
      this.set({ signInNotice: undefined });
      this.signedIn(agent);
    } catch (err) {
      this.set({ signInNotice: serverError(err) ?? { kind: 'unreachable' } });
    }
  }

  async signOut(): Promise<void> {
    await this.setStatus('away');
    await this.deps.api.call('logout');
    this.sessionOver(undefined);
  }

  /** Call from a click: it also lets the ring be heard. */
  async setStatus(status: AgentStatus): Promise<void> {
    this.deps.ringer.unlock();
    this.set({ awayReason: undefined });
    this.set({ agent: await this.deps.api.call('setStatus', { body: { status } }) });
  }

  async openTransfer(): Promise<void> {
    this.set({ actionError: undefined });
    try {
      this.set({ colleagues: await this.deps.api.call('colleagues') });
    } catch (err) {
      this.set({ actionError: serverError(err) ?? { kind: 'colleagues' } });
    }
  }

  closeTransfer(): void {
    this.set({ colleagues: undefined });
  }

  async transfer(agentId: string): Promise<void> {
    const call = this.current.call;
    if (!call) return;
    try {
      await call.transfer(agentId);
      this.set({ colleagues: undefined, actionError: undefined });
    } catch (err) {
      const actionError = serverError(err) ?? { kind: 'transfer' };
      this.set({ actionError });
      // Who is free may have changed: that is often why it failed. The list is reloaded without
      // openTransfer, which would clear the error; if it cannot be, the one shown still serves.
      const colleagues = await this.deps.api.call('colleagues').catch(() => this.current.colleagues);
      this.set({ colleagues, actionError });
    }
  }

  async requeue(): Promise<void> {
    try {
      await this.current.call?.requeue();
    } catch (err) {
      this.set({ actionError: serverError(err) ?? { kind: 'requeue' } });
    }
  }

  async callbackDone(id: string): Promise<void> {
    try {
      await this.deps.api.call('callbackDone', { params: { callbackId: id } });
    } catch (err) {
      // Someone else got there first: the list catches up either way.
      if (!(err instanceof ApiError && err.status === 409)) throw err;
    }
    this.set({ callbacks: this.current.callbacks.filter((r) => r.id !== id) });
  }

  /** Done with the ended call: back to waiting. */
  next(): void {
    this.deps.ringer.stop();
    this.set({ call: undefined });
  }

  private set(patch: Partial<DeskState<C>>): void {
    this.current = { ...this.current, ...patch };
    this.emit('change');
  }

  /** The session is over (signed out here, or ended by the server): let go of everything, back to the sign-in page. */
  private sessionOver(notice: SignInNotice | undefined): void {
    this.events?.close();
    this.events = undefined;
    this.cancelRetry();
    this.deps.ringer.stop();
    void this.current.call?.leave();
    // Nothing of this session may show after the next sign-in, which may be someone else's.
    this.set({ ...signedOut(), signInNotice: notice });
  }

  /** Done with this call, unless another has taken its place meanwhile (a handover waits for the colleague). */
  private finished(call: C): void {
    if (this.current.call === call) this.next();
  }

  private signedIn(agent: AgentView): void {
    this.set({ agent });
    this.events?.close();
    const events = this.deps.openEvents();
    this.events = events;
    events.onopen = () => this.set({ connected: true });
    events.onerror = () => {
      this.set({ connected: false });
      // EventSource gives up for good on an error status (a 401 among them); a network error it retries itself.
      if (events.readyState === CLOSED && this.events === events) void this.checkSession(events);
    };
    events.onmessage = (message) => this.onEvent(JSON.parse(message.data) as AgentEvent);
  }

  /**
   * Whether the session still holds, after `refused` (the event stream) gave up. The answer
   * counts only while that stream is still the desk's: not after stop, sign-out or a new stream.
   */
  private async checkSession(refused: EventStream): Promise<void> {
    let agent: AgentView;
    try {
      agent = await this.deps.api.call('me');
    } catch (err) {
      if (this.events !== refused) return;
      if (err instanceof ApiError && err.status === 401) this.sessionOver(EXPIRED);
      else this.retryCheck(refused);
      return;
    }
    if (this.events === refused) this.signedIn(agent);
  }

  private retryCheck(refused: EventStream): void {
    this.cancelRetry();
    const retry: { handle: unknown } = { handle: undefined };
    this.retry = retry;
    retry.handle = this.schedule(() => {
      // A cancelled timer that fires anyway (or one a test runs by hand) does nothing.
      if (this.retry !== retry) return;
      this.retry = undefined;
      void this.checkSession(refused);
    }, SESSION_RETRY_MS);
  }

  private cancelRetry(): void {
    if (!this.retry) return;
    this.unschedule(this.retry.handle);
    this.retry = undefined;
  }

  private async loadCallbacks(): Promise<void> {
    // Offline for a moment: the list stays as it was, and the next hello loads it again.
    const callbacks = await this.deps.api.call('callbacks', { query: { state: 'open' } }).catch(() => this.current.callbacks);
    this.set({ callbacks });
  }

  private onEvent(event: AgentEvent): void {
    switch (event.type) {
      case 'signed-out':
        this.sessionOver({ kind: 'session-ended', reason: event.reason });
        break;
      case 'hello':
        this.hello(event);
        break;
      case 'status':
        this.set({ agent: this.current.agent && { ...this.current.agent, status: event.status }, awayReason: event.reason });
        break;
      case 'assignment':
        this.take(event.assignment);
        break;
      case 'line':
        this.set({ line: event.line, clockOffsetMs: event.serverNow - Date.now() });
        break;
      case 'offer-withdrawn':
        if (event.reason === 'timeout' || event.reason === 'declined') this.noteUnanswered(event.callId, event.reason);
        if (this.current.call?.callId === event.callId) void this.current.call.leave();
        break;
      case 'call-ended':
        if (this.current.call?.callId === event.callId) void this.current.call.leave();
        break;
      case 'call-left':
        this.callLeft(event);
        break;
      case 'callback':
        if (!this.current.callbacks.some((r) => r.id === event.request.id)) this.set({ callbacks: [event.request, ...this.current.callbacks] });
        break;
      case 'callback-done':
        this.set({ callbacks: this.current.callbacks.filter((r) => r.id !== event.id) });
        break;
    }
  }

  private hello(event: Extract<AgentEvent, { type: 'hello' }>): void {
    // After a reconnect the server's word is the truth: events sent while we were away are lost.
    this.set({
      connected: true,
      agent: event.agent,
      shopOrigins: new Set(event.shopOrigins),
      line: event.line,
      clockOffsetMs: event.serverNow - Date.now(),
    });
    void this.loadCallbacks();
    const current = this.current.call;
    if (event.assignment && event.assignment.callId !== current?.callId) this.take(event.assignment);
    else if (!event.assignment && isLive(current)) void current.leave();
  }

  private noteUnanswered(callId: string, reason: UnansweredRing['reason']): void {
    const call = this.current.call;
    if (call?.callId !== callId || this.current.unanswered.some((r) => r.callId === callId && r.reason === reason)) return;
    const ring: UnansweredRing = { callId, page: call.shopperPage, at: Date.now(), reason };
    this.set({ unanswered: [ring, ...this.current.unanswered].slice(0, UNANSWERED_KEPT) });
  }

  private callLeft(event: Extract<AgentEvent, { type: 'call-left' }>): void {
    const call = this.current.call;
    if (call?.callId !== event.callId) return;
    this.set({ colleagues: undefined });
    if (event.reason === 'transferred' && event.to) void call.handOver(event.to.identity).then(() => this.finished(call));
    else void call.leave().then(() => this.finished(call));
  }

  private take(assignment: Assignment): void {
    const agent = this.current.agent;
    if (!agent) return;
    // One call at a time: whatever the console still held is let go (its room, its camera).
    void this.current.call?.leave();
    const call = this.deps.newCall(assignment, agent.id);
    this.set({ call });
    call.on('status', (status) => {
      if (this.current.call !== call) return;
      if (status === 'ringing') this.deps.ringer.start();
      else this.deps.ringer.stop();
      // A missed or withdrawn ring leaves nothing to look at.
      if ((status === 'ended' || status === 'failed') && !call.wasInCall) this.next();
    });
    void call.start();
  }
}
