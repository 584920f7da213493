/**
 * How long the other side's camera may stop arriving, sound going on and the SFU not saying it
 * paused it, before the session asks the SFU for it afresh. Seen in the fault suite: after every
 * packet to the SFU was dropped for 15 s and the connection resumed, one subscriber's video
 * never came back (no frames, no congestion in the SFU's log, the other direction fine). A fresh
 * subscription is meant to give a fresh forwarder and a key frame (docs/reliability.md says
 * what is shown of it so far).
 */
export const REVIVE_AFTER_MS = 5_000;
/** At most one fresh subscription this often, so a link that truly cannot carry video is not churned. */
export const REVIVE_EVERY_MS = 15_000;

export interface VideoFlowState {
  /**
   * For how long no video frame has arrived (0 while frames arrive, or when none are expected),
   * counted from the link's return at the earliest: after an outage a video takes a few seconds
   * (a key frame) to come back by itself, and asking afresh then only adds a renegotiation.
   */
  videoStalledMs: number;
  /** Sound still arrives: the link is up and only the video is stuck. */
  audioFlowing: boolean;
  /** The SFU itself paused this video (a slow link): its own business, it resumes by itself. */
  pausedBySfu: boolean;
  /** The room is connected (not resuming, not rejoining). */
  connected: boolean;
  /** The SFU rates our own link poor or lost: a slow link, not a stuck forwarder. */
  linkPoor: boolean;
  /** When the last fresh subscription was asked for (epoch ms), if ever. */
  lastRevivalAt: number | undefined;
  now: number;
}

/** Whether the other side's video is stuck in a way that only a fresh subscription mends. */
export function videoNeedsRevival(s: VideoFlowState): boolean {
  if (!s.connected || s.linkPoor || s.pausedBySfu || !s.audioFlowing) return false;
  if (s.videoStalledMs < REVIVE_AFTER_MS) return false;
  return s.lastRevivalAt === undefined || s.now - s.lastRevivalAt >= REVIVE_EVERY_MS;
}
