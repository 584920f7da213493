/** The ws(s):// address LiveKit's client signals on, and the http(s):// one it asks when a join fails. */
export function livekitSources(urls: readonly string[]): string[] {
  const sources = urls.flatMap((u) => {
    const url = new URL(u);
    const secure = url.protocol === 'wss:' || url.protocol === 'https:';
    return [`${secure ? 'wss' : 'ws'}://${url.host}`, `${secure ? 'https' : 'http'}://${url.host}`];
  });
  return [...new Set(sources)];
}

/**
 * What a shop page's Content-Security-Policy must allow for the widget: our script (and the
 * chunks it loads), our API and event streams, and LiveKit's signalling. Nothing inline: the
 * widget's styles are constructed stylesheets and style properties, which CSP does not restrict.
 * Camera and microphone need no directive; product images are the shop's own (its img-src).
 */
export function widgetCsp(vitrinaOrigin: string, livekitUrls: readonly string[]): { 'script-src': string[]; 'connect-src': string[] } {
  const origin = new URL(vitrinaOrigin).origin;
  return { 'script-src': [origin], 'connect-src': [...new Set([origin, ...livekitSources(livekitUrls)])] };
}
