import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as esbuild from 'esbuild';

const served = new Map<string, Promise<string>>();

/**
 * Bundles a browser entry point and serves it as a page from a loopback server that lives as
 * long as the process: a secure context (getUserMedia needs one) in the loopback address
 * space, which Chromium requires before it lets a page reach livekit-server on 127.0.0.1.
 * Resolves with the page's origin.
 */
export function serveBundle(entry: string): Promise<string> {
  let origin = served.get(entry);
  if (!origin) {
    origin = (async () => {
      const built = await esbuild.build({ entryPoints: [entry], bundle: true, format: 'esm', write: false, minify: true, logLevel: 'warning' });
      const script = built.outputFiles[0]?.text ?? '';
      const server = http.createServer((req, res) => {
        if (req.url === '/page.js') res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(script);
        else
          res
            .writeHead(200, { 'Content-Type': 'text/html' })
            .end('<!doctype html><meta charset="utf-8"><title>test page</title><script type="module" src="/page.js"></script>');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      server.unref();
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    })();
    served.set(entry, origin);
  }
  return origin;
}
