let loading: Promise<unknown> | undefined;

/**
 * The call panel's chunk, fetched once for the page: the idle-time prefetch, the shopper's
 * intent and the click all take the same promise. A failed load (offline, a deploy replaced the
 * chunk) is forgotten, so the next click fetches again.
 */
export function loadPanel(): Promise<unknown> {
  loading ??= import('../call-panel/call-panel-entry.js').catch((err: unknown) => {
    loading = undefined;
    throw err;
  });
  return loading;
}

/** A shopper's browser that asked to save data (Chrome's Lite mode, a metered connection) gets nothing it did not ask for. */
const savesData = () => (navigator as Navigator & { connection?: { saveData?: boolean } }).connection?.saveData === true;

/** Browsers without requestIdleCallback (Safari) wait this long after load instead. */
const IDLE_FALLBACK_MS = 2000;

/**
 * Fetches the panel once the page has loaded and the browser has nothing better to do, so the
 * first click opens it at once; the page's own loading never competes with us. Returns a cancel.
 */
export function prefetchPanelWhenIdle(): () => void {
  if (savesData()) return () => {};
  let idle: number | undefined;
  let timer: number | undefined;
  const prefetch = () => void loadPanel().catch(() => {});
  const whenIdle = () => {
    if (typeof requestIdleCallback === 'function') idle = requestIdleCallback(prefetch, { timeout: 10_000 });
    else timer = window.setTimeout(prefetch, IDLE_FALLBACK_MS);
  };
  if (document.readyState === 'complete') whenIdle();
  else window.addEventListener('load', whenIdle, { once: true });
  return () => {
    window.removeEventListener('load', whenIdle);
    if (idle !== undefined) cancelIdleCallback(idle);
    clearTimeout(timer);
  };
}
