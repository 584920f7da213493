import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface DevSecrets {
  livekitApiKey: string;
  livekitApiSecret: string;
  sessionSecret: string;
}

/**
 * Keys for a local run: the environment's when set, else generated once and kept (mode 600)
 * in the data folder so that sessions survive a restart.
 */
export function devSecrets(dataDir: string, env: NodeJS.ProcessEnv = process.env): DevSecrets {
  const file = path.join(dataDir, 'dev-secrets.json');
  const kept: Partial<DevSecrets> = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<DevSecrets>) : {};
  const generated: DevSecrets = {
    livekitApiKey: kept.livekitApiKey ?? `APIdev${randomBytes(6).toString('hex')}`,
    livekitApiSecret: kept.livekitApiSecret ?? randomBytes(32).toString('base64url'),
    sessionSecret: kept.sessionSecret ?? randomBytes(32).toString('base64url'),
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${JSON.stringify(generated, null, 2)}\n`, { mode: 0o600 });
  return {
    livekitApiKey: env.LIVEKIT_API_KEY ?? generated.livekitApiKey,
    livekitApiSecret: env.LIVEKIT_API_SECRET ?? generated.livekitApiSecret,
    sessionSecret: env.VITRINA_SESSION_SECRET ?? generated.sessionSecret,
  };
}
