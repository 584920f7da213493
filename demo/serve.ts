/**
 * The demo shop: a separate origin from the Vitrina server, as a real shop would be. Its pages
 * name the widget's address as %VITRINA_URL%, filled in here. They send a strict
 * Content-Security-Policy with only the lines docs/widget.md asks a shop to add, so every
 * end-to-end call also proves those lines are enough.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { widgetCsp } from '../server/http/csp.js';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), 'shop');
const vitrinaUrl = process.env.VITRINA_PUBLIC_URL ?? 'http://localhost:8080';
const port = Number(process.env.DEMO_SHOP_PORT ?? 8081);
/** Where the widget's calls signal: LiveKit's public addresses, comma-separated. */
const livekitUrls = (process.env.DEMO_LIVEKIT_URLS ?? 'ws://localhost:7880').split(',').filter(Boolean);
const widget = widgetCsp(vitrinaUrl, livekitUrls);
const csp = [
  "default-src 'self'",
  `script-src 'self' ${widget['script-src'].join(' ')}`,
  `connect-src 'self' ${widget['connect-src'].join(' ')}`,
  "img-src 'self' data: https:",
  "style-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
].join('; ');

const app = express();
app.disable('x-powered-by');
app.get(/^\/(?:[a-z0-9-]+\/)*(?:[a-z0-9-]+\.html)?$/, async (req, res, next) => {
  const file = path.join(root, req.path.endsWith('/') ? `${req.path}index.html` : req.path);
  if (!file.startsWith(root)) return next();
  try {
    const html = await readFile(file, 'utf8');
    res.type('html').set('Content-Security-Policy', csp).send(html.replaceAll('%VITRINA_URL%', vitrinaUrl));
  } catch {
    next();
  }
});
// The shop's product feed, with the shop's own address in its links (the demo runs on any port).
app.get('/feed.xml', async (_req, res) => {
  const feed = await readFile(path.join(root, 'feed.xml'), 'utf8');
  res.type('application/xml').send(feed.replaceAll('%SHOP_URL%', `http://localhost:${port}`));
});
app.use(express.static(root));
app.listen(port, '127.0.0.1', () => console.log(`demo shop on http://localhost:${port}/ (widget from ${vitrinaUrl})`));
