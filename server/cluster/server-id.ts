import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/** Names this process among Vitrina servers: the host for people reading logs, random bytes for uniqueness. */
export function newServerId(): string {
  return `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
}
