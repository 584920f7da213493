import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { BatchFormatError, decodeBatch, type BatchHeader, type EncodedFrameRecord } from './frame-batch.js';

const pageDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'page');
const MAX_BATCH_BYTES = 32 * 1024 * 1024;

export type BatchSink = (header: BatchHeader, frames: EncodedFrameRecord[]) => Promise<void>;

/**
 * A loopback-only HTTP server for the recorder browser and nobody else: it serves the recorder
 * page and takes the frames its workers send. Kept apart from the public app so that no shop
 * page can reach it, and each session's batches are accepted only with that session's key.
 */
export class RecorderHost {
  private server: http.Server | undefined;
  private assets = new Map<string, { type: string; body: string }>();
  private readonly sessions = new Map<string, { key: string; sink: BatchSink }>();
  private origin = '';

  async start(): Promise<void> {
    this.assets = await bundlePage();
    const server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  get pageUrl(): string {
    return `${this.origin}/`;
  }

  /** Opens an ingest point for one recorder session; returns its URL and key. */
  open(sessionId: string, sink: BatchSink): { ingestUrl: string; key: string } {
    const key = randomBytes(24).toString('base64url');
    this.sessions.set(sessionId, { key, sink });
    return { ingestUrl: `${this.origin}/ingest/${encodeURIComponent(sessionId)}`, key };
  }

  close(sessionId: string): void {
    this.sessions.delete(sessionId);
  }

  async stop(): Promise<void> {
    this.sessions.clear();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    if (req.method === 'GET') {
      const asset = this.assets.get(url.pathname);
      if (!asset) return void res.writeHead(404).end();
      return void res.writeHead(200, { 'Content-Type': asset.type, 'Cache-Control': 'no-store' }).end(asset.body);
    }
    const match = /^\/ingest\/([^/]+)$/.exec(url.pathname);
    const session = match ? this.sessions.get(decodeURIComponent(match[1])) : undefined;
    if (req.method !== 'POST' || !session) return void res.writeHead(404).end();
    if (req.headers['x-recorder-key'] !== session.key) return void res.writeHead(403).end();
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.byteLength;
      if (size > MAX_BATCH_BYTES) return void res.writeHead(413).end();
      chunks.push(chunk);
    }
    try {
      const { header, frames } = decodeBatch(Buffer.concat(chunks));
      await session.sink(header, frames);
      res.writeHead(204).end();
    } catch (err) {
      res.writeHead(err instanceof BatchFormatError ? 400 : 500).end();
    }
  }
}

async function bundlePage(): Promise<Map<string, { type: string; body: string }>> {
  const result = await esbuild.build({
    entryPoints: { page: path.join(pageDir, 'recorder-page.ts'), worker: path.join(pageDir, 'frame-worker.ts') },
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    write: false,
    outdir: '/',
    logLevel: 'warning',
  });
  const js = (name: string) => result.outputFiles.find((f) => f.path === `/${name}`)?.text ?? '';
  return new Map([
    ['/', { type: 'text/html', body: '<!doctype html><meta charset="utf-8"><title>Vitrina recorder</title><script type="module" src="/page.js"></script>' }],
    ['/page.js', { type: 'text/javascript', body: js('page.js') }],
    ['/worker.js', { type: 'text/javascript', body: js('worker.js') }],
  ]);
}
