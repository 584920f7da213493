/** How long a count may stand still before the flow counts as stalled. */
export const STALL_MS = 2500;

/**
 * Whether something keeps arriving on a remote track — frames for video, bytes for sound
 * (livekit-client reports no packet count for sound) — judged from counts sampled from WebRTC's receiver statistics.
 */
export class FlowGauge {
  private count = -1;
  private since = 0;
  stalled = false;

  /** Takes the latest count (`undefined`: nothing to expect, e.g. the track is muted); says whether `stalled` changed. */
  update(count: number | undefined, now: number): boolean {
    if (count === undefined) return this.set(false, -1, now);
    if (count !== this.count) return this.set(false, count, now);
    return now - this.since > STALL_MS ? this.set(true, count, now) : false;
  }

  /** For how long the count has stood still, once stalled (0 otherwise). */
  stalledFor(now: number): number {
    return this.stalled ? now - this.since : 0;
  }

  private set(stalled: boolean, count: number, now: number): boolean {
    if (count !== this.count) this.since = now;
    this.count = count;
    const changed = stalled !== this.stalled;
    this.stalled = stalled;
    return changed;
  }
}
