import { expect } from '@open-wc/testing';
import type { AgentEvent, Assignment } from '../../../server/contract/agent.js';
import type { AgentView } from '../../../server/contract/auth.js';
import type { Page } from '../../../server/contract/calls.js';
import type { CallbackRequest, ConsultantCard } from '../../../server/contract/queue.js';
import type { RouteName } from '../../../server/contract/routes.js';
import { AgentDesk, type DeskCall, type DeskDeps, type EventStream } from '../../../console/agent/desk.js';
import { ApiError } from '../../../console/shared/console-api.js';
import type { CallSessionEvents } from '../../../widget/call-core/call-session.js';
import type { CallStatus } from '../../../widget/call-core/call-status.js';
import { Emitter } from '../../../widget/call-core/emitter.js';

const ANNA: AgentView = { id: 'agt_anna', email: 'anna@example.test', name: 'Anna', role: 'agent', status: 'available' };
const SHOP = 'https://shop.example.test';

function assignment(callId: string, state: Assignment['state'] = 'ringing'): Assignment {
  return { callId, state, page: { url: `${SHOP}/sofa`, title: 'Sofa' }, livekitUrl: 'wss://lk.test', token: 't', shopperIdentity: 'shopper', kind: 'video' };
}

function callback(id: string): CallbackRequest {
  return { id, name: `Shopper ${id}`, phone: '+49 30 1', page: { url: `${SHOP}/sofa`, title: 'Sofa' }, createdAt: 0 };
}

/** Stands in for an AgentCall: no room, no camera; the test moves its status by hand. */
class FakeCall extends Emitter<CallSessionEvents> implements DeskCall {
  status: CallStatus = 'idle';
  wasInCall = false;
  left = 0;
  handedOverTo: string | undefined;
  transferredTo: string | undefined;
  constructor(readonly assignment: Assignment) {
    super();
  }
  get callId(): string {
    return this.assignment.callId;
  }
  get shopperPage(): Page {
    return this.assignment.page;
  }
  async start(): Promise<void> {
    this.move(this.assignment.state === 'in-call' ? 'connecting' : 'ringing');
  }
  async leave(): Promise<void> {
    this.left += 1;
    this.move('ended');
  }
  async handOver(identity: string): Promise<void> {
    this.handedOverTo = identity;
    await this.leave();
  }
  async transfer(agentId: string): Promise<void> {
    this.transferredTo = agentId;
  }
  async requeue(): Promise<void> {
    await this.leave();
  }
  move(status: CallStatus): void {
    const previous = this.status;
    if (status === 'in-call') this.wasInCall = true;
    this.status = status;
    this.emit('status', status, previous);
  }
}

/** The event stream the desk opens; the test plays the server. */
class FakeEvents implements EventStream {
  readyState = 0;
  closed = false;
  onopen: ((ev: Event) => void) | null = null;
  onerror: ((ev: Event) => void) | null = null;
  onmessage: ((message: MessageEvent<string>) => void) | null = null;
  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  send(event: AgentEvent): void {
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify(event) }));
  }
  /** `givenUp`: the browser's EventSource closed for good (an error status); else it is retrying by itself. */
  fail(givenUp: boolean): void {
    this.readyState = givenUp ? 2 : 0;
    this.onerror?.(new Event('error'));
  }
  close(): void {
    this.closed = true;
    this.readyState = 2;
  }
}

type Reply = (parts: unknown) => unknown;

/** The console API, answering each route as the test says; an unanswered route is a 404. */
class FakeApi {
  onSessionOver: (() => void) | undefined;
  readonly calls: { name: RouteName; parts: unknown }[] = [];
  readonly replies = new Map<RouteName, Reply>();
  answer(name: RouteName, reply: Reply): void {
    this.replies.set(name, reply);
  }
  called(name: RouteName): unknown[] {
    return this.calls.filter((c) => c.name === name).map((c) => c.parts);
  }
  readonly call = (async (name: RouteName, parts?: unknown) => {
    this.calls.push({ name, parts });
    const reply = this.replies.get(name);
    if (!reply) throw new ApiError(404, 'not-found', 'Not found');
    return reply(parts);
  }) as DeskDeps<FakeCall>['api']['call'];
}

class FakeRinger {
  ringing = false;
  unlocked = 0;
  unlock(): void {
    this.unlocked += 1;
  }
  start(): void {
    this.ringing = true;
  }
  stop(): void {
    this.ringing = false;
  }
}

/** Lets pending promise callbacks (the API's replies, `.then`s) run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

async function deskWith(setUp: (api: FakeApi) => void = () => {}) {
  const api = new FakeApi();
  api.answer('me', () => ANNA);
  api.answer('callbacks', () => []);
  setUp(api);
  const ringer = new FakeRinger();
  const streams: FakeEvents[] = [];
  const made: FakeCall[] = [];
  const timers: { run: () => void; ms: number; handle: number }[] = [];
  const cleared: unknown[] = [];
  const desk = new AgentDesk<FakeCall>({
    api,
    ringer,
    openEvents: () => {
      const stream = new FakeEvents();
      streams.push(stream);
      return stream;
    },
    newCall: (a, agentId) => {
      expect(agentId).to.equal(ANNA.id);
      const call = new FakeCall(a);
      made.push(call);
      return call;
    },
    setTimeout: (run, ms) => {
      const handle = timers.length + 1;
      timers.push({ run, ms, handle });
      return handle;
    },
    clearTimeout: (handle) => cleared.push(handle),
  });
  let changes = 0;
  desk.on('change', () => (changes += 1));
  desk.start();
  await settle();
  const events = () => streams[streams.length - 1];
  return { desk, api, ringer, streams, events, made, timers, cleared, changes: () => changes };
}

/** Which call the desk holds, by id: a failed assertion on the call object itself would hang the test runner. */
const held = (desk: AgentDesk<FakeCall>) => desk.state.call?.callId ?? 'nothing';

/** The newer call is the one held, untouched and still ringing: what a late handover or requeue must not disturb. */
function expectStillRinging(desk: AgentDesk<FakeCall>, newer: FakeCall | undefined, ringer: FakeRinger): void {
  expect(held(desk)).to.equal('call_2');
  expect(desk.state.call === newer, 'the very call it made').to.equal(true);
  expect(newer?.left).to.equal(0);
  expect(ringer.ringing).to.equal(true);
}

const hello = (extra: Partial<Extract<AgentEvent, { type: 'hello' }>> = {}): AgentEvent => ({
  type: 'hello',
  agent: ANNA,
  shopOrigins: [SHOP],
  line: [],
  serverNow: Date.now(),
  ...extra,
});

describe('AgentDesk', () => {
  it('with a session, signs in and opens the event stream; without one, shows the sign-in page', async () => {
    const { desk, streams, changes } = await deskWith();
    expect(desk.state.checkingSession).to.equal(false);
    expect(desk.state.agent).to.deep.equal(ANNA);
    expect(streams).to.have.length(1);
    expect(changes()).to.be.greaterThan(0);

    const signedOut = await deskWith((api) => api.answer('me', () => Promise.reject(new ApiError(401, 'unauthenticated', 'Sign in'))));
    expect(signedOut.desk.state.checkingSession).to.equal(false);
    expect(signedOut.desk.state.agent).to.equal(undefined);
    expect(signedOut.streams).to.have.length(0);
  });

  it('hello sets the agent, the shop origins and the call-backs, and takes the assignment', async () => {
    const { desk, events, made, api } = await deskWith((api) => api.answer('callbacks', () => [callback('cb_1')]));
    const away = { ...ANNA, status: 'away' as const };
    events().send(hello({ agent: away, assignment: assignment('call_1') }));
    await settle();
    expect(desk.state.connected).to.equal(true);
    expect(desk.state.agent).to.deep.equal(away);
    expect([...desk.state.shopOrigins]).to.deep.equal([SHOP]);
    expect(api.called('callbacks')).to.deep.equal([{ query: { state: 'open' } }]);
    expect(desk.state.callbacks.map((r) => r.id)).to.deep.equal(['cb_1']);
    expect(made).to.have.length(1);
    expect(held(desk)).to.equal(made[0].callId);
    expect(desk.state.call === made[0], 'the very call it made').to.equal(true);
    expect(made[0].callId).to.equal('call_1');
    expect(made[0].status).to.equal('ringing');
  });

  it('hello keeps the call it names, and leaves a live call it no longer names', async () => {
    const { desk, events, made } = await deskWith();
    events().send(hello({ assignment: assignment('call_1') }));
    events().send(hello({ assignment: assignment('call_1') }));
    expect(made).to.have.length(1);
    expect(made[0].left).to.equal(0);
    events().send(hello());
    expect(made[0].left).to.equal(1);
    // The ring it let go of was never answered: nothing is left to show.
    expect(held(desk)).to.equal('nothing');
  });

  it('an assignment replaces the call held, leaving it', async () => {
    const { desk, events, made } = await deskWith();
    events().send(hello());
    events().send({ type: 'assignment', assignment: assignment('call_1') });
    made[0].move('in-call');
    events().send({ type: 'assignment', assignment: assignment('call_2') });
    expect(made.map((c) => c.callId)).to.deep.equal(['call_1', 'call_2']);
    expect(made[0].left).to.equal(1);
    expect(held(desk)).to.equal(made[1].callId);
    expect(desk.state.call === made[1], 'the very call it made').to.equal(true);
  });

  it('rings while the call rings, and stops on any other status', async () => {
    const { events, made, ringer } = await deskWith();
    events().send(hello({ assignment: assignment('call_1') }));
    expect(ringer.ringing).to.equal(true);
    made[0].move('connecting');
    expect(ringer.ringing).to.equal(false);
    made[0].move('ringing');
    expect(ringer.ringing).to.equal(true);
    made[0].move('in-call');
    expect(ringer.ringing).to.equal(false);
  });

  it('a call it let go of no longer drives the ringer', async () => {
    const { events, made, ringer } = await deskWith();
    events().send(hello({ assignment: assignment('call_1') }));
    events().send({ type: 'assignment', assignment: assignment('call_2', 'in-call') });
    expect(ringer.ringing).to.equal(false);
    made[0].move('ringing');
    expect(ringer.ringing).to.equal(false);
  });

  it('a missed ring clears the call; a call that was answered stays until "next"', async () => {
    const { desk, events, made, ringer } = await deskWith();
    events().send(hello({ assignment: assignment('call_1') }));
    made[0].move('ended');
    expect(held(desk)).to.equal('nothing');
    expect(ringer.ringing).to.equal(false);

    events().send({ type: 'assignment', assignment: assignment('call_2') });
    made[1].move('in-call');
    made[1].move('ended');
    expect(held(desk)).to.equal(made[1].callId);
    expect(desk.state.call === made[1], 'the very call it made').to.equal(true);
    desk.next();
    expect(held(desk)).to.equal('nothing');
  });

  it('an answered call that ended (its outcome still unsaved) never holds up the next ring', async () => {
    const { desk, events, made, ringer } = await deskWith();
    events().send(hello({ assignment: assignment('call_1') }));
    made[0].move('in-call');
    made[0].move('ended');
    expect(held(desk)).to.equal('call_1');
    events().send({ type: 'assignment', assignment: assignment('call_2') });
    expectStillRinging(desk, made[1], ringer);
  });

  for (const type of ['offer-withdrawn', 'call-ended'] as const) {
    it(`${type} leaves the matching call only`, async () => {
      const { events, made } = await deskWith();
      events().send(hello({ assignment: assignment('call_1') }));
      const event = (callId: string): AgentEvent =>
        type === 'offer-withdrawn' ? { type, callId, reason: 'timeout' } : { type, callId, reason: 'shopper-hung-up' };
      events().send(event('call_9'));
      expect(made[0].left).to.equal(0);
      events().send(event('call_1'));
      expect(made[0].left).to.equal(1);
    });
  }

  it('notes each ring that ran out or was declined here, with its page, and not a withdrawn one', async () => {
    const { desk, events } = await deskWith();
    events().send(hello());
    const ring = (callId: string, reason: 'timeout' | 'declined' | 'cancelled') => {
      events().send({ type: 'assignment', assignment: assignment(callId) });
      events().send({ type: 'offer-withdrawn', callId, reason });
    };
    ring('call_1', 'timeout');
    ring('call_2', 'cancelled');
    ring('call_3', 'declined');
    expect(desk.state.unanswered.map((r) => [r.callId, r.reason])).to.deep.equal([
      ['call_3', 'declined'],
      ['call_1', 'timeout'],
    ]);
    expect(desk.state.unanswered[0]?.page).to.deep.equal(assignment('call_3').page);
    for (let i = 4; i < 12; i++) ring(`call_${i}`, 'timeout');
    expect(desk.state.unanswered.length, 'only the latest few are kept').to.equal(5);
  });

  it('shows the line from the hello and from each change, counting waits in the server clock', async () => {
    const { desk, events } = await deskWith();
    const waiting = { callId: 'call_7', since: 1_000, page: { url: `${SHOP}/sofa`, title: 'Sofa' }, unanswered: 1 };
    events().send(hello({ line: [waiting], serverNow: Date.now() + 60_000 }));
    expect(desk.state.line).to.deep.equal([waiting]);
    expect(Math.round(desk.state.clockOffsetMs / 1000)).to.equal(60);
    events().send({ type: 'line', line: [], serverNow: Date.now() });
    expect(desk.state.line).to.deep.equal([]);
    expect(Math.abs(desk.state.clockOffsetMs)).to.be.below(1000);
  });

  it('call-left for a transfer hands over to the colleague, then clears the call and the transfer menu', async () => {
    const { desk, events, made, api } = await deskWith((api) =>
      api.answer('colleagues', () => [{ id: 'agt_boris', name: 'Boris', initials: 'B', status: 'available' }]),
    );
    events().send(hello({ assignment: assignment('call_1', 'in-call') }));
    made[0].move('in-call');
    await desk.openTransfer();
    expect(desk.state.colleagues).to.have.length(1);
    expect(api.called('colleagues')).to.have.length(1);

    events().send({ type: 'call-left', callId: 'call_9', reason: 'transferred', to: { name: 'Boris', identity: 'agent:agt_boris' } });
    expect(made[0].handedOverTo).to.equal(undefined);
    events().send({ type: 'call-left', callId: 'call_1', reason: 'transferred', to: { name: 'Boris', identity: 'agent:agt_boris' } });
    expect(desk.state.colleagues).to.equal(undefined);
    expect(made[0].handedOverTo).to.equal('agent:agt_boris');
    await settle();
    expect(held(desk)).to.equal('nothing');
  });

  it('a transfer that goes through closes the transfer menu', async () => {
    const { desk, events, made } = await deskWith((api) =>
      api.answer('colleagues', () => [{ id: 'agt_boris', name: 'Boris', initials: 'B', status: 'available' }]),
    );
    events().send(hello({ assignment: assignment('call_1', 'in-call') }));
    await desk.openTransfer();
    await desk.transfer('agt_boris');
    expect(made[0].transferredTo).to.equal('agt_boris');
    expect(desk.state.colleagues).to.equal(undefined);
    expect(desk.state.actionError).to.equal(undefined);
  });

  it('call-left back to the queue leaves without a handover, then clears the call', async () => {
    const { desk, events, made } = await deskWith();
    events().send(hello({ assignment: assignment('call_1', 'in-call') }));
    made[0].move('in-call');
    events().send({ type: 'call-left', callId: 'call_1', reason: 'requeued' });
    expect(made[0].handedOverTo).to.equal(undefined);
    expect(made[0].left).to.equal(1);
    await settle();
    expect(held(desk)).to.equal('nothing');
  });

  it('a handover that finishes after a new assignment arrived keeps the new call', async () => {
    const { desk, events, made, ringer } = await deskWith();
    events().send(hello({ assignment: assignment('call_1', 'in-call') }));
    made[0].move('in-call');
    let handedOver = () => {};
    made[0].handOver = (identity) => {
      made[0].handedOverTo = identity;
      // The colleague is slow to join: the old call stays until they are in the room.
      return new Promise<void>((resolve) => (handedOver = resolve));
    };
    events().send({ type: 'call-left', callId: 'call_1', reason: 'transferred', to: { name: 'Boris', identity: 'agent:agt_boris' } });
    events().send({ type: 'assignment', assignment: assignment('call_2') });
    expect(held(desk)).to.equal('call_2');
    handedOver();
    await settle();
    expectStillRinging(desk, made[1], ringer);
  });

  it('a requeue that finishes after a new assignment arrived keeps the new call', async () => {
    const { desk, events, made, ringer } = await deskWith();
    events().send(hello({ assignment: assignment('call_1', 'in-call') }));
    made[0].move('in-call');
    const leaving: (() => void)[] = [];
    made[0].leave = () => {
      made[0].left += 1;
      return new Promise<void>((resolve) => leaving.push(resolve));
    };
    events().send({ type: 'call-left', callId: 'call_1', reason: 'requeued' });
    events().send({ type: 'assignment', assignment: assignment('call_2') });
    expect(held(desk)).to.equal('call_2');
    leaving.forEach((done) => done());
    await settle();
    expectStillRinging(desk, made[1], ringer);
  });

  it('callback and callback-done events keep the list, newest first, without duplicates', async () => {
    const { desk, events } = await deskWith();
    events().send(hello());
    await settle();
    events().send({ type: 'callback', request: callback('cb_1') });
    events().send({ type: 'callback', request: callback('cb_2') });
    events().send({ type: 'callback', request: callback('cb_1') });
    expect(desk.state.callbacks.map((r) => r.id)).to.deep.equal(['cb_2', 'cb_1']);
    events().send({ type: 'callback-done', id: 'cb_2', by: 'agt_boris' });
    expect(desk.state.callbacks.map((r) => r.id)).to.deep.equal(['cb_1']);
  });

  it('a signed-out event ends the session with its reason and lets go of everything', async () => {
    const { desk, events, made, ringer } = await deskWith();
    const stream = events();
    stream.send(hello({ assignment: assignment('call_1') }));
    stream.send({ type: 'callback', request: callback('cb_1') });
    expect(ringer.ringing).to.equal(true);
    stream.send({ type: 'signed-out', reason: 'password-changed' });
    expect(desk.state.agent).to.equal(undefined);
    expect(desk.state.signInNotice).to.deep.equal({ kind: 'session-ended', reason: 'password-changed' });
    expect(held(desk)).to.equal('nothing');
    expect(desk.state.callbacks).to.deep.equal([]);
    expect(made[0].left).to.equal(1);
    expect(stream.closed).to.equal(true);
    expect(ringer.ringing).to.equal(false);
  });

  it('a stream the browser still retries only shows "connecting"; one it gave up on checks the session', async () => {
    const { desk, events, api } = await deskWith();
    events().open();
    expect(desk.state.connected).to.equal(true);
    events().fail(false);
    expect(desk.state.connected).to.equal(false);
    await settle();
    expect(api.called('me')).to.have.length(1);

    events().fail(true);
    await settle();
    expect(api.called('me')).to.have.length(2);
  });

  it('a refused stream whose session is gone (401) signs out, saying the session expired', async () => {
    const { desk, events, api, streams, timers } = await deskWith();
    api.answer('me', () => Promise.reject(new ApiError(401, 'session-ended', 'Session ended')));
    events().fail(true);
    await settle();
    expect(desk.state.agent).to.equal(undefined);
    expect(desk.state.signInNotice).to.deep.equal({ kind: 'session-ended', reason: 'expired' });
    expect(streams).to.have.length(1);
    expect(timers).to.have.length(0);
  });

  it('a refused stream whose session check fails otherwise retries in 5 s, then reopens the stream', async () => {
    const { desk, events, api, streams, timers } = await deskWith();
    const first = events();
    api.answer('me', () => Promise.reject(new ApiError(502, 'http', 'HTTP 502')));
    first.fail(true);
    await settle();
    expect(desk.state.agent).to.deep.equal(ANNA);
    expect(timers.map((t) => t.ms)).to.deep.equal([5_000]);
    expect(streams).to.have.length(1);

    api.answer('me', () => ANNA);
    timers[0].run();
    await settle();
    expect(streams).to.have.length(2);
    expect(first.closed).to.equal(true);
    // The old stream's late error is not ours any more.
    first.fail(true);
    await settle();
    expect(api.called('me')).to.have.length(3);
  });

  it('stop cancels the pending session-check retry, and a retry that fires anyway does nothing', async () => {
    const { desk, events, api, streams, timers, cleared } = await deskWith();
    api.answer('me', () => Promise.reject(new ApiError(502, 'http', 'HTTP 502')));
    events().fail(true);
    await settle();
    expect(timers).to.have.length(1);
    desk.stop();
    expect(cleared).to.deep.equal([timers[0].handle]);

    api.answer('me', () => ANNA);
    timers[0].run();
    await settle();
    expect(api.called('me')).to.have.length(2);
    expect(streams).to.have.length(1);
  });

  it('the session ending cancels the pending session-check retry', async () => {
    const { desk, events, api, streams, timers, cleared } = await deskWith();
    api.answer('me', () => Promise.reject(new ApiError(502, 'http', 'HTTP 502')));
    const stream = events();
    stream.fail(true);
    await settle();
    expect(timers).to.have.length(1);
    stream.send({ type: 'signed-out', reason: 'password-changed' });
    expect(cleared).to.deep.equal([timers[0].handle]);

    api.answer('me', () => ANNA);
    timers[0].run();
    await settle();
    expect(api.called('me')).to.have.length(2);
    expect(streams).to.have.length(1);
    expect(desk.state.agent).to.equal(undefined);
  });

  it('a first session check answered after the page went away opens no stream', async () => {
    let answer = (_agent: AgentView) => {};
    const { desk, streams } = await deskWith((api) => api.answer('me', () => new Promise<AgentView>((resolve) => (answer = resolve))));
    desk.stop();
    answer(ANNA);
    await settle();
    expect(streams).to.have.length(0);
    expect(desk.state.agent).to.equal(undefined);
  });

  it('a session check still under way when the page goes away opens no stream', async () => {
    let answer = (_agent: AgentView) => {};
    const { desk, events, api, streams } = await deskWith();
    api.answer('me', () => new Promise<AgentView>((resolve) => (answer = resolve)));
    events().fail(true);
    desk.stop();
    answer(ANNA);
    await settle();
    expect(streams).to.have.length(1);
  });

  it("setStatus clears the away reason and takes the server's answer", async () => {
    const { desk, events, api, ringer } = await deskWith((api) => api.answer('setStatus', () => ANNA));
    events().send(hello());
    events().send({ type: 'status', status: 'away', reason: 'missed-offers' });
    expect(desk.state.agent?.status).to.equal('away');
    expect(desk.state.awayReason).to.equal('missed-offers');
    const done = desk.setStatus('available');
    expect(desk.state.awayReason).to.equal(undefined);
    expect(ringer.unlocked).to.equal(1);
    await done;
    expect(api.called('setStatus')).to.deep.equal([{ body: { status: 'available' } }]);
    expect(desk.state.agent?.status).to.equal('available');
  });

  it('callbackDone removes the request, also when someone else was first (409), and fails on anything else', async () => {
    let status = 409;
    const { desk, events, api } = await deskWith((api) => api.answer('callbackDone', () => Promise.reject(new ApiError(status, 'conflict', 'Already done'))));
    events().send(hello());
    await settle();
    events().send({ type: 'callback', request: callback('cb_1') });
    events().send({ type: 'callback', request: callback('cb_2') });
    await desk.callbackDone('cb_1');
    expect(api.called('callbackDone')).to.deep.equal([{ params: { callbackId: 'cb_1' } }]);
    expect(desk.state.callbacks.map((r) => r.id)).to.deep.equal(['cb_2']);

    status = 500;
    let failed: unknown;
    await desk.callbackDone('cb_2').catch((err: unknown) => (failed = err));
    expect(failed).to.be.instanceOf(ApiError);
    expect(desk.state.callbacks.map((r) => r.id)).to.deep.equal(['cb_2']);
  });

  it("says which action failed: the server's error where it gave one, else the kind", async () => {
    const { desk, events, made } = await deskWith((api) => api.answer('colleagues', () => Promise.reject(new TypeError('offline'))));
    events().send(hello({ assignment: assignment('call_1', 'in-call') }));
    await desk.openTransfer();
    expect(desk.state.actionError).to.deep.equal({ kind: 'colleagues' });
    made[0].requeue = () => Promise.reject(new ApiError(409, 'call-not-live', 'The call is over'));
    await desk.requeue();
    expect(desk.state.actionError).to.deep.equal({ kind: 'server', code: 'call-not-live', message: 'The call is over' });
  });

  it("a failed transfer shows why (the server's error, else 'transfer') with the colleagues reloaded", async () => {
    const boris: ConsultantCard = { id: 'agt_boris', name: 'Boris', initials: 'B', languages: ['de'], status: 'available' };
    let colleagues = [boris];
    const { desk, events, made, api } = await deskWith((api) => api.answer('colleagues', () => colleagues));
    events().send(hello({ assignment: assignment('call_1', 'in-call') }));
    await desk.openTransfer();

    colleagues = [{ ...boris, status: 'busy' }];
    made[0].transfer = () => Promise.reject(new ApiError(409, 'agent-busy', 'Boris is busy'));
    await desk.transfer('agt_boris');
    expect(desk.state.actionError).to.deep.equal({ kind: 'server', code: 'agent-busy', message: 'Boris is busy' });
    expect(desk.state.colleagues?.map((c) => c.status)).to.deep.equal(['busy']);
    expect(api.called('colleagues')).to.have.length(2);

    made[0].transfer = () => Promise.reject(new TypeError('offline'));
    await desk.transfer('agt_boris');
    expect(desk.state.actionError).to.deep.equal({ kind: 'transfer' });

    // The list could not be reloaded either: the transfer's failure is still what the consultant needs to know.
    api.answer('colleagues', () => Promise.reject(new TypeError('offline')));
    await desk.transfer('agt_boris');
    expect(desk.state.actionError).to.deep.equal({ kind: 'transfer' });
    expect(desk.state.colleagues?.map((c) => c.status)).to.deep.equal(['busy']);
  });

  it('signing in: the account on success, else the server\'s error or "unreachable"', async () => {
    const { desk, ringer, streams } = await deskWith((api) => api.answer('me', () => Promise.reject(new ApiError(401, 'unauthenticated', 'Sign in'))));
    await desk.signIn(() => Promise.reject(new ApiError(401, 'wrong-credentials', 'Wrong')));
    expect(desk.state.signInNotice).to.deep.equal({ kind: 'server', code: 'wrong-credentials', message: 'Wrong' });
    await desk.signIn(() => Promise.reject(new TypeError('Failed to fetch')));
    expect(desk.state.signInNotice).to.deep.equal({ kind: 'unreachable' });
    expect(ringer.unlocked).to.equal(2);
    await desk.signIn(async () => ANNA);
    expect(desk.state.signInNotice).to.equal(undefined);
    expect(desk.state.agent).to.deep.equal(ANNA);
    expect(streams).to.have.length(1);
  });

  it('signing out goes away, logs out, and shows the sign-in page without a notice', async () => {
    const { desk, events, api } = await deskWith((api) => {
      api.answer('setStatus', () => ({ ...ANNA, status: 'away' }));
      api.answer('logout', () => undefined);
    });
    const stream = events();
    await desk.signOut();
    expect(api.calls.map((c) => c.name).slice(-2)).to.deep.equal(['setStatus', 'logout']);
    expect(desk.state.agent).to.equal(undefined);
    expect(desk.state.signInNotice).to.equal(undefined);
    expect(stream.closed).to.equal(true);
  });

  for (const how of ['signing out', 'the session ending'] as const) {
    it(`${how} resets everything that belonged to the session`, async () => {
      const boris: ConsultantCard = { id: 'agt_boris', name: 'Boris', initials: 'B', languages: ['de'], status: 'available' };
      const { desk, events, made } = await deskWith((api) => {
        api.answer('setStatus', () => ({ ...ANNA, status: 'away' }));
        api.answer('logout', () => undefined);
        api.answer('colleagues', () => [boris]);
      });
      const stream = events();
      stream.open();
      stream.send(hello({ assignment: assignment('call_1', 'in-call') }));
      stream.send({ type: 'status', status: 'away', reason: 'missed-offers' });
      await desk.openTransfer();
      made[0].requeue = () => Promise.reject(new ApiError(409, 'call-not-live', 'The call is over'));
      await desk.requeue();
      expect(desk.state.colleagues).to.have.length(1);
      expect(desk.state.actionError).to.not.equal(undefined);

      if (how === 'signing out') await desk.signOut();
      else stream.send({ type: 'signed-out', reason: 'password-changed' });
      expect(desk.state.agent).to.equal(undefined);
      expect(held(desk)).to.equal('nothing');
      expect(desk.state.connected).to.equal(false);
      expect(desk.state.awayReason).to.equal(undefined);
      expect(desk.state.colleagues).to.equal(undefined);
      expect(desk.state.actionError).to.equal(undefined);
      expect(desk.state.callbacks).to.deep.equal([]);
      expect(desk.state.shopOrigins.size).to.equal(0);
      expect(desk.state.checkingSession).to.equal(false);
    });
  }
});
