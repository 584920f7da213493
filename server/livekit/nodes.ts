import type { Logger } from '../log.js';

export interface LivekitAccess {
  /** The node browsers and our room service use now: a live one, this server's own while it lives. */
  readonly url: string;
  /** The same node as browsers reach it (through the TLS proxy in production). */
  readonly browserUrl: string;
  readonly apiKey: string;
  readonly apiSecret: string;
}

/**
 * The LiveKit nodes this server may use (one, or several nodes of one LiveKit cluster). With
 * several, each is asked every `checkEveryMs` whether it answers; `url` is the first in the
 * configured order that does, so a server's browsers and room calls move to another node when
 * its own dies, and back when it returns. Those who hear of a node lost (the room keeper) can
 * put the rooms it held on a live node.
 */
export class LivekitNodes implements LivekitAccess {
  private readonly down = new Set<string>();
  private readonly lostListeners: ((url: string) => void)[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly o: {
      urls: readonly string[];
      publicUrls?: readonly string[];
      apiKey: string;
      apiSecret: string;
      log: Logger;
      checkEveryMs?: number;
      timeoutMs?: number;
    },
  ) {}

  get url(): string {
    return this.o.urls.find((u) => !this.down.has(u)) ?? this.o.urls[0];
  }

  get browserUrl(): string {
    const url = this.url;
    return this.o.publicUrls?.[this.o.urls.indexOf(url)] ?? url;
  }

  get apiKey(): string {
    return this.o.apiKey;
  }

  get apiSecret(): string {
    return this.o.apiSecret;
  }

  onNodeLost(listener: (url: string) => void): void {
    this.lostListeners.push(listener);
  }

  start(): void {
    if (this.o.urls.length < 2) return;
    this.timer = setInterval(() => void this.check(), this.o.checkEveryMs ?? 2000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Asks every node once; exported for tests, which do not wait for the interval. */
  async check(): Promise<void> {
    await Promise.all(
      this.o.urls.map(async (url) => {
        const up = await answers(url.replace(/^ws/, 'http'), this.o.timeoutMs ?? 1500);
        if (up && this.down.delete(url)) this.o.log.info('a LiveKit node is back', { url });
        if (!up && !this.down.has(url)) {
          this.down.add(url);
          this.o.log.warn('a LiveKit node does not answer; using another', { url, now: this.url });
          for (const listener of this.lostListeners) listener(url);
        }
      }),
    );
  }
}

async function answers(httpUrl: string, timeoutMs: number): Promise<boolean> {
  try {
    return (await fetch(httpUrl, { signal: AbortSignal.timeout(timeoutMs) })).ok;
  } catch {
    return false;
  }
}
