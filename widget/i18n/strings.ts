import { en, type Strings } from './en.js';
import { ru } from './ru.js';
import { pickStrings } from './lang.js';

export { langOf, languageOf } from './lang.js';

const languages: Record<string, Strings> = { en, ru };

export function stringsFor(element: Element): Strings {
  return pickStrings(element, languages, en);
}
