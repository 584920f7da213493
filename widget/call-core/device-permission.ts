import type { MediaChoice } from './call-session.js';

/**
 * Whether the browser will hand over the devices this choice needs without a prompt (the shopper
 * granted them to this shop before). False when it cannot tell: an engine without the
 * Permissions API, or without the `camera` and `microphone` names in it, is treated as asking.
 */
export async function devicesGranted(choice: MediaChoice = { camera: true, microphone: true }): Promise<boolean> {
  const needed: PermissionName[] = [];
  if (!choice.chatOnly && choice.microphone) needed.push('microphone');
  if (!choice.chatOnly && choice.camera && !choice.audioOnly) needed.push('camera');
  if (needed.length === 0) return true;
  try {
    const states = await Promise.all(needed.map((name) => navigator.permissions.query({ name })));
    return states.every((s) => s.state === 'granted');
  } catch {
    return false;
  }
}
