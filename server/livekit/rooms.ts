import { DataPacket_Kind, RoomServiceClient } from 'livekit-server-sdk';
import type { RoomMetadata } from '../contract/calls.js';
import type { LivekitAccess } from './nodes.js';
import { TwirpCallError, TwirpRoomService } from './twirp.js';

/** What the call service needs of the media server; tests of pure logic can pass their own. */
export interface CallRooms {
  create(room: string, meta: RoomMetadata): Promise<void>;
  setMetadata(room: string, meta: RoomMetadata): Promise<void>;
  /** Disconnects everyone; a room that is already gone is not an error. */
  delete(room: string): Promise<void>;
  /** Names of the rooms that exist now. */
  list(): Promise<string[]>;
  /** The identities in the room now (a console that reloaded is back); none when there is no such room. */
  participants(room: string): Promise<string[]>;
  /** Delivers a reliable data message, from the server, to these participants only. */
  sendData(room: string, to: string[], topic: string, payload: unknown): Promise<void>;
}

/**
 * Rooms on LiveKit, through whichever node `o.url` names at the time of each call (see
 * LivekitNodes). What every call does goes through our own Twirp client (see twirp.ts); the
 * rare data message through the SDK's.
 */
export function livekitRooms(o: LivekitAccess): CallRooms {
  const twirp = new TwirpRoomService(o);
  const clients = new Map<string, RoomServiceClient>();
  const sdkClient = () => {
    const { url } = o;
    let c = clients.get(url);
    if (!c) clients.set(url, (c = new RoomServiceClient(url.replace(/^ws/, 'http'), o.apiKey, o.apiSecret)));
    return c;
  };
  return {
    async create(room, meta) {
      // A queued shopper may wait a while alone; the server, not the timeout, closes the room.
      const request = { name: room, emptyTimeout: 120, departureTimeout: 20, maxParticipants: 5, metadata: JSON.stringify(meta) };
      await twirp.call(o.url, 'CreateRoom', request, { roomCreate: true });
    },
    async setMetadata(room, meta) {
      await twirp.call(o.url, 'UpdateRoomMetadata', { room, metadata: JSON.stringify(meta) }, { roomAdmin: true, room });
    },
    async delete(room) {
      try {
        await twirp.call(o.url, 'DeleteRoom', { room }, { roomCreate: true });
      } catch (err) {
        if (!(err instanceof TwirpCallError && err.code === 'not_found')) throw err;
      }
    },
    async list() {
      const res = await twirp.call<{ rooms?: { name: string }[] }>(o.url, 'ListRooms', { names: [] }, { roomList: true });
      return (res.rooms ?? []).map((r) => r.name);
    },
    async participants(room) {
      // No such room (ended, or LiveKit restarted): nobody is in it.
      const res = await twirp
        .call<{ participants?: { identity: string }[] }>(o.url, 'ListParticipants', { room }, { roomAdmin: true, room })
        .catch(() => ({ participants: [] }));
      return (res.participants ?? []).map((p) => p.identity);
    },
    async sendData(room, to, topic, payload) {
      const bytes = new TextEncoder().encode(JSON.stringify(payload));
      await sdkClient().sendData(room, bytes, DataPacket_Kind.RELIABLE, { destinationIdentities: to, topic });
    },
  };
}
