/**
 * The consoles' language: the consultant's own choice (kept in this browser), else their
 * browser's language when we speak it, else English. Set on <html lang> before the first
 * render, so every element (and the screen reader) follows it.
 */
const KEY = 'vitrina:console-lang';

/** The languages the consoles ship, by their own names, for the switcher. */
export const CONSOLE_LANGUAGES: Record<string, string> = { en: 'English', ru: 'Русский' };

export function applyConsoleLanguage(): string {
  let chosen: string | null = null;
  try {
    chosen = localStorage.getItem(KEY);
  } catch {
    // storage blocked: the browser's language then
  }
  const browser = (navigator.language || 'en').split('-')[0] ?? 'en';
  const lang = chosen && chosen in CONSOLE_LANGUAGES ? chosen : browser in CONSOLE_LANGUAGES ? browser : 'en';
  document.documentElement.lang = lang;
  return lang;
}

/** Switches every console element on the page to `lang` and remembers it. */
export function chooseConsoleLanguage(lang: string, root: Element): void {
  try {
    localStorage.setItem(KEY, lang);
  } catch {
    // storage blocked: the choice lasts for this page
  }
  document.documentElement.lang = lang;
  // Lit does not watch <html lang>: ask every console element under `root` to render again.
  const walk = (el: Element) => {
    if ('requestUpdate' in el && typeof el.requestUpdate === 'function') (el.requestUpdate as () => void)();
    for (const child of [...el.children, ...(el.shadowRoot ? [...el.shadowRoot.children] : [])]) walk(child);
  };
  walk(root);
}
