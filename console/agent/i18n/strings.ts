import { pickStrings } from '../../../widget/i18n/lang.js';
import { en, type AgentStrings } from './en.js';
import { ru } from './ru.js';

export type { AgentStrings };

export function agentStrings(element: Element): AgentStrings {
  return pickStrings(element, { en, ru }, en);
}
