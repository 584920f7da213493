declare const __VITRINA_VERSION__: string | undefined;
const version = typeof __VITRINA_VERSION__ === 'string' ? __VITRINA_VERSION__ : 'dev';

type Versioned = CustomElementConstructor & { vitrinaVersion?: string };

/**
 * Registers an element unless the page already has it: the same script twice is a no-op, and
 * another version already there is kept with a warning, never an exception on a shop's page.
 */
export function define(tag: string, element: CustomElementConstructor): void {
  const existing: Versioned | undefined = customElements.get(tag);
  if (!existing) {
    (element as Versioned).vitrinaVersion = version;
    customElements.define(tag, element);
  } else if (existing.vitrinaVersion !== version) {
    console.warn(`[vitrina] <${tag}> is already defined by another script (${existing.vitrinaVersion ?? 'unknown'}); keeping it.`);
  }
}
