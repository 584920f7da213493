import { createClient } from '@redis/client';
import type { Logger } from '../log.js';
import type { BusMessages, BusTopic, Cluster } from './bus.js';

const newClient = (url: string) => createClient({ url });
type RedisClient = ReturnType<typeof newClient>;

const channel = (topic: BusTopic) => `vitrina:${topic}`;

/**
 * Several servers: Redis pub/sub carries the bus (one connection publishes, one listens; a
 * listening connection can do nothing else), and its counters hold the shared rate limits.
 */
export class RedisCluster implements Cluster {
  private constructor(
    private readonly pub: RedisClient,
    private readonly sub: RedisClient,
    private readonly log: Logger,
  ) {}

  static async connect(url: string, log: Logger): Promise<RedisCluster> {
    const pub = newClient(url);
    const sub = newClient(url);
    // The client reconnects by itself; while Redis is away, pushes are lost and say so in the log.
    for (const client of [pub, sub]) client.on('error', (err: unknown) => log.warn('redis connection failed', { err }));
    await Promise.all([pub.connect(), sub.connect()]);
    return new RedisCluster(pub, sub, log);
  }

  publish<T extends BusTopic>(topic: T, message: BusMessages[T]): void {
    this.pub.publish(channel(topic), JSON.stringify(message)).catch((err: unknown) => this.log.warn('could not publish', { topic, err }));
  }

  subscribe<T extends BusTopic>(topic: T, handler: (message: BusMessages[T]) => void): void {
    this.sub
      .subscribe(channel(topic), (raw) => {
        // Only our servers publish here: the shape is ours, a parse failure is a bug worth a log line.
        let message: BusMessages[T];
        try {
          message = JSON.parse(raw) as BusMessages[T];
        } catch (err) {
          this.log.error('unreadable bus message', { topic, err });
          return;
        }
        handler(message);
      })
      .catch((err: unknown) => this.log.error('could not subscribe', { topic, err }));
  }

  async hit(key: string, windowMs: number) {
    const k = `vitrina:hits:${key}`;
    // The first hit of a window starts its clock; the others only count.
    const [count, , ttl] = (await this.pub.multi().incr(k).pExpire(k, windowMs, 'NX').pTTL(k).exec()) as [number, unknown, number];
    return { count, resetInMs: ttl > 0 ? ttl : windowMs };
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.sub.close(), this.pub.close()]);
  }
}
