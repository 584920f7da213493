/**
 * Whether this browser can make a video call at all. Some cannot: WebKitGTK builds without
 * WebRTC (Debian's, for one), Firefox with `media.peerconnection.enabled` off, privacy
 * extensions that remove it. There `RTCPeerConnection` is missing, and a call would be put in
 * line, ring a consultant and then fail to connect; the shopper is offered a call-back instead.
 */
export const canVideoCall = (): boolean => typeof RTCPeerConnection === 'function' && livekitRuns();

/**
 * livekit-client's signalling calls `Object.hasOwn` on every connect (its state machine), so an
 * engine without it — Safari before 15.4 (iOS 14, 15.0–15.3), Chrome before 93, Firefox before 92 —
 * has WebRTC and still cannot join; it is told so before it rings anyone, as one without WebRTC is.
 */
const livekitRuns = (): boolean => typeof (Object as { hasOwn?: unknown }).hasOwn === 'function';
