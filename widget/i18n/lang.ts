/** Which language an element speaks; kept apart from the string tables so the button loads only its own words. */

/**
 * The nearest `lang` above the element, through shadow roots, else the page's, else (a page that
 * declares none) the browser's own; `ru-RU` finds `ru`.
 */
export function langOf(element: Element): string {
  let node: Element | null = element;
  while (node) {
    const lang = node.getAttribute('lang');
    if (lang) return lang.toLowerCase();
    node = node.parentElement ?? (node.getRootNode() as ShadowRoot).host ?? null;
  }
  return (document.documentElement.lang || navigator.language || 'en').toLowerCase();
}

/** The two-letter language the server understands (`ru-RU` → `ru`), or undefined for anything else. */
export function languageOf(element: Element): string | undefined {
  const code = langOf(element).split('-')[0] ?? '';
  return /^[a-z]{2}$/.test(code) ? code : undefined;
}

/** The table for an element's language (`ru-RU` finds `ru`), else the first one given (English). */
export function pickStrings<T>(element: Element, tables: Record<string, T>, fallback: T): T {
  const lang = langOf(element);
  return tables[lang] ?? tables[lang.split('-')[0] ?? ''] ?? fallback;
}
