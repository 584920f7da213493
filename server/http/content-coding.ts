/**
 * The compressed forms a built file may have beside it (written by scripts/precompress.ts), in the
 * order we prefer them: brotli is some 15–20 % smaller than gzip on our scripts.
 */
export const CODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

export type Coding = (typeof CODINGS)[number]['name'];

/** Each coding the request names, with its weight (RFC 9110 §12.5.3); `*` stands for any not named. */
function weights(acceptEncoding: string): Map<string, number> {
  const named = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [token = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (!token) continue;
    const q = params.find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    named.set(token === 'x-gzip' ? 'gzip' : token, Number.isFinite(weight) ? Math.min(Math.max(weight, 0), 1) : 0);
  }
  return named;
}

/**
 * The coding to send, among those the file has: the one the request weighs highest, ours
 * preferred on a tie; none (identity) when the request names none, or refuses them (`q=0`).
 * Identity is always possible, so a request refusing everything still gets the plain file.
 */
export function chooseCoding(acceptEncoding: string | undefined, available: readonly Coding[]): Coding | undefined {
  if (!acceptEncoding || available.length === 0) return undefined;
  const named = weights(acceptEncoding);
  const any = named.get('*') ?? 0;
  let best: { coding: Coding; q: number } | undefined;
  for (const { name } of CODINGS) {
    if (!available.includes(name)) continue;
    const q = named.get(name) ?? any;
    if (q > 0 && (!best || q > best.q)) best = { coding: name, q };
  }
  // A client that weighs the plain file above every coding gets it.
  const identity = named.get('identity');
  return best && identity !== undefined && identity > best.q ? undefined : best?.coding;
}
