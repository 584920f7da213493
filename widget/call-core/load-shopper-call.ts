import type * as ShopperCallModule from './shopper-call.js';

let loading: Promise<typeof ShopperCallModule> | undefined;

/**
 * The shopper's call and livekit-client with it, as a chunk of their own (esbuild splits at a
 * dynamic import). One promise for the page: the prefetch and the click share it, so the code is
 * fetched once. A failed load is forgotten, so the next try fetches again.
 */
export function loadShopperCall(): Promise<typeof ShopperCallModule> {
  loading ??= import('./shopper-call.js').catch((err: unknown) => {
    loading = undefined;
    throw err;
  });
  return loading;
}
