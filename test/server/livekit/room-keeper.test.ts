import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RoomMetadata } from '../../../server/contract/calls.js';
import type { CallRooms } from '../../../server/livekit/rooms.js';
import { RoomKeeper } from '../../../server/livekit/room-keeper.js';
import { silentLogger } from '../../../server/log.js';
import type { CallRecord, Store } from '../../../server/store/store.js';

/** LiveKit as the keeper sees it: a set of room names, and what was done to it. */
function fakeLivekit(live: string[], o: { down?: boolean } = {}) {
  const rooms = new Set(live);
  const done: string[] = [];
  const api: Pick<CallRooms, 'list' | 'create' | 'delete'> = {
    list: async () => {
      if (o.down) throw new Error('connect ECONNREFUSED');
      return [...rooms];
    },
    create: async (room, meta) => {
      rooms.add(room);
      done.push(`create ${room} ${meta.state}`);
    },
    delete: async (room) => {
      rooms.delete(room);
      done.push(`delete ${room}`);
    },
  };
  return { rooms: api as CallRooms, done };
}

/** The store's open calls; `endedMeanwhile` ends as soon as it has been listed. */
function fakeStore(open: Pick<CallRecord, 'id' | 'state' | 'agentId'>[], endedMeanwhile?: string): Store {
  const calls = {
    listOpen: async () => open,
    get: async (id: string) => ({ ...open.find((c) => c.id === id), state: id === endedMeanwhile ? 'ended' : open.find((c) => c.id === id)?.state }),
  };
  return { calls } as unknown as Store;
}

const metadataFor = async (call: CallRecord): Promise<RoomMetadata> =>
  call.state === 'in-call'
    ? { v: 1, state: 'answered', shopper: `shopper-${call.id}`, agent: `agent-${call.agentId}` }
    : { v: 1, state: 'waiting', shopper: `shopper-${call.id}` };

describe('the room keeper', () => {
  it("creates again, with the metadata of the call's state, the rooms LiveKit lost, and leaves the others alone", async () => {
    const lk = fakeLivekit(['call_kept']);
    const store = fakeStore([
      { id: 'call_kept', state: 'in-call', agentId: 'agent_a' },
      { id: 'call_talking', state: 'in-call', agentId: 'agent_b' },
      { id: 'call_waiting', state: 'queued', agentId: null },
    ]);
    const keeper = new RoomKeeper({ store, rooms: lk.rooms, metadataFor, log: silentLogger });
    assert.deepEqual(await keeper.check(), ['call_talking', 'call_waiting']);
    assert.deepEqual(lk.done, ['create call_talking answered', 'create call_waiting waiting']);
    assert.deepEqual(await keeper.check(), [], 'nothing more to do once they exist');
  });

  it("asks for every open call's room for a while after a LiveKit node was lost, though the cluster still lists them", async () => {
    const lk = fakeLivekit(['call_on_dead_node']);
    const keeper = new RoomKeeper({
      store: fakeStore([{ id: 'call_on_dead_node', state: 'queued', agentId: null }]),
      rooms: lk.rooms,
      metadataFor,
      log: silentLogger,
    });
    assert.deepEqual(await keeper.check(), [], 'listed, so left alone');
    keeper.nodeLost(60_000);
    assert.deepEqual(await keeper.check(), ['call_on_dead_node']);
    assert.deepEqual(lk.done, ['create call_on_dead_node waiting'], 'LiveKit places it on a live node (or returns it as it is, if its node lives)');
    keeper.nodeLost(0);
    lk.done.length = 0;
    await keeper.check();
    assert.deepEqual(lk.done, [], 'listed rooms are left alone again once the while is over');
  });

  it('takes a room away again when its call ended while it looked (the room_finished was on its way)', async () => {
    const lk = fakeLivekit([]);
    const keeper = new RoomKeeper({
      store: fakeStore([{ id: 'call_ending', state: 'in-call', agentId: 'agent_a' }], 'call_ending'),
      rooms: lk.rooms,
      metadataFor,
      log: silentLogger,
    });
    assert.deepEqual(await keeper.check(), []);
    assert.deepEqual(lk.done, ['create call_ending answered', 'delete call_ending']);
  });

  it('waits for a LiveKit that does not answer, without throwing', async () => {
    const lk = fakeLivekit([], { down: true });
    const keeper = new RoomKeeper({
      store: fakeStore([{ id: 'call_waiting', state: 'queued', agentId: null }]),
      rooms: lk.rooms,
      metadataFor,
      log: silentLogger,
    });
    assert.deepEqual(await keeper.check(), []);
    assert.deepEqual(lk.done, []);
  });
});
