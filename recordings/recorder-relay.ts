import type { Bus } from '../server/cluster/bus.js';
import type { CallRecorder, RecorderNews } from './recording-service.js';

/**
 * Several servers: the call service on one server answers or ends a call whose recorder may run
 * on another. Every answer and end is told to every server's recorder; the call's lease decides
 * which one acts (the others find it held and do nothing).
 */
export function relayRecorder(recorder: CallRecorder & { heard(news: RecorderNews): void }, bus: Bus): CallRecorder {
  bus.subscribe('recorder', (news) => recorder.heard(news));
  return {
    identityFor: (callId) => recorder.identityFor(callId),
    callRinging: (callId) => recorder.callRinging(callId),
    callAnswered(callId, at) {
      // Here first, without waiting for the bus: a recorder that joined at the ring here is ready now.
      recorder.callAnswered(callId, at);
      bus.publish('recorder', { callId, event: 'answered', at });
    },
    callEnded(callId) {
      bus.publish('recorder', { callId, event: 'ended' });
      return recorder.callEnded(callId);
    },
  };
}
