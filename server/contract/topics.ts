/**
 * The LiveKit data topics the server publishes on. Kept apart from the zod schemas so that
 * browsers can import them without carrying zod.
 */
export const CHAT_TOPIC = 'vitrina.chat';
