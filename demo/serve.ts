/**
 * The demo shop: a separate origin from the Vitrina server, as a real shop would be. Its pages
 * name the widget's address as %VITRINA_URL%, filled in here.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), 'shop');
const vitrinaUrl = process.env.VITRINA_PUBLIC_URL ?? 'http://localhost:8080';
const port = Number(process.env.DEMO_SHOP_PORT ?? 8081);

const app = express();
app.disable('x-powered-by');
app.get(/^\/(?:[a-z0-9-]+\/)*(?:[a-z0-9-]+\.html)?$/, async (req, res, next) => {
  const file = path.join(root, req.path.endsWith('/') ? `${req.path}index.html` : req.path);
  if (!file.startsWith(root)) return next();
  try {
    const html = await readFile(file, 'utf8');
    res.type('html').send(html.replaceAll('%VITRINA_URL%', vitrinaUrl));
  } catch {
    next();
  }
});
app.use(express.static(root));
app.listen(port, '127.0.0.1', () => console.log(`demo shop on http://localhost:${port}/ (widget from ${vitrinaUrl})`));
