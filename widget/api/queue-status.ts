import type { QueueStatus } from '../../server/contract/queue.js';

/** The one small request the button makes before a click: are calls open, and who is there. */
export async function fetchQueueStatus(server: string, lang: string | undefined): Promise<QueueStatus> {
  const url = new URL('/api/queue/status', server);
  if (lang) url.searchParams.set('lang', lang);
  const res = await fetch(url, { credentials: 'omit', cache: 'no-store' });
  // The button shows itself either way; the panel asks again and says what went wrong.
  if (!res.ok) throw new Error(`queue status: HTTP ${res.status}`);
  return (await res.json()) as QueueStatus;
}
