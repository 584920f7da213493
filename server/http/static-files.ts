import { createReadStream, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Request, RequestHandler, Response } from 'express';
import { CODINGS, chooseCoding, type Coding } from './content-coding.js';

/** The types our build writes; anything else goes out as bytes, which `nosniff` keeps from being run. */
const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** A name that changes whenever the content does can be kept for ever. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/** esbuild's `[name]-[hash]`: eight base32 characters before the extension (`chunk-WJKCBVT6.js`, and its `.js.map`). */
const HASHED_NAME = /-[A-Z0-9]{8}\.[a-z][a-z0-9.]*$/;

export const isHashedName = (file: string): boolean => HASHED_NAME.test(path.basename(file));

export interface StaticFilesOptions {
  /** Cache-Control for the files whose name stays the same from one deploy to the next (the entries). */
  entryCache: string;
}

interface Found {
  file: string;
  stats: Stats;
}

async function fileAt(file: string): Promise<Found | undefined> {
  const stats = await stat(file).catch(() => undefined);
  return stats && { file, stats };
}

/**
 * The path inside `root` a request names, or nothing when it names no file of ours: a `..` or a
 * dot-file in any segment (also when percent-encoded), a malformed escape, or a compressed
 * variant asked for by its own name (those go out only as an encoding of their file).
 */
function insideRoot(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s.startsWith('.'))) return undefined;
  if (CODINGS.some((c) => decoded.endsWith(c.suffix))) return undefined;
  const file = path.join(root, ...segments, decoded.endsWith('/') ? 'index.html' : '');
  return file.startsWith(root + path.sep) ? file : undefined;
}

const etagOf = (s: Stats, coding: Coding | undefined) => `"${s.size.toString(16)}-${Math.floor(s.mtimeMs).toString(16)}${coding ? `-${coding}` : ''}"`;

/** RFC 9110 §13.1.2: weak comparison, any of a list, or `*`. */
function noneMatch(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

function notModified(req: Request, etag: string, modified: Stats): boolean {
  const ifNoneMatch = req.get('If-None-Match');
  if (ifNoneMatch !== undefined) return noneMatch(ifNoneMatch, etag);
  const since = Date.parse(req.get('If-Modified-Since') ?? '');
  return Number.isFinite(since) && Math.floor(modified.mtimeMs / 1000) * 1000 <= since;
}

/**
 * Serves a built folder the way a CDN would: each file in the smallest encoding the browser
 * accepts, from the `.br` and `.gz` written beside it at build time (scripts/precompress.ts),
 * with an ETag per encoding, 304s, and for hashed names a cache that never asks again. Files
 * only: GET and HEAD, no directory listings, nothing outside `root`; anything else falls
 * through to the next handler (our 404).
 */
export function staticFiles(root: string, o: StaticFilesOptions): RequestHandler {
  const base = path.resolve(root);

  async function serve(req: Request, res: Response): Promise<boolean> {
    const file = insideRoot(base, req.path);
    if (!file) return false;
    const original = await fileAt(file);
    if (!original) return false;
    if (original.stats.isDirectory()) {
      // As express.static did: /console/agent → /console/agent/, where relative URLs resolve.
      const [pathname, query] = req.originalUrl.split(/\?(.*)/s);
      res.redirect(301, `${pathname}/${query ? `?${query}` : ''}`);
      return true;
    }
    if (!original.stats.isFile()) return false;

    const variants = new Map<Coding, Found>();
    for (const { name, suffix } of CODINGS) {
      const found = await fileAt(file + suffix);
      if (found?.stats.isFile()) variants.set(name, found);
    }
    const coding = chooseCoding(req.get('Accept-Encoding'), [...variants.keys()]);
    const sent = (coding && variants.get(coding)) || original;
    const etag = etagOf(sent.stats, coding);

    // The same URL has several bodies: a cache must key them by what the browser accepts.
    if (variants.size > 0) res.vary('Accept-Encoding');
    res.setHeader('Cache-Control', isHashedName(file) ? IMMUTABLE : o.entryCache);
    res.setHeader('ETag', etag);
    res.setHeader('Last-Modified', original.stats.mtime.toUTCString());
    if (notModified(req, etag, original.stats)) {
      res.status(304).end();
      return true;
    }
    res.setHeader('Content-Type', TYPES[path.extname(file)] ?? 'application/octet-stream');
    if (coding) res.setHeader('Content-Encoding', coding);
    res.setHeader('Content-Length', sent.stats.size);
    if (req.method === 'HEAD') {
      res.end();
      return true;
    }
    await new Promise<void>((resolve, reject) => {
      const stream = createReadStream(sent.file);
      stream.on('error', (err) => {
        // Headers are gone already: all we can do is cut the response short.
        if (res.headersSent) res.destroy(err);
        reject(err);
      });
      res.on('close', () => {
        stream.destroy();
        resolve();
      });
      stream.pipe(res);
    });
    return true;
  }

  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    serve(req, res).then(
      (served) => {
        if (!served) next();
      },
      (err: unknown) => {
        if (!res.headersSent) next(err);
      },
    );
  };
}
