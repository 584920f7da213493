import { en, type Strings } from './en.js';
import { ru } from './ru.js';
import { langOf } from './lang.js';

export { langOf, languageOf } from './lang.js';

const languages: Record<string, Strings> = { en, ru };

export function stringsFor(element: Element): Strings {
  const lang = langOf(element);
  return languages[lang] ?? languages[lang.split('-')[0] ?? 'en'] ?? en;
}
