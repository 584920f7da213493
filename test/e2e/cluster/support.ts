import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, type Browser, type Page } from '@playwright/test';
import { createClient } from '@redis/client';
import pg from 'pg';
import type { SceneStore } from '../../faults/process/support/scene.js';
import { callFirstAvailable, queuedCallId } from '../support.js';

/** The scaled-out stack's servers, as its global setup started them. */
export const servers = (): { name: string; url: string; livekitUrl: string }[] => JSON.parse(process.env.CLUSTER_SERVERS ?? '[]');

/** Asks the stack's owner to SIGKILL or start again one Vitrina server (`server-1`) or LiveKit node (`livekit-1`). */
export async function control(action: 'kill' | 'start' | 'kill-livekit' | 'start-livekit', server: string): Promise<void> {
  const res = await fetch(`${process.env.CLUSTER_CONTROL_URL}/${action}/${server}`, { method: 'POST' });
  if (res.status !== 204) throw new Error(`${action} ${server}: ${res.status} ${await res.text()}`);
}

/**
 * The server whose recorder holds the call's recording: its lease names the holder by host,
 * process id and random bytes (recordings/create-recorder.ts).
 */
export async function recordingServer(callId: string): Promise<string | undefined> {
  const [lease] = await query<{ holder: string }>('SELECT holder FROM recorder_leases WHERE call_id = $1', [callId]);
  const pids = (await (await fetch(`${process.env.CLUSTER_CONTROL_URL}/pids`)).json()) as Record<string, number>;
  return Object.entries(pids).find(([, pid]) => lease?.holder.includes(`-${pid}-`))?.[0];
}

/** The LiveKit node a call's room is on, from the cluster's own Redis (`room_node_map`). */
export async function roomNode(callId: string): Promise<string | undefined> {
  const redis = createClient({ url: process.env.CLUSTER_REDIS_URL ?? '' });
  await redis.connect();
  try {
    const nodeId = await redis.hGet('room_node_map', callId);
    const nodes = (await (await fetch(`${process.env.CLUSTER_CONTROL_URL}/livekit-nodes`)).json()) as Record<string, string>;
    return Object.entries(nodes).find(([, id]) => id === nodeId)?.[0];
  } finally {
    await redis.quit();
  }
}

/** One query on the servers' PostgreSQL database. */
export async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: process.env.CLUSTER_DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

export const callRow = async (callId: string) => (await query<{ state: string; recording: string | null }>('SELECT state, recording FROM calls WHERE id = $1', [callId]))[0];
export const openCalls = () => query<{ id: string; state: string }>("SELECT id, state FROM calls WHERE state <> 'ended'");

/** The scenes of the fault suite (test/faults/process/support/scene.ts), read from this stack's PostgreSQL. */
export const pgScene: SceneStore = {
  recordedTracks: async (callId) => (await tracksOf(callId)).length,
  callEvents: (callId) => callEvents(callId),
};

/** Every transition of a call as the store recorded it, e.g. `offered:Anna`. */
export async function callEvents(callId: string): Promise<string[]> {
  const rows = await query<{ kind: string; name: string | null }>(
    'SELECT e.kind, a.name FROM call_events e LEFT JOIN agents a ON a.id = e.agent_id WHERE e.call_id = $1 ORDER BY e.id',
    [callId],
  );
  return rows.map((e) => (e.name ? `${e.kind}:${e.name}` : e.kind));
}

export const tracksOf = (callId: string) =>
  query<{ id: string; segment: number; source: string; status: string }>('SELECT id, segment::int AS segment, source, status FROM recording_tracks WHERE call_id = $1 ORDER BY segment, created_at', [callId]);

/** Each finished file of the call's recording decodes from start to end (ffmpeg fails on any error). */
export async function expectRecordingPlays(callId: string): Promise<number> {
  const tracks = await tracksOf(callId);
  expect(tracks.length, 'files recorded').toBeGreaterThan(0);
  for (const t of tracks) {
    expect(t.status, `file ${t.id}`).not.toBe('writing');
    const file = path.join(process.env.CLUSTER_DATA_DIR ?? '', 'recordings', `${t.id}.webm`);
    execFileSync('ffmpeg', ['-v', 'error', '-xerror', '-i', file, '-f', 'null', '-'], { stdio: 'pipe' });
  }
  return tracks.length;
}

/**
 * A shopper on the copy of the demo shop whose widget is loaded from server 1, not the
 * balancer, so that every request of theirs goes to server 1 (the widget calls the server its
 * script came from).
 */
export async function shopperOnServerOne(browser: Browser, product = 'reading-chair'): Promise<{ page: Page; callId: string }> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${process.env.CLUSTER_PINNED_SHOP_URL}/products/${product}.html`);
  const callId = queuedCallId(page);
  await callFirstAvailable(page);
  return { page, callId: await callId };
}
