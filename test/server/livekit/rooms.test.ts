import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ensureLivekitServer } from '../../../scripts/livekit/ensure-livekit.js';
import { startLivekit, type RunningLivekit } from '../../../scripts/livekit/livekit-process.js';
import { freePort } from '../../../scripts/system/free-port.js';
import { livekitRooms, type CallRooms } from '../../../server/livekit/rooms.js';
import { TwirpCallError, TwirpRoomService } from '../../../server/livekit/twirp.js';

describe("a call's room on a real livekit-server, through our Twirp client", { timeout: 60_000 }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'vitrina-rooms-'));
  const keys = { apiKey: 'APItest', apiSecret: randomBytes(32).toString('base64url') };
  let livekit: RunningLivekit;
  let rooms: CallRooms;

  before(async () => {
    const [port, rtcTcpPort, rtcUdpPort] = await Promise.all([freePort(), freePort(), freePort()]);
    livekit = await startLivekit({ bin: await ensureLivekitServer(), dir, ...keys, port, rtcTcpPort, rtcUdpPort });
    rooms = livekitRooms({ url: livekit.url, browserUrl: livekit.url, ...keys });
  });
  after(async () => {
    await livekit?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates, describes, lists and deletes a room; a room that is gone is neither an error to delete nor anyone in it', async () => {
    await rooms.create('call-1', { v: 1, state: 'waiting', shopper: 'shopper-1' });
    assert.ok((await rooms.list()).includes('call-1'));
    await rooms.setMetadata('call-1', { v: 1, state: 'answered', shopper: 'shopper-1' });
    assert.deepEqual(await rooms.participants('call-1'), []);
    await rooms.delete('call-1');
    assert.ok(!(await rooms.list()).includes('call-1'));
    await rooms.delete('call-1');
    assert.deepEqual(await rooms.participants('call-1'), []);
  });

  it("names LiveKit's own error code, and a wrong secret is refused", async () => {
    const twirp = new TwirpRoomService(keys);
    const missing = await twirp
      .call(livekit.url, 'UpdateRoomMetadata', { room: 'no-such-room', metadata: '{}' }, { roomAdmin: true, room: 'no-such-room' })
      .catch((e: unknown) => e);
    assert.ok(missing instanceof TwirpCallError && missing.code === 'not_found', String(missing));
    const stranger = new TwirpRoomService({ apiKey: keys.apiKey, apiSecret: randomBytes(32).toString('base64url') });
    const refused = await stranger.call(livekit.url, 'ListRooms', { names: [] }, { roomList: true }).catch((e: unknown) => e);
    assert.ok(refused instanceof TwirpCallError && refused.status === 401, String(refused));
    // A grant for one room opens only that room.
    await twirp.call(livekit.url, 'CreateRoom', { name: 'room-a' }, { roomCreate: true });
    const other = await twirp.call(livekit.url, 'ListParticipants', { room: 'room-a' }, { roomAdmin: true, room: 'room-b' }).catch((e: unknown) => e);
    assert.ok(other instanceof TwirpCallError && other.status === 401, String(other));
    twirp.close();
    stranger.close();
  });
});
