export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Reads until the value is there (not undefined), every 200 ms; fails naming what it waited for. */
export async function until<T>(read: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}
