/** The one place that names the livekit-server release this project runs and tests against. */
export const LIVEKIT_SERVER_VERSION = '1.13.5';
export const LIVEKIT_SERVER_MODULE = 'github.com/livekit/livekit-server/cmd/server';
