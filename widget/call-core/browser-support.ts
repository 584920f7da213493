/**
 * Whether this browser can make a video call at all. Some cannot: WebKitGTK builds without
 * WebRTC (Debian's, for one), Firefox with `media.peerconnection.enabled` off, privacy
 * extensions that remove it. There `RTCPeerConnection` is missing, and a call would be put in
 * line, ring a consultant and then fail to connect; the shopper is offered a call-back instead.
 */
export const canVideoCall = (): boolean => typeof RTCPeerConnection === 'function';
