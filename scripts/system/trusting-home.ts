import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { aptInstall, onPath } from './ensure-system-tools.js';

/**
 * Makes `home` a HOME whose NSS database trusts the CA `ca` (PEM). Chromium on Linux reads the
 * roots a user added from there, so a browser launched with it trusts a private CA (Caddy's
 * `tls internal`) without ignoring certificate errors and without touching the machine's store.
 */
export function homeTrusting(ca: Buffer, home: string): string {
  if (!onPath('certutil')) aptInstall(['libnss3-tools'], console.log);
  const db = path.join(home, '.pki', 'nssdb');
  mkdirSync(db, { recursive: true });
  const caFile = path.join(home, 'ca.crt');
  writeFileSync(caFile, ca);
  execFileSync('certutil', ['-N', '-d', `sql:${db}`, '--empty-password']);
  execFileSync('certutil', ['-A', '-d', `sql:${db}`, '-n', 'trusted test CA', '-t', 'C,,', '-i', caFile]);
  return home;
}
