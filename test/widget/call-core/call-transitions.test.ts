import { expect, waitUntil } from '@open-wc/testing';
import { RoomEvent, type Room } from 'livekit-client';
import { AgentCall } from '../../../console/agent/agent-call.js';
import { ConsoleApi } from '../../../console/shared/console-api.js';
import type { Assignment } from '../../../server/contract/agent.js';
import type { RoomMetadata } from '../../../server/contract/calls.js';
import { agentIdentity, shopperIdentity } from '../../../server/contract/identities.js';
import type { ShopperQueueEvent } from '../../../server/contract/queue.js';
import { CallSession } from '../../../widget/call-core/call-session.js';
import { CALL_STATUSES, isFinal, type CallStatus } from '../../../widget/call-core/call-status.js';
import { canMove, TRANSITIONS } from '../../../widget/call-core/call-transitions.js';
import { ShopperCall } from '../../../widget/call-core/shopper-call.js';

type Move = `${CallStatus} → ${CallStatus}`;
const LIVE = CALL_STATUSES.filter((s) => !isFinal(s));

/**
 * Every move CallSession, ShopperCall and AgentCall make, and where, read from their code. The
 * table must allow each; the table may allow nothing else but a hang-up or failure from a live
 * status (leave() and fail() are public, and can come at any point).
 */
const CODE_MOVES: { [M in Move]?: string } = {
  'idle → requesting': 'ShopperCall.start',
  'requesting → queued': 'ShopperCall.start: the server has the call in line; the room is joined behind it',
  'requesting → ended': 'hung up while the camera or the server was asked',
  'requesting → failed': 'ShopperCall.start: no camera, server unreachable',
  'idle → connecting': 'ShopperCall.resume; AgentCall.start of an answered call (console reload, a transfer to this consultant)',
  'connecting → queued': 'ShopperCall.resume: back in the room, waiting',
  'connecting → in-call': 'ShopperCall.resume of an answered call; AgentCall accepted, or rejoined after a reload',
  'connecting → ended': 'ShopperCall.resume: the call ended meanwhile; a hang-up while joining',
  'connecting → failed': 'the room could not be joined; AgentCall.accept refused',
  'connecting → reconnecting': 'the room dropped before the server answered (AgentCall.accept)',
  'queued → ringing': 'ShopperCall: the server rings a consultant',
  'ringing → queued': 'ShopperCall: nobody answered, back in line',
  'ringing → in-call': 'ShopperCall: the consultant answered (room metadata)',
  'queued → in-call': 'ShopperCall: the answer came before the news of the ring',
  'queued → reconnecting': 'the connection dropped while waiting',
  'queued → ended': 'the shopper hung up while waiting; the server closed the room',
  'idle → ringing': 'AgentCall.start',
  'ringing → connecting': 'AgentCall.accept',
  'ringing → ended': 'AgentCall: declined, the ring ran out or was withdrawn',
  'ringing → failed': 'AgentCall: the room could not be joined while ringing',
  'ringing → reconnecting': 'the connection dropped while ringing',
  'in-call → queued': 'ShopperCall: the consultant dropped out or requeued the call (room metadata "waiting")',
  'in-call → reconnecting': 'the connection dropped during the call',
  'in-call → ended': 'hang-up, handover, requeue (consultant side), the server said the call ended or closed the room',
  'reconnecting → connecting': 'back from a reconnect to where it was',
  'reconnecting → queued': 'back from a reconnect to where it was',
  'reconnecting → ringing': 'back from a reconnect to where it was',
  'reconnecting → in-call': 'back from a reconnect, or the answer that came during it',
  'reconnecting → ended': 'CallSession.recover: the call is over (no fresh token)',
  'reconnecting → failed': 'CallSession.recover gave up',
  'idle → ended': 'leave() on a call never started (the console lets go of what it holds)',
};

const quiet = { debug: () => {}, warn: () => {} };

function recordingLog(): { log: Pick<Console, 'debug' | 'warn'>; warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, log: { debug: () => {}, warn: (...data: unknown[]) => void warnings.push(data.map(String).join(' ')) } };
}

function watch(call: CallSession): Move[] {
  const moves: Move[] = [];
  call.on('status', (status, previous) => moves.push(`${previous} → ${status}`));
  return moves;
}

/** A bare session: moves by the same protected methods the subclasses use. */
class Probe extends CallSession {
  to(next: CallStatus): void {
    this.moveTo(next);
  }
  ahead(next: CallStatus): void {
    this.advance(next);
  }
}

/** The room a session joined; the reconnect events are the SDK's, so the test plays the SDK. */
const roomOf = (call: CallSession): Room => (call as unknown as { room: Room }).room;

/** Nothing listens there (and Chromium refuses the port outright): a connect fails at once. */
const DEAD_LIVEKIT = 'ws://127.0.0.1:9';

describe('the call transition table', () => {
  it('names every status once, and moves only to statuses', () => {
    expect(Object.keys(TRANSITIONS).sort()).to.deep.equal([...CALL_STATUSES].sort());
    for (const from of CALL_STATUSES) {
      const targets = TRANSITIONS[from];
      expect(
        targets.every((to) => CALL_STATUSES.includes(to)),
        from,
      ).to.equal(true);
      expect(new Set(targets).size, `${from} lists a target twice`).to.equal(targets.length);
      expect(targets, `${from} moves to itself`).not.to.include(from);
    }
  });

  it('lets a final status go nowhere, and every live status end or fail', () => {
    expect(TRANSITIONS.ended).to.deep.equal([]);
    expect(TRANSITIONS.failed).to.deep.equal([]);
    for (const from of LIVE) {
      expect(canMove(from, 'ended'), `${from} → ended`).to.equal(true);
      expect(canMove(from, 'failed'), `${from} → failed`).to.equal(true);
    }
  });

  it('reaches every status from idle', () => {
    const seen = new Set<CallStatus>(['idle']);
    // A Set iterates what is added while iterating: a breadth-first walk.
    for (const from of seen) for (const to of TRANSITIONS[from]) seen.add(to);
    expect([...seen].sort()).to.deep.equal([...CALL_STATUSES].sort());
  });

  it('allows every move the code makes, and no other but ending or failing', () => {
    for (const move of Object.keys(CODE_MOVES) as Move[]) {
      const [from, to] = move.split(' → ') as [CallStatus, CallStatus];
      expect(canMove(from, to), `${move} (${CODE_MOVES[move]})`).to.equal(true);
    }
    const extra = CALL_STATUSES.flatMap((from) => TRANSITIONS[from].map((to): Move => `${from} → ${to}`)).filter(
      (move) => !(move in CODE_MOVES) && !move.endsWith('→ ended') && !move.endsWith('→ failed'),
    );
    expect(extra, 'moves the table allows that no code makes').to.deep.equal([]);
  });

  it('refuses a move the table does not have, leaving the status as it was and saying why', () => {
    const { log, warnings } = recordingLog();
    const call = new Probe(log);
    const moves = watch(call);
    call.to('in-call');
    expect(call.status).to.equal('idle');
    expect(call.wasInCall).to.equal(false);
    call.to('requesting');
    call.to('in-call');
    expect(call.status).to.equal('requesting');
    expect(moves).to.deep.equal(['idle → requesting']);
    expect(warnings).to.have.length(2);
    expect(warnings[0]).to.contain('idle → in-call refused');
    expect(warnings[1]).to.contain('requesting → in-call refused');
  });

  it('keeps CallSession the only one to set a status directly', () => {
    const call = new Probe(quiet);
    // @ts-expect-error: the setter is CallSession's own; subclasses move by moveTo() and advance(), which check the table.
    call.setStatus('in-call');
    expect(call.status).to.equal('idle');
  });

  it('ignores a move to the same status, and any move after a final one', () => {
    const { log, warnings } = recordingLog();
    const call = new Probe(log);
    const moves = watch(call);
    call.to('ringing');
    call.to('ringing');
    call.to('ended');
    call.to('in-call');
    call.ahead('in-call');
    expect(call.status).to.equal('ended');
    expect(moves).to.deep.equal(['idle → ringing', 'ringing → ended']);
    expect(warnings).to.deep.equal([]);
  });

  it('remembers a move made while reconnecting and takes it once the connection is back; a move the table refuses is not remembered', async () => {
    const { log, warnings } = recordingLog();
    const call = new Probe(log);
    const moves = watch(call);
    call.to('connecting');
    call.to('queued');
    const joining = call.join(DEAD_LIVEKIT, 'token').catch(() => undefined);
    const room = roomOf(call);
    room.emit(RoomEvent.Reconnecting);
    expect(call.status).to.equal('reconnecting');
    call.ahead('in-call');
    expect(call.status).to.equal('reconnecting');
    // From in-call (where it will come back to) there is no way to ringing.
    call.ahead('ringing');
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.contain('in-call → ringing refused');
    // The SDK says it is reconnecting again before it is back: the way back stays.
    room.emit(RoomEvent.Reconnecting);
    room.emit(RoomEvent.Reconnected);
    expect(call.status).to.equal('in-call');
    expect(call.wasInCall).to.equal(true);
    expect(moves).to.deep.equal(['idle → connecting', 'connecting → queued', 'queued → reconnecting', 'reconnecting → in-call']);
    await joining;
    await call.leave();
    expect(call.status).to.equal('ended');
  });

  it('takes a first join that fails for no reconnect: the caller decides, nothing is recovered', async () => {
    const call = new Probe(quiet);
    const moves = watch(call);
    call.to('connecting');
    const err = await call.join(DEAD_LIVEKIT, 'token').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(Error);
    await new Promise((r) => setTimeout(r, 100));
    expect(call.status).to.equal('connecting');
    expect(moves).to.deep.equal(['idle → connecting']);
    await call.leave();
  });

  it('throws a connect that fails before the SFU answers at once, without waiting for a camera still starting', async () => {
    const call = new Probe(quiet);
    call.to('connecting');
    // The camera never finishes starting: the join error must not wait for it.
    const err = await call.join(DEAD_LIVEKIT, 'token', new Promise<void>(() => undefined)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(Error);
    await call.leave();
  });
});

const SERVER = 'https://vitrina.test';
const CALL_ID = 'call_t';

/** Stands in for the server (fetch), the queue events it pushes, and the LiveKit room (join, its metadata). */
class FakeWorld {
  readonly requests: string[] = [];
  meta: RoomMetadata | undefined;
  rejoinStatus = 200;
  livekitUrl = 'wss://lk.test';
  private push: ((line: string) => void) | undefined;
  private readonly originalFetch = window.fetch.bind(window);

  constructor() {
    window.fetch = async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : input.toString(), location.href);
      // LiveKit's own requests (its validate, after a failed connect) go out for real.
      if (url.origin !== SERVER && url.origin !== location.origin) return this.originalFetch(input, init);
      const method = init?.method ?? 'GET';
      this.requests.push(`${method} ${url.pathname}`);
      return this.answer(method, url.pathname);
    };
  }

  restore(): void {
    window.fetch = this.originalFetch;
  }

  queue(event: ShopperQueueEvent): void {
    this.push?.(`data: ${JSON.stringify(event)}\n\n`);
  }

  private answer(method: string, path: string): Response {
    const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
    const calls = `/api/calls/${CALL_ID}`;
    const agentCalls = `/api/agent/calls/${CALL_ID}`;
    if (method === 'POST' && path === '/api/calls') return json({ callId: CALL_ID, callKey: 'key', livekitUrl: this.livekitUrl, token: 't' }, 201);
    if (path === `${calls}/rejoin`)
      return this.rejoinStatus === 200 ? json({ livekitUrl: 'wss://lk.test', token: 't2' }) : new Response(null, { status: this.rejoinStatus });
    if (path === `${calls}/events`) {
      const encoder = new TextEncoder();
      const body = new ReadableStream<Uint8Array>({ start: (controller) => void (this.push = (line) => controller.enqueue(encoder.encode(line))) });
      return new Response(body, { headers: { 'Content-Type': 'text/event-stream' } });
    }
    if (method === 'GET' && (path === `${calls}/messages` || path === `${agentCalls}/messages`)) return json([]);
    if (path === `${agentCalls}/accept`) return json({ callId: CALL_ID, shopperIdentity: shopperIdentity(CALL_ID) });
    return new Response(null, { status: 204 });
  }
}

/** The real ShopperCall; only joining the room is played, the way a real join reports the room's metadata. */
class TestShopper extends ShopperCall {
  constructor(
    private readonly world: FakeWorld,
    log: Pick<Console, 'debug' | 'warn'>,
  ) {
    super(SERVER, () => ({ url: location.href, title: 'test' }), log);
  }
  override async join(): Promise<void> {
    this.assertLive();
    if (this.world.meta) this.emit('metadata', this.world.meta);
  }
  roomSays(meta: RoomMetadata): void {
    this.world.meta = meta;
    this.emit('metadata', meta);
  }
}

class TestAgent extends AgentCall {
  constructor(
    private readonly world: FakeWorld,
    assignment: Assignment,
    /** The room's connect, when a test holds it (or fails it). */
    private readonly connecting: Promise<void> = Promise.resolve(),
  ) {
    super(assignment, 'anna', new ConsoleApi());
  }
  override async join(): Promise<void> {
    await this.connecting;
    this.assertLive();
    if (this.world.meta) this.emit('metadata', this.world.meta);
  }
  roomSays(meta: RoomMetadata): void {
    this.world.meta = meta;
    this.emit('metadata', meta);
  }
}

const ANNA = agentIdentity('anna');
const waiting: RoomMetadata = { v: 1, state: 'waiting', shopper: shopperIdentity(CALL_ID) };
const answeredBy = (agent: string): RoomMetadata => ({ v: 1, state: 'answered', shopper: shopperIdentity(CALL_ID), agent });
const queue = (state: 'queued' | 'ringing'): ShopperQueueEvent => ({ type: 'queue', state, position: 1 });

function assignment(state: Assignment['state']): Assignment {
  return {
    callId: CALL_ID,
    state,
    page: { url: 'https://shop.test/sofa', title: 'Sofa' },
    livekitUrl: 'wss://lk.test',
    token: 't',
    shopperIdentity: shopperIdentity(CALL_ID),
    kind: 'video',
  };
}

describe('the moves ShopperCall and AgentCall make', () => {
  let world: FakeWorld;
  const consoleWarn = console.warn.bind(console);
  let consoleWarnings: string[];
  beforeEach(() => {
    world = new FakeWorld();
    sessionStorage.clear();
    // AgentCall logs to the console; a refused move would show there.
    consoleWarnings = [];
    console.warn = (...data: unknown[]) => void consoleWarnings.push(data.map(String).join(' '));
  });
  afterEach(() => {
    world.restore();
    console.warn = consoleWarn;
    sessionStorage.clear();
  });

  it('a shopper: in line, rung, back in line, rung and answered, requeued, answered again, hangs up', async () => {
    const { log, warnings } = recordingLog();
    const call = new TestShopper(world, log);
    const moves = watch(call);
    await call.start();
    expect(call.status).to.equal('queued');
    world.queue(queue('ringing'));
    await waitUntil(() => call.status === 'ringing', 'rung');
    world.queue(queue('queued'));
    await waitUntil(() => call.status === 'queued', 'back in line');
    world.queue(queue('ringing'));
    await waitUntil(() => call.status === 'ringing', 'rung again');
    call.roomSays(answeredBy(ANNA));
    call.roomSays(waiting);
    call.roomSays(answeredBy(agentIdentity('boris')));
    await call.hangUp();
    expect(moves).to.deep.equal([
      'idle → requesting',
      'requesting → queued',
      'queued → ringing',
      'ringing → queued',
      'queued → ringing',
      'ringing → in-call',
      'in-call → queued',
      'queued → in-call',
      'in-call → ended',
    ]);
    expect(warnings).to.deep.equal([]);
  });

  it('a shopper whose consultant hung up: the server says so, and the shopper leaves without asking it anything', async () => {
    const { log, warnings } = recordingLog();
    const call = new TestShopper(world, log);
    const moves = watch(call);
    await call.start();
    call.roomSays(answeredBy(ANNA));
    const asked = world.requests.length;
    world.queue({ type: 'ended' });
    await waitUntil(() => call.status === 'ended', "ended on the server's word, before the room is deleted");
    expect(moves.slice(-2)).to.deep.equal(['queued → in-call', 'in-call → ended']);
    expect(world.requests.slice(asked)).to.deep.equal([]);
    expect(warnings).to.deep.equal([]);
  });

  it('a shopper picking up an answered call on the next page: straight back in the call', async () => {
    const { log, warnings } = recordingLog();
    world.meta = answeredBy(ANNA);
    const call = new TestShopper(world, log);
    const moves = watch(call);
    await call.resume({ callId: CALL_ID, callKey: 'key', media: { camera: false, microphone: true }, minimised: false });
    await call.hangUp();
    expect(moves).to.deep.equal(['idle → connecting', 'connecting → in-call', 'in-call → ended']);
    expect(warnings).to.deep.equal([]);
  });

  it('a shopper picking up a call that ended meanwhile', async () => {
    world.rejoinStatus = 410;
    const call = new TestShopper(world, quiet);
    const moves = watch(call);
    await call.resume({ callId: CALL_ID, callKey: 'key', media: { camera: false, microphone: true }, minimised: false });
    expect(moves).to.deep.equal(['idle → connecting', 'connecting → ended']);
  });

  it('a shopper whose room cannot be joined: fails with the reason, and is not taken for a reconnect', async () => {
    world.livekitUrl = DEAD_LIVEKIT;
    const call = new ShopperCall(SERVER, () => ({ url: location.href, title: 'test' }), quiet);
    const moves = watch(call);
    await call.start();
    await new Promise((r) => setTimeout(r, 100));
    expect(moves).to.deep.equal(['idle → requesting', 'requesting → queued', 'queued → failed']);
    expect(call.error?.reason).to.equal('server-unreachable');
    expect(world.requests.filter((r) => r.endsWith('/rejoin'))).to.deep.equal([]);
  });

  it('a consultant: rung, accepts, hangs up', async () => {
    const call = new TestAgent(world, assignment('ringing'));
    const moves = watch(call);
    await call.start();
    expect(call.status).to.equal('ringing');
    await call.accept();
    call.roomSays(answeredBy(ANNA));
    await call.hangUp();
    expect(moves).to.deep.equal(['idle → ringing', 'ringing → connecting', 'connecting → in-call', 'in-call → ended']);
    expect(consoleWarnings.filter((w) => w.includes('refused'))).to.deep.equal([]);
  });

  it('a consultant after a console reload or a transfer: joins the answered call', async () => {
    world.meta = answeredBy(ANNA);
    const call = new TestAgent(world, assignment('in-call'));
    const moves = watch(call);
    await call.start();
    await call.handOver(agentIdentity('boris'));
    expect(moves).to.deep.equal(['idle → connecting', 'connecting → in-call', 'in-call → ended']);
    expect(consoleWarnings.filter((w) => w.includes('refused'))).to.deep.equal([]);
  });

  it('a consultant who accepts while the console is still joining, and the join fails: the server heard at once, and the call goes back to the front of the line', async () => {
    let failJoin: (err: Error) => void = () => {};
    const call = new TestAgent(world, assignment('ringing'), new Promise((_, reject) => (failJoin = reject)));
    const moves = watch(call);
    const starting = call.start();
    const accepting = call.accept();
    await waitUntil(() => world.requests.includes(`POST /api/agent/calls/${CALL_ID}/accept`), 'the answer went to the server before the join ended');
    expect(world.requests).to.not.include(`POST /api/agent/calls/${CALL_ID}/requeue`);
    failJoin(new Error('could not connect'));
    await Promise.all([starting, accepting]);
    expect(world.requests).to.include(`POST /api/agent/calls/${CALL_ID}/requeue`);
    expect(call.status).to.equal('failed');
    expect(call.outcomeIsOurs, "handed back: not this consultant's call to report on").to.equal(false);
    expect(moves).to.deep.equal(['idle → ringing', 'ringing → connecting', 'connecting → failed']);
  });

  it('a consultant who declines', async () => {
    const call = new TestAgent(world, assignment('ringing'));
    const moves = watch(call);
    await call.start();
    await call.decline();
    expect(moves).to.deep.equal(['idle → ringing', 'ringing → ended']);
  });
});
