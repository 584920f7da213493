/**
 * GET of an event stream from a loopback address of the client's choosing. The server caps open
 * streams per client address (server/push/stream-quota.ts, 100), and a thousand simulated
 * shoppers and a hundred consoles on one machine would all be 127.0.0.1: each simulated client
 * gets an address of its own in 127.0.0.0/8 (every one of them is this machine on Linux), as
 * real clients have theirs.
 */
import { request } from 'node:http';
import { Readable } from 'node:stream';

export interface StreamResponse {
  status: number;
  body: ReadableStream<Uint8Array>;
  headers: Record<string, string | string[] | undefined>;
}

/** 127.0.0.2 … 127.0.0.251: client `n`'s own address. */
export const loopbackFor = (n: number): string => `127.0.0.${2 + (n % 250)}`;

export function getEventStream(url: string, headers: Record<string, string>, signal: AbortSignal, localAddress: string): Promise<StreamResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', headers, signal, localAddress }, (res) => {
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Readable.toWeb(res) as ReadableStream<Uint8Array> });
    });
    req.on('error', reject);
    req.end();
  });
}
