/**
 * A shop page's address as analytics and attribution compare it: origin and path, without query,
 * fragment or trailing slash, so that one product page is one page however it was linked.
 * Text that is no URL stays as it is.
 */
export function pageAddress(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return url;
  }
}
