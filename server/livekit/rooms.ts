import { DataPacket_Kind, RoomServiceClient } from 'livekit-server-sdk';
import type { RoomMetadata } from '../contract/calls.js';
import type { LivekitAccess } from './nodes.js';

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

/** Rooms on LiveKit, through whichever node `o.url` names at the time of each call (see LivekitNodes). */
export function livekitRooms(o: LivekitAccess): CallRooms {
  const clients = new Map<string, RoomServiceClient>();
  const client = () => {
    const { url } = o;
    let c = clients.get(url);
    if (!c) clients.set(url, (c = new RoomServiceClient(url.replace(/^ws/, 'http'), o.apiKey, o.apiSecret)));
    return c;
  };
  return {
    async create(room, meta) {
      // A queued shopper may wait a while alone; the server, not the timeout, closes the room.
      await client().createRoom({ name: room, emptyTimeout: 120, departureTimeout: 20, maxParticipants: 5, metadata: JSON.stringify(meta) });
    },
    async setMetadata(room, meta) {
      await client().updateRoomMetadata(room, JSON.stringify(meta));
    },
    async delete(room) {
      try {
        await client().deleteRoom(room);
      } catch (err) {
        if (!/not.?found|does not exist/i.test(String(err))) throw err;
      }
    },
    async list() {
      return (await client().listRooms()).map((r) => r.name);
    },
    async participants(room) {
      // No such room (ended, or LiveKit restarted): nobody is in it.
      const participants = await client()
        .listParticipants(room)
        .catch(() => []);
      return participants.map((p) => p.identity);
    },
    async sendData(room, to, topic, payload) {
      const bytes = new TextEncoder().encode(JSON.stringify(payload));
      await client().sendData(room, bytes, DataPacket_Kind.RELIABLE, { destinationIdentities: to, topic });
    },
  };
}
