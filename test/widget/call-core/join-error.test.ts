import { expect } from '@open-wc/testing';
import { ConnectionError, ConnectionErrorReason, DisconnectReason } from 'livekit-client';
import { CallSession } from '../../../widget/call-core/call-session.js';
import { CallError } from '../../../widget/call-core/call-error.js';
import { joinError } from '../../../widget/call-core/join-error.js';

/**
 * What Room.connect really throws for a signal failure: its own "could not establish signal
 * connection" error, with the reason and status of the error underneath copied in.
 */
function asRoomConnectThrows(inner: ConnectionError): ConnectionError {
  const outer: ConnectionError = ConnectionError.serverUnreachable(`could not establish signal connection: ${inner.message}`);
  outer.reason = inner.reason;
  outer.status = inner.status;
  return outer;
}

const reasonOf = (err: unknown) => joinError(err).reason;

describe('joinError', () => {
  it('takes a token the server refuses (401, 403) or a room that is gone (404) for a rejected token', () => {
    expect(reasonOf(ConnectionError.notAllowed('invalid token: token is expired', 401))).to.equal('token-rejected');
    expect(reasonOf(ConnectionError.notAllowed('no permissions to access the room', 403))).to.equal('token-rejected');
    expect(reasonOf(ConnectionError.notAllowed('requested room does not exist', 404))).to.equal('token-rejected');
    expect(reasonOf(asRoomConnectThrows(ConnectionError.notAllowed('unauthorized', 401)))).to.equal('token-rejected');
  });

  it('takes nothing answering (validate, the signal socket, the signal timeout) for an unreachable server', () => {
    expect(reasonOf(ConnectionError.serverUnreachable('Failed to fetch'))).to.equal('server-unreachable');
    expect(reasonOf(asRoomConnectThrows(ConnectionError.websocket('Encountered websocket error during connection establishment')))).to.equal(
      'server-unreachable',
    );
    expect(reasonOf(asRoomConnectThrows(ConnectionError.timeout('room connection has timed out (signal)')))).to.equal('server-unreachable');
  });

  it('takes a server that answers but cannot carry the call for an unavailable video service', () => {
    expect(reasonOf(ConnectionError.internal('could not establish pc connection'))).to.equal('media-unavailable');
    expect(reasonOf(ConnectionError.internal('Encountered unknown websocket error during connection', { status: 502, statusText: 'Bad Gateway' }))).to.equal(
      'media-unavailable',
    );
    expect(reasonOf(ConnectionError.serviceNotFound('v1 RTC path not found', 'v0-rtc'))).to.equal('media-unavailable');
  });

  it('takes our own abort for a cancel, and the server sending us away for a lost connection', () => {
    expect(reasonOf(ConnectionError.cancelled('Client initiated disconnect'))).to.equal('cancelled');
    expect(reasonOf(ConnectionError.leaveRequest('Received leave request while trying to (re)connect', DisconnectReason.ROOM_DELETED))).to.equal(
      'connection-lost',
    );
  });

  it('goes by the reason, never the words: a message that names a token or a 401 changes nothing', () => {
    expect(reasonOf(ConnectionError.serverUnreachable('GET /rtc/validate?access_token=… failed (401?)'))).to.equal('server-unreachable');
    expect(reasonOf(ConnectionError.cancelled('token refresh: permission unauthorized'))).to.equal('cancelled');
    expect(reasonOf(new Error('401 unauthorized: invalid token'))).to.equal('unknown');
    expect(reasonOf('403')).to.equal('unknown');
  });

  it('has an answer for every reason livekit-client has', () => {
    const reasons = Object.values(ConnectionErrorReason).filter((v): v is ConnectionErrorReason => typeof v === 'number');
    expect(reasons.length).to.be.greaterThan(7);
    for (const reason of reasons) {
      const err: ConnectionError = ConnectionError.internal('x');
      err.reason = reason;
      expect(['token-rejected', 'server-unreachable', 'media-unavailable', 'cancelled', 'connection-lost'], ConnectionErrorReason[reason]).to.include(
        reasonOf(err),
      );
    }
  });

  it('keeps the original error as the cause, and passes a CallError through', () => {
    const original = ConnectionError.notAllowed('invalid token', 401);
    const mapped = joinError(original);
    expect(mapped).to.be.instanceOf(CallError);
    expect(mapped.cause).to.equal(original);
    const ours = new CallError('cancelled', 'The call ended while it was starting');
    expect(joinError(ours)).to.equal(ours);
  });

  it('is what a real join to a server that is not there fails with', async () => {
    const session = new CallSession({ debug: () => {}, warn: () => {} });
    // Chromium refuses port 9 outright, so this fails at once whatever runs on the machine.
    const err = await session.join('ws://127.0.0.1:9', 'token').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(CallError);
    expect((err as CallError).reason).to.equal('server-unreachable');
    expect((err as CallError).cause).to.be.instanceOf(ConnectionError);
    await session.leave();
  });
});
