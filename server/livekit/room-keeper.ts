import type { RoomMetadata } from '../contract/calls.js';
import type { Logger } from '../log.js';
import type { CallRecord, Store } from '../store/store.js';
import type { CallRooms } from './rooms.js';

export interface RoomKeeperOptions {
  store: Store;
  rooms: CallRooms;
  /** The metadata a call's room carries in the call's present state. */
  metadataFor(call: CallRecord): Promise<RoomMetadata>;
  log: Logger;
  intervalMs?: number;
}

/**
 * Keeps a LiveKit room for every open call. livekit-server holds rooms in memory: one that
 * crashes or restarts comes back with none, while our store still has shoppers waiting and
 * calls being talked. Every few seconds the keeper lists LiveKit's rooms and creates a missing
 * one again, with the metadata the call's state gives, so the browsers' own reconnection (the
 * SDK's, then ours with a fresh token) finds it. Nobody coming back is LiveKit's to notice: an
 * empty room closes after its empty timeout, and its room_finished webhook ends the call.
 */
export class RoomKeeper {
  private timer: NodeJS.Timeout | undefined;
  private checking = false;
  /** Until then every open call's room is asked for, not only the missing ones (a LiveKit node was lost). */
  private ensureUntil = 0;

  constructor(private readonly o: RoomKeeperOptions) {}

  start(): void {
    this.timer = setInterval(() => void this.check(), this.o.intervalMs ?? 3000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /**
   * A node of the LiveKit cluster stopped answering. Its rooms are still listed (the cluster's
   * Redis remembers them), so for a while every open call's room is created again: LiveKit
   * returns a room on a live node as it is, and places one whose node is gone on a live node,
   * once it has noticed the node is gone (some seconds).
   */
  nodeLost(forMs = 30_000): void {
    this.ensureUntil = Date.now() + forMs;
  }

  /** One pass; returns the calls whose room was created again. */
  async check(): Promise<string[]> {
    if (this.checking) return [];
    this.checking = true;
    try {
      const open = await this.o.store.calls.listOpen();
      if (open.length === 0) return [];
      const everyRoom = Date.now() < this.ensureUntil;
      const live = everyRoom ? new Set<string>() : new Set(await this.o.rooms.list());
      const restored: string[] = [];
      for (const call of open) {
        if (live.has(call.id)) continue;
        await this.o.rooms.create(call.id, await this.o.metadataFor(call));
        // The call may have ended while we looked (its room_finished was on its way): no room for it then.
        if ((await this.o.store.calls.get(call.id))?.state === 'ended') await this.o.rooms.delete(call.id);
        else restored.push(call.id);
      }
      if (restored.length && !everyRoom) this.o.log.warn('LiveKit had lost the rooms of open calls; created them again', { calls: restored });
      return restored;
    } catch (err) {
      // LiveKit down or restarting: the next pass tries again.
      this.o.log.debug("could not check the calls' rooms", { err });
      return [];
    } finally {
      this.checking = false;
    }
  }
}
