import { pickStrings } from './lang.js';

/**
 * The only words the button shows before the panel loads. The panel's tables (en.ts, ru.ts) include
 * them and load with the panel; the page pays for these two lines per language only.
 */
interface ButtonStrings {
  callButton: string;
  requestCallback: string;
  /** While the panel's code loads after the click (seconds on a slow phone). */
  opening: string;
}

export const buttonStrings: Record<'en' | 'ru', ButtonStrings> = {
  en: { callButton: 'Video call a consultant', requestCallback: 'Request a call back', opening: 'Opening…' },
  ru: { callButton: 'Видеозвонок консультанту', requestCallback: 'Заказать обратный звонок', opening: 'Открываем…' },
};

export function buttonStringsFor(element: Element): ButtonStrings {
  return pickStrings<ButtonStrings>(element, buttonStrings, buttonStrings.en);
}
