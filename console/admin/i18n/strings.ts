import { pickStrings } from '../../../widget/i18n/lang.js';
import { en, type AdminStrings } from './en.js';
import { ru } from './ru.js';

export type { AdminStrings };

export function adminStrings(element: Element): AdminStrings {
  return pickStrings(element, { en, ru }, en);
}
