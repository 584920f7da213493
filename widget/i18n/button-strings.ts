import { pickStrings } from './lang.js';

/**
 * The only words the button shows before a click. The panel's tables (en.ts, ru.ts) include
 * them and load with the panel; the page pays for these two lines per language only.
 */
interface ButtonStrings {
  callButton: string;
  requestCallback: string;
}

export const buttonStrings: Record<'en' | 'ru', ButtonStrings> = {
  en: { callButton: 'Video call a consultant', requestCallback: 'Request a call back' },
  ru: { callButton: 'Видеозвонок консультанту', requestCallback: 'Заказать обратный звонок' },
};

export function buttonStringsFor(element: Element): ButtonStrings {
  return pickStrings<ButtonStrings>(element, buttonStrings, buttonStrings.en);
}
