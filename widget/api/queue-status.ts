import type { PathOf, ResponseOf } from '../../server/contract/routes.js';

/** The one small request the button makes before a click (and again now and then): are calls open, and who is there. */
export async function fetchQueueStatus(server: string, lang: string | undefined): Promise<ResponseOf<'queueStatus'>> {
  const path: PathOf<'queueStatus'> = '/api/queue/status';
  const url = new URL(path, server);
  if (lang) url.searchParams.set('lang', lang);
  const res = await fetch(url, { credentials: 'omit', cache: 'no-store' });
  // The button shows itself either way; the panel asks again and says what went wrong.
  if (!res.ok) throw new Error(`queue status: HTTP ${res.status}`);
  return (await res.json()) as ResponseOf<'queueStatus'>;
}
