/** The steps of starting a call, as User Timing marks (`vitrina:<step>`): the shop's own performance tools and our benches read them. */
export type CallStep = 'call-start' | 'call-created' | 'room-connect' | 'room-connected' | 'media-ready' | 'media-published';

export function markStep(step: CallStep): void {
  // Engines without User Timing (or a page that replaced it) just go without.
  try {
    performance.mark(`vitrina:${step}`);
  } catch {
    /* nothing to mark with */
  }
}
