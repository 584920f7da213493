import { AccessToken, TrackSource } from 'livekit-server-sdk';

interface Keys {
  apiKey: string;
  apiSecret: string;
}

/**
 * A shopper may join only their own call's room, for `ttlS` seconds, and publish only camera,
 * microphone and a shared screen. They cannot send data (chat goes through our API) or change
 * metadata; the server decides everything else.
 */
export function mintShopperToken(keys: Keys, o: { room: string; identity: string; ttlS: number }): Promise<string> {
  const token = new AccessToken(keys.apiKey, keys.apiSecret, { identity: o.identity, name: 'Shopper', ttl: o.ttlS });
  token.addGrant({
    room: o.room,
    roomJoin: true,
    canPublish: true,
    canPublishSources: [TrackSource.CAMERA, TrackSource.MICROPHONE, TrackSource.SCREEN_SHARE],
    canSubscribe: true,
    canPublishData: false,
    canUpdateOwnMetadata: false,
  });
  return token.toJwt();
}

/** An agent's token opens only the one call offered to them, and lets them share a screen too. */
export function mintAgentToken(keys: Keys, o: { room: string; identity: string; name: string; ttlS: number }): Promise<string> {
  const token = new AccessToken(keys.apiKey, keys.apiSecret, { identity: o.identity, name: o.name, ttl: o.ttlS });
  token.addGrant({
    room: o.room,
    roomJoin: true,
    canPublish: true,
    canPublishSources: [TrackSource.CAMERA, TrackSource.MICROPHONE, TrackSource.SCREEN_SHARE, TrackSource.SCREEN_SHARE_AUDIO],
    canSubscribe: true,
    canPublishData: false,
    canUpdateOwnMetadata: false,
  });
  return token.toJwt();
}

/**
 * `npm run doctor`'s probe: one throwaway room, hidden, for `ttlS` seconds, publishing one
 * microphone track to nobody (a browser opens its media connection only to carry media) and
 * nothing else. It proves a network path and opens no call.
 */
export function mintProbeToken(keys: Keys, o: { room: string; ttlS: number }): Promise<string> {
  const token = new AccessToken(keys.apiKey, keys.apiSecret, { identity: 'doctor', name: 'Doctor', ttl: o.ttlS });
  token.addGrant({
    room: o.room,
    roomJoin: true,
    hidden: true,
    canSubscribe: false,
    canPublish: true,
    canPublishSources: [TrackSource.MICROPHONE],
    canPublishData: false,
    canUpdateOwnMetadata: false,
  });
  return token.toJwt();
}

/**
 * The server's recorder: joins one call's room hidden (nobody sees it in the participant
 * list) and may only subscribe. Short-lived: it is used at once, and LiveKit refreshes a
 * connected participant's token by itself. Not LiveKit's `recorder` grant: that lets a
 * participant past the parties' subscription permissions, and ours must receive nothing until
 * both have let it in (test/recordings: "joins at the ring, yet receives nothing…").
 */
export function mintRecorderToken(keys: Keys, o: { room: string; identity: string }): Promise<string> {
  const token = new AccessToken(keys.apiKey, keys.apiSecret, { identity: o.identity, name: 'Recorder', ttl: 60 });
  token.addGrant({
    room: o.room,
    roomJoin: true,
    hidden: true,
    canSubscribe: true,
    canPublish: false,
    canPublishData: false,
    canUpdateOwnMetadata: false,
  });
  return token.toJwt();
}
