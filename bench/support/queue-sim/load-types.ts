/** What a bench hands runLoad, and what it gets back. */
import type { ServerProcess, ServerStats } from '../queue-server.js';
import type { Samples } from './measurements.js';
import type { StoreReader } from './store.js';

export interface LoadServer {
  process: ServerProcess;
  url: string;
  /** How the report names it, e.g. "server process (app + SQLite)". */
  label: string;
}

export interface LoadSetup {
  /** The first one started livekit-server, and reports its CPU and the rooms left. */
  servers: LoadServer[];
  agents: readonly { id: string; email: string }[];
  store: StoreReader;
  /** When the run started, and how long the servers took to come up (for the report). */
  t0: number;
  serverUpS: number;
}

export interface LoadResult {
  ok: boolean;
  loadS: number;
  samples: Samples;
  /** Each entry one doubled call, described. */
  doubled: { store: string[]; clients: string[] };
  /** Each entry one call neither answered nor cancelled or ended. */
  lost: { store: string[]; clients: string[] };
  /** Shoppers whose click opened no call (an error they saw, e.g. a connection refused under overload). */
  refused: string[];
  /** Rings that reached a console while it still held another call, as the console saw it. */
  ringsWhileBusy: number;
  /** Of those, rings that overtook the news that the shopper had ended the held call. */
  ringsAheadOfEnd: number;
  /** Rings for a call the consultant had declined or let ring out less than a ring timeout before. */
  reRung: number;
  serverStats: ServerStats[];
  opened: number;
  answered: number;
  cancelled: number;
}
