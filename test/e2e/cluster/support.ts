import { createClient } from '@redis/client';
import type { Browser, Page } from '@playwright/test';
import { callFirstAvailable, queuedCallId, storeRows } from '../support.js';

/** The scaled-out stack's servers, as its global setup started them. */
export const servers = (): { name: string; url: string; livekitUrl: string }[] =>
  JSON.parse(process.env.CLUSTER_SERVERS ?? '[]') as { name: string; url: string; livekitUrl: string }[];

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
  const [lease] = storeRows<{ holder: string }>('SELECT holder FROM recorder_leases WHERE call_id = ?', [callId]);
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
